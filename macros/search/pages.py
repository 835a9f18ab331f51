"""Read a built page's article into search units: the part before the first
h2/h3 heading, then one unit per h2/h3 heading (text up to the next one).

Each unit keeps its heading, the heading's anchor, its running text, and the
text of links to other pages apart (listings repeat other pages' names).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

UNIT_HEADINGS = {"h2", "h3"}
SKIPPED = {"script", "style", "button", "svg", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Unit:
    heading: str = ""
    anchor: str = ""
    text: list = field(default_factory=list)
    link_text: list = field(default_factory=list)


class _ArticleReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units = [Unit()]
        self.h1 = []
        self._article_depth = 0  # > 0 inside <article class="md-content__inner">
        self._skip_depth = 0
        self._heading = None  # (tag, parts) while inside h1/h2/h3
        self._link_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        if not self._article_depth:
            if tag == "article" and "md-content__inner" in (attrs.get("class") or ""):
                self._article_depth = 1
            return
        self._article_depth += 1
        if self._skip_depth or tag in SKIPPED:
            self._skip_depth += 1
            return
        if tag == "h1" or tag in UNIT_HEADINGS:
            self._heading = (tag, [])
            if tag in UNIT_HEADINGS:
                self.units.append(Unit(anchor=attrs.get("id") or ""))
        elif tag == "a" and self._link_depth:
            self._link_depth += 1
        elif tag == "a" and _leads_elsewhere(attrs):
            self._link_depth = 1

    def handle_endtag(self, tag):
        if not self._article_depth or tag in VOID:
            return
        self._article_depth -= 1
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if self._heading and tag == self._heading[0]:
            text = " ".join("".join(self._heading[1]).split())
            if tag == "h1":
                self.h1.append(text)
            else:
                self.units[-1].heading = text
            self._heading = None
        elif tag == "a" and self._link_depth:
            self._link_depth -= 1

    def handle_data(self, data):
        if not self._article_depth or self._skip_depth:
            return
        if self._heading:
            self._heading[1].append(data)
        elif self._link_depth:
            self.units[-1].link_text.append(data)
        else:
            self.units[-1].text.append(data)


def _leads_elsewhere(attrs):
    """A link to another page; a download (签到表, 活动方案（Word）) is this page's own file."""
    href = attrs.get("href")
    return bool(href) and not href.startswith("#") and "download" not in attrs


def article_of(html):
    """The <article> of a built page: the search and the downloads need only it
    (on large sites the nav around it is most of every page)."""
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    return html[start : end + len("</article>")] if 0 <= start < end else html


def read_units(html):
    """Return (h1 texts, units) of a built page or its article."""
    reader = _ArticleReader()
    reader.feed(html)
    reader.close()
    return reader.h1, reader.units
