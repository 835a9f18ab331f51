"""Quality gates over the built documents (plans, sections, activities):
original, current, no raw placeholders or ads, Simplified Chinese, Chinese
punctuation checked by an existing linter (autocorrect)."""

import functools
import html
import re
import sys

import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT
from helpers import SHOWN_TEXT, front_matter, page_tree, shown_text, with_class, word_text

sys.path.insert(0, str(ROOT))
from macros.quality import (  # noqa: E402
    ADS_AND_SOURCES,
    AND_CHAIN,
    DOUBLED_WORD,
    PLACEHOLDERS,
    STALE,
    ZERO_WIDTH,
    punctuation_fixed,
    punctuation_problems,
    title_problems,
    traditional_chars,
    writer_note_lines,
)
from tools import originality  # noqa: E402

CONTENT_DIRS = ["plans", "documents", "sections", "activities"]


@functools.cache  # read by several tests
def content_sources():
    """Markdown sources of the documents (plans, sections, activities)."""
    paths = [p for d in CONTENT_DIRS for p in sorted((ROOT / "docs" / d).glob("*.md"))]
    return [p for p in paths if front_matter(p).get("kind") in {"plan", "document", "section", "activity"}]


# Whitespace between elements (no other text): one line break or space, as
# an HTML parser's tree for people (BeautifulSoup) gives it.
LAYOUT_SPACE = re.compile(r"[ \n\t\f\r]*")


def lines_of(element):
    """The element's texts, one a line; a fill-in emptied leaves a line break where it was."""
    texts = []
    for text in element.xpath(SHOWN_TEXT):
        owner = text.getparent().getparent() if text.is_tail else text.getparent()
        if LAYOUT_SPACE.fullmatch(text) and not owner.xpath("ancestor-or-self::pre or ancestor-or-self::textarea"):
            text = "\n" if "\n" in text else " "
        texts.append(text)
    return "\n".join(texts)


def document_text(site, source):
    """The text a reader copies: the #tpl-doc of the built page, fill-ins removed."""
    url = source.relative_to(ROOT / "docs").with_suffix("")
    tree = page_tree(site / url / "index.html")
    doc = tree.get_element_by_id("tpl-doc", None)
    assert doc is not None, f"{url}: no #tpl-doc"
    for fill in doc.xpath(f".//*[{with_class('tpl-fill')}]"):
        tail = fill.tail
        fill.clear()  # its text and children; clear() takes the tail too, given back
        fill.tail = tail
    intro = tree.xpath(f"//*[{with_class('tpl-intro')}]")
    return lines_of(doc) + ("\n" + lines_of(intro[0]) if intro else "")


@pytest.fixture(scope="session")
def texts(site):
    return {str(p.relative_to(ROOT)): document_text(site, p) for p in content_sources()}


def test_enough_content():
    kinds = {}
    for path in content_sources():
        kinds.setdefault(get_data(path.read_text(encoding="utf-8"))[1]["kind"], []).append(path)
    assert len(kinds["plan"]) + len(kinds["document"]) >= 57 and len(kinds["section"]) >= 12 and len(kinds["activity"]) >= 116


def test_no_text_copied_from_the_reference_documents():
    """tools/originality.py against the fingerprints of the reference documents (tests/test_originality.py)."""
    found = originality.check([ROOT / "docs"])
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize(
    "pattern",
    [PLACEHOLDERS, ADS_AND_SOURCES, STALE, ZERO_WIDTH, DOUBLED_WORD, AND_CHAIN],
    ids=["placeholders", "ads", "stale", "zero-width", "doubled-word", "and-chain"],
)
def test_no_bad_phrases(texts, pattern):
    found = {path: sorted(set(pattern.findall(text))) for path, text in texts.items() if pattern.search(text)}
    assert not found


def test_simplified_characters_only(texts):
    traditional = {path: traditional_chars(text) for path, text in texts.items() if traditional_chars(text)}
    assert not traditional


def test_chinese_punctuation_by_autocorrect():
    problems = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        body, meta = get_data(path.read_text(encoding="utf-8"))
        found = punctuation_problems(body)
        for key, value in meta.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and punctuation_fixed(item) != item:
                    found.append((key, item, punctuation_fixed(item)))
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert not problems


def test_writer_notes_only_in_admonitions():
    """A "依据：" line outside an admonition would enter the Word file and the copied text."""
    found = {str(p.relative_to(ROOT)): writer_note_lines(get_data(p.read_text(encoding="utf-8"))[0]) for p in content_sources()}
    assert not {path: lines for path, lines in found.items() if lines}


def test_the_checks_catch_what_they_should():
    """Each gate fails on a sample of what the template websites publish."""
    assert PLACEHOLDERS.search("xx社区20xx年开展X个活动")
    assert ADS_AND_SOURCES.search("社区工作计划范文精选8篇")
    assert STALE.search("以邓小平理论和“三个代表”重要思想为指导") and STALE.search("深入开展六五普法")
    assert traditional_chars("精神文明建設") == ["設"]
    assert punctuation_problems("社区召开会议,部署全年工作.\n")
    assert writer_note_lines('正文。\n\n依据：某文件。\n\n!!! note "依据"\n\n    依据：另一文件。\n') == [3]


def test_summary_states_no_invented_numbers(site):
    """In the year-end summary every figure is a fill-in or a variable."""
    doc = page_tree(site / "plans/annual-summary/index.html").get_element_by_id("tpl-doc")
    assert len(doc.xpath(f".//*[{with_class('tpl-fill')}]")) >= 15
    for element in doc.xpath(f".//*[{with_class('tpl-fill')} or @data-var or {with_class('tpl-signature')}]"):
        element.drop_tree()  # its tail, the text after it, stays
    assert not re.findall(r"\d+", shown_text(doc))


# Words of the web page's interface that must never reach a download.
INTERFACE_TEXT = re.compile(
    r"复制本节|复制全文|下载 Word|加入年度计划|我的信息|本活动的文件|什么时候用|要改哪些地方|填写说明|^\s*(?:写法|依据)[：:]",
    re.M,
)


def download_texts(site):
    """{file: text} of every generated Word and plain-text file of the site."""
    texts = {}
    for path in sorted(site.rglob("*.docx")):
        texts[path] = word_text(path)
    for path in sorted(site.rglob("*.txt")):
        texts[path] = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # the BOM is for Windows programs
    return {str(path.relative_to(site)): html.unescape(text) for path, text in texts.items()}


@pytest.fixture(scope="session")
def downloads(site):
    found = download_texts(site)
    assert (
        sum(name.endswith(".docx") for name in found) >= 45 + 3 * 110 and sum(name.endswith(".txt") for name in found) >= 45 + 110
    )
    return found


def test_every_download_passes_the_phrase_gates(downloads):
    for pattern in (PLACEHOLDERS, ADS_AND_SOURCES, STALE, ZERO_WIDTH, INTERFACE_TEXT, DOUBLED_WORD, AND_CHAIN):
        found = {name: sorted(set(pattern.findall(text))) for name, text in downloads.items() if pattern.search(text)}
        assert not found, pattern.pattern


def test_every_download_is_in_simplified_characters(downloads):
    found = {name: chars for name, text in downloads.items() if (chars := traditional_chars(text))}
    assert not found


def test_every_plain_text_download_has_chinese_punctuation(downloads):
    found = {
        name: problems for name, text in downloads.items() if name.endswith(".txt") and (problems := punctuation_problems(text))
    }
    assert not found


def test_no_download_copies_the_reference_documents(downloads):
    prints = originality.load()
    found = [run for name, text in downloads.items() for run in originality.runs_in(text, prints, name)]
    assert not found, "\n".join(map(str, found))


def test_the_download_gates_catch_interface_text(tmp_path):
    assert INTERFACE_TEXT.search("点“加入年度计划”") and INTERFACE_TEXT.search("正文\n写法：先写时间")
    assert not INTERFACE_TEXT.search("居民填写意见反馈表") and not INTERFACE_TEXT.search("在器材旁张贴使用说明")


def test_the_slip_gates_catch_what_a_checker_catches():
    """Doubled words, chains of 和 and unquoted campaigns in titles (issue 18)."""
    assert DOUBLED_WORD.search("幸福社区社区运动会活动方案") and DOUBLED_WORD.search("七一·党员主题活动活动方案")
    assert DOUBLED_WORD.search("写好的的材料")
    assert not DOUBLED_WORD.search("家家户户天天讲，常常做，人人参与，一项一项落实，和平街道和和美村")
    assert AND_CHAIN.search("学习习近平新时代中国特色社会主义思想和党的二十大和二十届历次全会精神和“十五五”规划")
    assert AND_CHAIN.search("深入学习贯彻党的二十大和二十届历次全会精神和习近平文化思想")
    assert not AND_CHAIN.search("组织党员和居民学习法律和政策；全面贯彻党的二十大和二十届历次全会精神")
    assert title_problems("幸福社区我们的节日·中秋活动方案") and title_problems("身边好人推荐表")
    assert not title_problems("幸福社区“我们的节日·中秋”活动方案") and not title_problems("双拥共建·“八一”慰问")
    assert not title_problems("庆祝八一建军节座谈会") and title_problems("八一慰问")
    assert title_problems("社区运动会", "activity") and title_problems("“七一”党员主题活动", "activity")
    assert not title_problems("社区精神文明建设年度工作总结", "plan")


def test_titles_quote_named_campaigns(site, downloads):
    """Every page title, every document heading and every download's first
    line (the 活动方案 title is the holder's name, the activity and 活动方案)."""
    found = {}
    for path in content_sources():
        meta = get_data(path.read_text(encoding="utf-8"))[1]
        title = meta["title"]
        if title_problems(title, meta["kind"]):
            found[str(path.relative_to(ROOT))] = title
        url = path.relative_to(ROOT / "docs").with_suffix("")
        heading = page_tree(site / url / "index.html").xpath("//*[@id='tpl-doc']//h1")
        if heading and title_problems(shown_text(heading[0])):
            found[f"{url}: h1"] = shown_text(heading[0])
    for name, text in downloads.items():
        first = next((line for line in text.split("\n") if line.strip()), "")
        if title_problems(first):
            found[name] = first
    assert not found


def test_dates_follow_the_order_of_the_documents():
    """区 要点 before the 街道 plan before the 社区 plan before the specialised
    plans; summaries in December, the 街道 after its 社区; every 成文日期 on a
    weekday; each plan kind dated by its own variable."""
    import datetime

    from macros.variables import load_definitions

    values = load_definitions()  # the dates are derived from 年度 (variables.yml derive)

    def day(name):
        match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", values[name]["value"])
        assert match, f"data/variables.yml: {name} is not a date written 2026年1月16日"
        return datetime.date(*map(int, match.groups()))

    order = [
        "district_points_date",
        "street_plan_date",
        "issue_date",
        "special_plan_date",
        "half_year_date",
        "summary_date",
        "street_summary_date",
    ]
    days = [day(name) for name in order]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert all(d.weekday() < 5 for d in days)
    assert day("summary_date").month == 12 and day("street_summary_date").month == 12
    dated = {p.stem: get_data(p.read_text(encoding="utf-8"))[1].get("dated") for p in (ROOT / "docs/plans").glob("*.md")}
    assert dated["district-key-points"] == "district_points_date" and dated["street-annual-plan"] == "street_plan_date"
    assert dated["community-annual-plan"] == "issue_date" and dated["street-annual-summary"] == "street_summary_date"
    assert dated["volunteer-service-plan"] == "special_plan_date"
