"""Quality gates over the built documents (plans, sections, activities):
original, current, no raw placeholders or ads, Simplified Chinese, Chinese
punctuation checked by an existing linter (autocorrect)."""

import re
import subprocess
import sys

import autocorrect_py
import opencc
import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import ROOT

ORIGINALITY = ROOT.parent / "shared/tools/originality.py"
CONTENT_DIRS = ["plans", "documents", "sections", "activities"]

PLACEHOLDERS = re.compile(r"XX|xx|ＸＸ|××|20[xX×]{2}|[XＸ]个|\*\*区|＿＿|__|某某|\d{2}_年")
ADS_AND_SOURCES = re.compile(r"篇[一二三四五六七八九十\d]+[:：]|精选\d*篇|通用\d+篇|范文|下面我(帮|为)大家|仅供参考|免费下载|更多相关|本文由|转载|www\.|https?://")
STALE = re.compile(r"十七大|十八大|十九大|三个代表|科学发展观|十[二三]五|[五六七八]五”?普法|群众路线教育实践")
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def content_sources():
    """Markdown sources of the documents (plans, sections, activities)."""
    paths = [p for d in CONTENT_DIRS for p in sorted((ROOT / "docs" / d).glob("*.md"))]
    return [p for p in paths if get_data(p.read_text(encoding="utf-8"))[1].get("kind") in {"plan", "document", "section", "activity"}]


def document_text(site, source):
    """The text a reader copies: the #tpl-doc of the built page, fill-ins removed."""
    url = source.relative_to(ROOT / "docs").with_suffix("")
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")
    doc = soup.select_one("#tpl-doc")
    assert doc is not None, f"{url}: no #tpl-doc"
    for fill in doc.select(".tpl-fill"):
        fill.decompose()
    intro = soup.select_one(".tpl-intro")
    return doc.get_text("\n") + ("\n" + intro.get_text("\n") if intro else "")


@pytest.fixture(scope="module")
def texts(site):
    return {str(p.relative_to(ROOT)): document_text(site, p) for p in content_sources()}


def test_enough_content():
    kinds = {}
    for path in content_sources():
        kinds.setdefault(get_data(path.read_text(encoding="utf-8"))[1]["kind"], []).append(path)
    assert len(kinds["plan"]) >= 10 and len(kinds["section"]) >= 12 and len(kinds["activity"]) >= 60


def test_no_text_copied_from_the_reference_documents():
    if not ORIGINALITY.exists():
        pytest.fail(f"{ORIGINALITY} is missing: the shared tools sit beside the repository")
    result = subprocess.run([sys.executable, str(ORIGINALITY), str(ROOT / "docs")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("pattern", [PLACEHOLDERS, ADS_AND_SOURCES, STALE, ZERO_WIDTH], ids=["placeholders", "ads", "stale", "zero-width"])
def test_no_bad_phrases(texts, pattern):
    found = {path: sorted(set(pattern.findall(text))) for path, text in texts.items() if pattern.search(text)}
    assert not found


def test_simplified_characters_only(texts):
    to_simplified = opencc.OpenCC("t2s")
    traditional = {}
    for path, text in texts.items():
        chars = {a for a, b in zip(text, to_simplified.convert(text)) if a != b}
        if chars:
            traditional[path] = sorted(chars)
    assert not traditional


def _punctuation_problems(text):
    return [(line.line, line.old, line.new) for line in autocorrect_py.lint_for(text, "md").lines]


def test_chinese_punctuation_by_autocorrect():
    autocorrect_py.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))
    problems = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        body, meta = get_data(path.read_text(encoding="utf-8"))
        found = _punctuation_problems(body)
        for key, value in meta.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and autocorrect_py.format(item) != item:
                    found.append((key, item, autocorrect_py.format(item)))
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert not problems


def test_the_checks_catch_what_they_should():
    """Each gate fails on a sample of what the template websites publish."""
    assert PLACEHOLDERS.search("xx社区20xx年开展X个活动")
    assert ADS_AND_SOURCES.search("社区工作计划范文精选8篇")
    assert STALE.search("以邓小平理论和“三个代表”重要思想为指导") and STALE.search("深入开展六五普法")
    assert opencc.OpenCC("t2s").convert("精神文明建設") != "精神文明建設"
    autocorrect_py.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))
    assert _punctuation_problems("社区召开会议,部署全年工作.\n")


def test_summary_states_no_invented_numbers(site):
    """In the year-end summary every figure is a fill-in or a variable."""
    soup = BeautifulSoup((site / "plans/annual-summary/index.html").read_text(encoding="utf-8"), "lxml")
    doc = soup.select_one("#tpl-doc")
    assert len(doc.select(".tpl-fill")) >= 15
    for element in doc.select(".tpl-fill, [data-var], .tpl-signature"):
        element.decompose()
    assert not re.findall(r"\d+", doc.get_text())
