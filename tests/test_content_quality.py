"""Quality gates over the built documents (plans, sections, activities):
original, current, no raw placeholders or ads, Simplified Chinese, Chinese
punctuation checked by an existing linter (autocorrect)."""

import html
import re
import subprocess
import sys
import zipfile

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from macros.quality import (ADS_AND_SOURCES, PLACEHOLDERS, STALE, ZERO_WIDTH, punctuation_fixed,  # noqa: E402
                            punctuation_problems, traditional_chars, writer_note_lines)

ORIGINALITY = ROOT.parent / "shared/tools/originality.py"
CONTENT_DIRS = ["plans", "documents", "sections", "activities"]


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
    assert len(kinds["plan"]) + len(kinds["document"]) >= 57 and len(kinds["section"]) >= 12 and len(kinds["activity"]) >= 116


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
    assert writer_note_lines("正文。\n\n依据：某文件。\n\n!!! note \"依据\"\n\n    依据：另一文件。\n") == [3]


def test_summary_states_no_invented_numbers(site):
    """In the year-end summary every figure is a fill-in or a variable."""
    soup = BeautifulSoup((site / "plans/annual-summary/index.html").read_text(encoding="utf-8"), "lxml")
    doc = soup.select_one("#tpl-doc")
    assert len(doc.select(".tpl-fill")) >= 15
    for element in doc.select(".tpl-fill, [data-var], .tpl-signature"):
        element.decompose()
    assert not re.findall(r"\d+", doc.get_text())


# Words of the web page's interface that must never reach a download.
INTERFACE_TEXT = re.compile(r"复制本节|复制全文|下载 Word|加入年度计划|我的信息|本活动的文件|什么时候用|要改哪些地方|填写说明|^\s*(?:写法|依据)[：:]", re.M)


def download_texts(site):
    """{file: text} of every generated Word and plain-text file of the site."""
    texts = {}
    for path in sorted(site.rglob("*.docx")):
        with zipfile.ZipFile(path) as package:
            xml = package.read("word/document.xml").decode("utf-8")
        paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
        texts[path] = "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)
    for path in sorted(site.rglob("*.md")):
        texts[path] = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # the BOM is for Windows programs
    return {str(path.relative_to(site)): html.unescape(text) for path, text in texts.items()}


@pytest.fixture(scope="module")
def downloads(site):
    found = download_texts(site)
    assert sum(name.endswith(".docx") for name in found) >= 45 + 3 * 110 and sum(name.endswith(".md") for name in found) >= 45 + 110
    return found


def test_every_download_passes_the_phrase_gates(downloads):
    for pattern in (PLACEHOLDERS, ADS_AND_SOURCES, STALE, ZERO_WIDTH, INTERFACE_TEXT):
        found = {name: sorted(set(pattern.findall(text))) for name, text in downloads.items() if pattern.search(text)}
        assert not found, pattern.pattern


def test_every_download_is_in_simplified_characters(downloads):
    found = {name: chars for name, text in downloads.items() if (chars := traditional_chars(text))}
    assert not found


def test_every_plain_text_download_has_chinese_punctuation(downloads):
    found = {name: problems for name, text in downloads.items() if name.endswith(".md") and (problems := punctuation_problems(text))}
    assert not found


def test_no_download_copies_the_reference_documents(downloads, tmp_path):
    for number, text in enumerate(downloads.values()):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ORIGINALITY), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_download_gates_catch_interface_text(tmp_path):
    assert INTERFACE_TEXT.search("点“加入年度计划”") and INTERFACE_TEXT.search("正文\n写法：先写时间")
    assert not INTERFACE_TEXT.search("居民填写意见反馈表") and not INTERFACE_TEXT.search("在器材旁张贴使用说明")
