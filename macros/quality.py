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
ADS_AND_SOURCES = re.compile(
    r"篇[一二三四五六七八九十\d]+[:：]|精选\d*篇|通用\d+篇|范文|下面我(帮|为)大家|仅供参考|免费下载|更多相关|本文由|转载|www\.|https?://"
)
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
            inside = holder.group(0)[skip.match(holder.group(0)).end() :]
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


# --- Gates for what a 文秘 catches at first reading (issue 18) --------------
#
# Each is a compiled pattern (finditer/findall/search), so that `make check`
# runs it through PHRASE_GATES like the phrase gates above, except the title
# gate, which reads titles only (title_problems).

# A word written twice by a careless join: a holder's name before a title
# that starts with the same word (幸福社区 + 社区运动会), an activity title
# ending in 活动 before 活动方案. Any 2-4 character word at once repeated,
# except counting doubles (一项一项, 一户一户) and the few verbs a
# document may double on purpose; and single characters that never double
# (not 和和: 和 may meet a name that starts with 和, as 和平街道).
LEGIT_DOUBLES = ("研究研究", "商量商量", "讨论讨论")
DOUBLED_WORD = re.compile(r"(?!一|每)([\u4e00-\u9fff]{2,4})\1(?<!" + r")(?<!".join(LEGIT_DOUBLES) + r")|的的|与与|及及")

# Chains of 和: three or more 和 joining parts of one clause
# (“思想和党的二十大和二十届历次全会精神和…”); a clause ends at any
# punctuation, a fill-in's brackets, a quotation or Markdown marks. 和 inside a word
# (和平, 和谐, 共和国 …) joins nothing.
_CLAUSE_END = "，。；：、！？,;:!?\n“”‘’（）()〔〕《》「」 \t.*#|"  # Markdown marks end a clause too
_WORD_HE = r"和(?=[平谐睦美气解蔼善顺衷煦约局])|(?<=[共祥温平缓柔暖调附随饱总人议讲])和"
_NOT_JOINING = rf"(?:[^和{_CLAUSE_END}]|{_WORD_HE})"
_JOINING_HE = rf"(?:(?!{_WORD_HE})和)"
_CHAIN_OF_THREE = rf"(?:(?<=[{_CLAUSE_END}])|^){_NOT_JOINING}*+{_JOINING_HE}{_NOT_JOINING}*+{_JOINING_HE}{_NOT_JOINING}*+{_JOINING_HE}(?:{_NOT_JOINING}|{_JOINING_HE})*+"


def _formulas_with_he():
    """Current formulas (variables of the group 当前提法) that contain 和
    themselves: joined by another 和 they make a chain at once."""
    import yaml

    definitions = yaml.safe_load((ROOT / "data/variables.yml").read_text(encoding="utf-8")) or {}
    return sorted(
        str(d["value"])
        for d in definitions.values()
        if isinstance(d, dict) and d.get("group") == "当前提法" and "和" in str(d.get("value", ""))
    )


def and_chain_pattern(formulas=None):
    """The chain gate: three joining 和 in a clause, or a formula containing
    和 joined to its neighbour by 和 (党的二十大和二十届历次全会精神和…)."""
    formulas = _formulas_with_he() if formulas is None else formulas
    joined = [rf"和{re.escape(f)}|{re.escape(f)}和" for f in formulas]
    return re.compile("|".join([_CHAIN_OF_THREE, *joined]), re.M)


AND_CHAIN = and_chain_pattern()

# Named campaigns and honours a title quotes (“我们的节日·中秋”, “身边好人”推荐表).
# 学雷锋 is not among them: the official usage writes it without quotation marks.
QUOTED_CAMPAIGNS = (
    "我们的节日",
    "身边好人",
    "文明家庭",
    "最美家庭",
    "新时代好少年",
    "光盘行动",
    "扣好人生第一粒扣子",
    "文明随手拍",
    "社区之星",
    "春蕾计划",
    "美德在农家",
    "五老",
    "七一",
    "八一",
    "五一",
)


# A festival's full name needs no quotation marks (八一建军节, 五一国际劳动节).
_FULL_NAMES = {"五一": "(?!国际劳动节|劳动节)", "七一": "(?!建党节)", "八一": "(?!建军节)"}


def unquoted_campaigns(title):
    """The campaign names of `title` that stand outside “…”."""
    found = []
    for name in QUOTED_CAMPAIGNS:
        for match in re.finditer(re.escape(name) + _FULL_NAMES.get(name, ""), title):
            before = title[: match.start()]
            if before.rfind("“") <= before.rfind("”"):
                found.append(name)
    return sorted(set(found))


def title_problems(title, kind=None):
    """(rule, message) for a title: campaign names it does not quote; for an
    activity, what its 活动方案 title would double: the Word file calls it
    the community's name + the title + 活动方案 (幸福社区 + 社区运动会 +
    活动方案), so the title neither starts with 社区 nor ends with 活动."""
    problems = []
    names = unquoted_campaigns(title)
    if names:
        problems.append(("campaign-quotes", f"标题中的活动名称要加引号：{'、'.join(names)}"))
    if kind == "activity" and (title.startswith("社区") or title.endswith("活动")):
        problems.append(
            ("doubled-word", f"活动方案的标题会写成“××社区{title}活动方案”，出现重复的词：标题不以“社区”开头、不以“活动”结尾")
        )
    return problems


PHRASE_GATES += [
    ("doubled-word", DOUBLED_WORD, "重复的词"),
    ("and-chain", AND_CHAIN, "“和”连用成串，改用顿号或拆句"),
]
