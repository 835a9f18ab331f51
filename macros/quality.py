"""The content gates: what counts as a problem in the text a reader gets.

One definition for the upstream tests (tests/test_content_quality.py) and for
`make check` on an edition's own pages (macros/check.py). OpenCC and
autocorrect are development dependencies (requirements-dev.txt), imported on
first use: the site's build never needs them.
"""

import re
from functools import cache

from .paths import ROOT

# Raw placeholders of copied templates: xx社区, 20xx年, X个, blanks.
PLACEHOLDERS = re.compile(r"XX|xx|ＸＸ|××|20[xX×]{2}|[XＸ]个|\*\*区|＿＿|__|某某|\d{2}_年")
# What template websites add around the text: ads, "范文" titles, sources, links.
ADS_AND_SOURCES = re.compile(r"篇[一二三四五六七八九十\d]+[:：]|精选\d*篇|通用\d+篇|范文|下面我(帮|为)大家|仅供参考|免费下载|更多相关|本文由|转载|www\.|https?://")
# Formulas of past congresses and plans, wrong as current guidance in the 2020s.
STALE = re.compile(r"十七大|十八大|十九大|三个代表|科学发展观|十[二三]五|[五六七八]五”?普法|群众路线教育实践")
# Invisible characters that break search and Word (often pasted from web pages).
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")

# The phrase gates as `make check` names them: (rule, pattern, what it found).
PHRASE_GATES = [
    ("placeholder", PLACEHOLDERS, "未替换的占位符"),
    ("ad", ADS_AND_SOURCES, "模板网站的广告、来源或链接"),
    ("stale", STALE, "过时的提法"),
    ("zero-width", ZERO_WIDTH, "看不见的零宽字符"),
]

AUTOCORRECT_CONFIG = ROOT / ".autocorrectrc"

# A writer's note ("依据：…") belongs in an admonition (!!! note "依据"), which
# stays on the web page; as a plain line it would enter Word, text and copies.
WRITER_NOTE = re.compile(r"^\s*依据[：:]")
ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)\s")


@cache
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def traditional_chars(text):
    """The characters of `text` that OpenCC writes differently in Simplified Chinese."""
    return sorted({a for a, b in zip(text, _to_simplified().convert(text)) if a != b})


@cache
def _autocorrect():
    import autocorrect_py

    autocorrect_py.load_config(AUTOCORRECT_CONFIG.read_text(encoding="utf-8"))
    return autocorrect_py


def punctuation_problems(markdown):
    """(line, old, new) for each line of Markdown autocorrect would change (GB/T 15834)."""
    return [(line.line, line.old, line.new) for line in _autocorrect().lint_for(markdown, "md").lines]


def punctuation_fixed(text):
    """A front-matter or values.yml text as autocorrect would write it."""
    return _autocorrect().format(text)


def writer_note_lines(markdown):
    """Line numbers (1-based) of writer's notes outside an admonition."""
    found, inside = [], False
    for number, line in enumerate(markdown.split("\n"), start=1):
        if ADMONITION.match(line):
            inside = True
            continue
        if inside and (not line.strip() or line.startswith(("    ", "\t"))):
            continue  # the admonition's indented body
        inside = False
        if WRITER_NOTE.match(line):
            found.append(number)
    return found


# --- Nothing in a page runs as code (issue 17) ---------------------------------
# A page, its front matter and what its macros make must never carry markup a
# browser runs: a district's page is published to every community. Checked on
# the Markdown source (with file:line) and again on the text after the macros.

_TAG = re.compile(r"<[A-Za-z][^<>]*>?")
_ATTR_LIST = re.compile(r"(?<!\{)\{(?![{%#])[^{}\n]*\}")  # Markdown's { … } attributes, not Jinja
_ACTIVE_ELEMENT = re.compile(r"<\s*(script|iframe|object|embed)\b", re.I)
# One attribute: its name and (quoted or not) value, so that "one=" inside a value is not a name.
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
_EVENT_NAME = re.compile(r"on[a-z]+", re.I)
# Browsers ignore tabs and line breaks inside a URL's scheme, and read entities.
_SCRIPT_URL = re.compile(r"(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+\d*);?")


def _entities_read(text):
    """The text with entities as the characters a browser reads (never a line break: lines keep their numbers)."""
    from html import unescape

    return _ENTITY.sub(lambda match: unescape(match.group(0)).replace("\n", " "), text)


def unsafe_markup(text):
    """(line, message) for each piece of markup in `text` that would run as code:
    <script> (and iframe, object, embed), an on…= event-handler attribute (in a
    tag or in Markdown's { } attributes), a javascript: URL."""
    found = []

    def add(start, message):
        found.append((text.count("\n", 0, start) + 1, message))

    for match in _ACTIVE_ELEMENT.finditer(text):
        add(match.start(), f"不允许 <{match.group(1).lower()}> 标签：页面里的脚本会在每个读者的浏览器里运行，请删除")
    for pattern, skip in ((_TAG, re.compile(r"<[A-Za-z][^\s/>]*")), (_ATTR_LIST, re.compile(r"\{:?"))):
        for holder in pattern.finditer(text):
            inside = holder.group(0)[skip.match(holder.group(0)).end():]
            for match in _ATTRIBUTE.finditer(inside):
                if match.group(2) and _EVENT_NAME.fullmatch(match.group(1)):
                    add(holder.start(), f"不允许事件属性 {match.group(1)}=：它会在读者的浏览器里运行脚本，请删除")
    for match in _SCRIPT_URL.finditer(_entities_read(text)):
        add(match.start(), "不允许 javascript: 链接：它会在读者的浏览器里运行脚本，请改成普通网址或站内链接")
    return sorted(found)


def refuse_unsafe_markup(shown, source, rendered=None, body_line=1):
    """For the build: stop at the first unsafe markup of a page, naming file:line.
    `source` is the whole file (front matter included); `rendered` the page's
    Markdown after the macros, whose first line is file line `body_line`."""
    from .errors import TemplateInputError

    for text, where in ((source, ""), (rendered, "（宏展开之后）")):
        problems = unsafe_markup(text) if text is not None else []
        if problems:
            line, message = problems[0]
            line = line if not where else body_line + line - 1
            raise TemplateInputError(f"{shown}:{line}{where}", None, f"no markup that runs as code: {message}", line=line)
