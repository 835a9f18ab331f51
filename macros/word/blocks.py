"""A built page's document (<div id="tpl-doc">) read as blocks: the title,
headings, paragraphs, signature lines and tables, each a list of runs (plain
text, a variable's value, a fill-in prompt). The Word file (body.py) and the
plain text (text.py) are both written from the blocks, so they hold exactly
the page's text with the edition's values, and no template exists twice.

Notes for the writer (admonitions: "依据", how-to text) are on the page only:
they are skipped here, so they never reach Word or the plain text.
"""

import re
from dataclasses import dataclass, field, replace

import lxml.html

from ..errors import BuildError
from .titles import BREAK_HINT

HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 5}
CONTAINERS = {"div", "section", "blockquote", "details", "summary", "article", "figure", "figcaption", "dl", "dd", "dt"}
SKIPPED = {"script", "style", "template", "img", "svg", "hr", "button", "input", "iframe", "video", "audio"}
WRITER_NOTE = "admonition"  # notes for the writer ("依据", how-to): on the page, never in the document
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not U+3000: a full-width space is text


@dataclass(frozen=True)
class Run:
    text: str
    var: str | None = None  # the variable whose value this is (replaceable)
    fill: bool = False  # a 〔fill-in〕 prompt
    bold: bool = False
    # The most characters a reader's value may have here (the variable's
    # max_length): a one-page form is laid out for it, since the browser
    # puts the reader's value into the finished file (download.js).
    room: int = 0


@dataclass
class Block:
    kind: str  # "title", "heading", "body", "signature" or "table"
    runs: list = field(default_factory=list)
    level: int = 0  # headings: 2 一、 3 （一） 4 1. 5 （1）
    rows: list = field(default_factory=list)  # tables: rows of (runs, is_header) cells
    widths: list | None = None  # tables: relative column widths (default: from the text)
    row_height: int = 0  # tables: minimum height of body rows, in twips (blank forms)
    name: str = ""  # tables the browser fills: data-tpl-table (see body.py)
    sealed: bool = True  # signature lines: 7.3.5 placement (signature.py)
    row_heights: list | None = None  # tables: exact heights of the body rows, in twips (one-page forms)
    photo: bool = False  # tables: a photo cell to the right of the first rows (推荐表, layout.py)
    form: bool = False  # tables: in a one-page form (tables.py: smaller cells)
    pair_last: bool = False  # tables: the last row holds two label and value pairs side by side
    heights: list | None = None  # tables: minimum heights of all rows, in twips (one-page forms, tables.py)

    @property
    def text(self):
        return "".join(run.text for run in self.runs)


# --- Built HTML to blocks ----------------------------------------------------


def document_element(html, src_path, kind):
    """The #tpl-doc element of a built page (or its article); a document page
    without one fails the build."""
    found = lxml.html.fromstring(html).xpath('//div[@id="tpl-doc"]')
    if not found:
        raise BuildError(
            f'{src_path}: {kind} page has no <div id="tpl-doc"> (see on_page_content in macros/hooks.py), so it has no Word download'
        )
    return found[0]


def read_blocks(element):
    """The blocks of a document element."""
    reader = _BlockReader()
    reader.container(element, "body")
    return reader.blocks


def read_elements(elements):
    """The blocks of some block-level children of a document element."""
    reader = _BlockReader()
    for element in elements:
        if _is_element(element):
            reader.block(element, "body")
    return reader.blocks


def _classes(element):
    return element.get("class", "").split()


def _is_element(node):
    return isinstance(node.tag, str)  # comments and processing instructions are not


class _BlockReader:
    """Walks the document tree: block elements become blocks, loose inline
    content inside a container becomes a paragraph of the container's kind."""

    def __init__(self):
        self.blocks = []
        self.marker = ""  # an ordered-list number waiting for its item's first paragraph

    def emit(self, kind, runs, level=0):
        runs = tidy(runs)
        if not runs:
            return
        if self.marker:
            runs = [Run(self.marker), *runs]
            self.marker = ""
        self.blocks.append(Block(kind, runs, level))

    def container(self, element, kind):
        pending = [Run(element.text)] if element.text else []
        for child in element:
            if _is_element(child) and self.is_block(child):
                self.emit(kind, pending)
                pending = []
                self.block(child, kind)
            elif _is_element(child):
                pending.extend(inline_runs(child))
            if child.tail:
                pending.append(Run(child.tail))
        self.emit(kind, pending)

    @staticmethod
    def is_block(element):
        return (
            element.tag in HEADING_LEVELS
            or element.tag in CONTAINERS
            or element.tag in SKIPPED
            or element.tag in {"p", "ul", "ol", "li", "table", "pre"}
        )

    def block(self, element, kind):
        tag = element.tag
        if tag in SKIPPED or WRITER_NOTE in _classes(element):
            return
        if tag in HEADING_LEVELS:
            level = HEADING_LEVELS[tag]
            self.emit("title" if level == 1 else "heading", inline_runs(element), level)
        elif "tpl-signature" in _classes(element):
            self.container(element, "signature")
        elif tag in ("ul", "ol"):
            self.list_items(element, kind, numbered=tag == "ol")
        elif tag == "table":
            self.table(element)
        elif tag in ("p", "pre", "li"):
            self.emit(kind, inline_runs(element))
        else:
            self.container(element, kind)

    def list_items(self, element, kind, numbered):
        start = int(element.get("start", "1")) if numbered else 1
        for n, item in enumerate((c for c in element if _is_element(c) and c.tag == "li"), start):
            self.marker = f"{n}." if numbered else ""  # 公文 has no bullets
            self.container(item, kind)
        self.marker = ""

    def table(self, element):
        rows = []
        for row in element.iter("tr"):
            cells = [
                (tidy(inline_runs(cell)), cell.tag == "th") for cell in row if _is_element(cell) and cell.tag in ("td", "th")
            ]
            if cells:
                rows.append(cells)
        if rows:
            widths = [int(w) for w in element.get("data-widths", "").split()] or None
            self.blocks.append(Block("table", rows=rows, name=element.get("data-tpl-table", ""), widths=widths))


def inline_runs(element, bold=False):
    """The runs of an inline element: values and fill-in prompts are runs of
    their own; strong/b make bold; br is a line break."""
    if not _is_element(element) or element.tag in SKIPPED:
        return []
    if element.get("data-var"):  # an empty text variable shows its prompt as a fill-in
        return [
            Run(
                _HTML_SPACE.sub(" ", element.text_content()),
                var=element.get("data-var"),
                bold=bold,
                fill="tpl-fill" in _classes(element),
            )
        ]
    if element.tag == "mark" and "tpl-fill" in _classes(element):
        return [Run(element.text_content(), fill=True, bold=bold)]
    if element.tag == "br":
        return [Run("\n", bold=bold)]
    if element.tag == "wbr":  # a declared break point of a title (titles.py); lxml may hang what follows on it
        return (
            [Run(BREAK_HINT, bold=bold)]
            + ([Run(element.text, bold=bold)] if element.text else [])
            + [
                run
                for child in element
                for run in inline_runs(child, bold) + ([Run(child.tail, bold=bold)] if child.tail else [])
            ]
        )
    bold = bold or element.tag in ("strong", "b")
    runs = [Run(element.text, bold=bold)] if element.text else []
    for child in element:
        runs.extend(inline_runs(child, bold))
        if child.tail:
            runs.append(Run(child.tail, bold=bold))
    return runs


def tidy(runs):
    """Collapse HTML whitespace as a browser shows it, trim the paragraph,
    and merge neighbouring plain runs of the same look."""
    result, after_space = [], True  # True: leading spaces of the paragraph go
    for run in runs:
        if run.var:
            result.append(run)
            after_space = run.text.endswith(" ")
            continue
        if run.text == "\n":
            if result and not result[-1].var:
                result[-1] = replace(result[-1], text=result[-1].text.rstrip(" "))
            result.append(run)
            after_space = True
            continue
        text = _HTML_SPACE.sub(" ", run.text)
        if after_space:
            text = text.lstrip(" ")
        if not text:
            continue
        after_space = text.endswith(" ")
        previous = result[-1] if result else None
        if previous and not previous.var and previous.text != "\n" and (previous.fill, previous.bold) == (run.fill, run.bold):
            result[-1] = replace(previous, text=previous.text + text)
        else:
            result.append(replace(run, text=text))
    while result and not result[-1].var and result[-1].text.strip(" \n") == "":
        result.pop()
    if result and not result[-1].var:
        result[-1] = replace(result[-1], text=result[-1].text.rstrip(" "))
    return result
