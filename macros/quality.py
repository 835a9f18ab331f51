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
