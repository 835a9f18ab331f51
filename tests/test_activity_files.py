"""Every activity's downloads: its 活动方案 and 信息稿 as Word 公文, the 信息稿
as plain text, and its 台账 forms as A4 Word tables; and, on every page,
notes for the writer stay out of every file."""

import html
import re
import zipfile

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from conftest import DEFAULTS, ROOT, assert_build_failed, run_build
from helpers import page_tree, shown_text, with_class, word_text

TAXONOMY = yaml.safe_load((ROOT / "data/taxonomy.yml").read_text(encoding="utf-8"))
FORMS = TAXONOMY["ledger_forms"]
PLAN_HEADINGS = ["一、活动目的", "二、时间地点", "三、参加人员", "四、活动流程", "五、分工", "六、安全保障"]
# Who heads and signs an activity's 活动方案, by its level (front matter).
HOLDERS = {
    "社区": ("community", ["party_org", "committee"]),
    "村": ("village", ["village_party_org", "village_committee"]),
    "单位": ("unit", ["unit_party_org", "unit"]),
}


def level_of(folder):
    source = (ROOT / "docs/activities" / f"{folder.name}.md").read_text(encoding="utf-8")
    found = re.search(r"^level: (\S+)$", source, re.M)
    return found.group(1) if found else "社区"


def activity_pages(site):
    """(folder, lxml tree) of every activity page."""
    pages = []
    for page in sorted((site / "activities").glob("*/index.html")):
        tree = page_tree(page)
        if tree.xpath("//*[@id='tpl-doc'][@data-kind='activity']"):
            pages.append((page.parent, tree))
    return pages


def links(tree, part, file_format="docx"):
    return tree.xpath(f"//a[@data-tpl-part='{part}'][@data-tpl-download='{file_format}']")


def title_of(tree):
    return shown_text(tree.xpath("//article//h1")[0], strip=True)


def after_heading(tree, heading, sibling="*"):
    """The first `sibling` element after the h2 that reads `heading`."""
    return tree.xpath(f"//h2[.='{heading}'][1]/following-sibling::{sibling}[1]")[0]


def paragraphs(path):
    return [p.text for p in Document(path).paragraphs]


@pytest.fixture(scope="session")
def activities(site):
    found = activity_pages(site)
    assert len(found) >= 60
    return found


def test_every_activity_offers_plan_news_and_its_forms(activities):
    for folder, tree in activities:
        title = title_of(tree)
        holder = DEFAULTS[HOLDERS[level_of(folder)][0]] + DEFAULTS["year"] + "年"  # 「{社区}{年度}年{标题}」
        for part, file_format, suffix in [
            ("plan", "docx", "活动方案.docx"),
            ("news", "docx", "信息稿.docx"),
            ("news", "text", "信息稿.txt"),
        ]:
            [link] = links(tree, part, file_format)
            assert link.get("download") == holder + title + suffix, folder
            assert len(link.get("download")) <= 80 and not re.search(r'[\\/:*?"<>|]', link.get("download")), folder
            assert (folder / link.get("href")).is_file(), (folder, link.get("href"))
        forms = links(tree, "form")
        assert len(forms) >= 1, folder
        for link in forms:
            assert shown_text(link) in FORMS
            with zipfile.ZipFile(folder / link.get("href")) as package:
                assert package.testzip() is None
                assert package.getinfo("word/document.xml").compress_type == zipfile.ZIP_DEFLATED


def test_the_activity_plan_is_a_signed_and_dated_document(activities):
    levels_seen = set()
    for folder, tree in activities:
        title = title_of(tree)
        [link] = links(tree, "plan")
        text = paragraphs(folder / link.get("href"))
        holder, issuers = HOLDERS[level_of(folder)]
        assert text[0].replace("\n", "") == DEFAULTS[holder] + title + "活动方案", folder
        assert [t for t in text if re.match(r"^[一二三四五六七八九十]+、", t)] == PLAN_HEADINGS, folder
        assert text[-3:] == [DEFAULTS[issuers[0]], DEFAULTS[issuers[1]], "〔成文日期〕"], folder
        levels_seen.add(level_of(folder))
        assert not any(t.startswith(("信息稿", "台账清单")) for t in text), folder
        body = "\n".join(text)
        procedure = after_heading(tree, "活动流程")
        assert shown_text(procedure, " ", strip=True)[:10].replace(" ", "") in body.replace(" ", ""), folder
    assert levels_seen == set(HOLDERS)  # a village's and a unit's plan are theirs, not a community's


def test_the_news_item_is_its_headline_and_text(activities):
    for folder, tree in activities:
        headline = after_heading(tree, "信息稿", "p")
        [word] = links(tree, "news")
        [plain] = links(tree, "news", "text")
        document = Document(folder / word.get("href"))
        text = [p.text for p in document.paragraphs]
        shown = " ".join(shown_text(headline).split())  # as a browser shows it
        assert text[0].replace("\n", "") == shown, folder
        assert document.paragraphs[0].style.name == "Title"
        plain_text = (folder / plain.get("href")).read_text(encoding="utf-8-sig")
        assert plain_text.startswith(shown), folder
        assert "台账清单" not in plain_text and "活动目的" not in plain_text


def test_forms_are_tables_with_the_community_the_activity_and_blank_rows(activities):
    folder, tree = next(a for a in activities if a[0].name == "neighbours-day")
    title = title_of(tree)
    for link in links(tree, "form"):
        name = shown_text(link)
        document = Document(folder / link.get("href"))
        assert document.paragraphs[0].text.replace("\n", "") == title + name  # a long title is broken between words
        assert DEFAULTS["community"] in document.paragraphs[1].text and title in document.paragraphs[2].text
        [table] = document.tables
        header = [cell.text for cell in table.rows[0].cells]
        assert header == FORMS[name]["columns"]
        rows = FORMS[name]["rows"]
        assert len(table.rows) - 1 == (rows if isinstance(rows, int) else len(rows))
        assert all(cell.text == "" for row in table.rows[1:] for cell in row.cells[1:])
        # WPS lays tables out from the grid, Word from the widths: both are set.
        grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
        assert len(grid) == len(header)
        assert table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:type")) == "dxa"
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None
        # The community is a marked value: download.js puts the reader's own in.
        with zipfile.ZipFile(folder / link.get("href")) as package:
            assert 'w:name="var_community_1"' in package.read("word/document.xml").decode("utf-8")


def test_writer_notes_never_enter_a_download(site):
    """Every admonition (依据, 写法) on a document page is absent from all of its files."""
    checked = 0
    for page in sorted(site.rglob("index.html")):
        tree = page_tree(page)
        notes = tree.xpath(f"//*[@id='tpl-doc']//*[{with_class('admonition')}]")
        if not notes:
            continue
        files = [page.parent / href for href in tree.xpath("//a[@data-tpl-download]/@href")]
        contents = [html.unescape(word_text(f)) if f.suffix == ".docx" else f.read_text(encoding="utf-8-sig") for f in files]
        for note in notes:
            body = "".join(text.strip() for text in note.xpath(".//p")[-1].itertext())
            assert body, page
            for file, text in zip(files, contents):
                assert body[:15] not in text, (file, body)
        checked += 1
    assert checked >= 5
    assert not re.search("依据：", "".join(p.read_text(encoding="utf-8-sig") for p in site.rglob("*.txt")))


def test_an_activity_without_a_plan_part_fails_the_build(warm_project, tmp_path):
    project = warm_project
    page = project / "docs/activities/neighbours-day.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## 安全保障", "## 安全须知"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert_build_failed(result, "docs/activities/neighbours-day.md", "安全保障")


def test_an_unknown_form_or_a_bad_form_definition_fails_the_build(project, tmp_path):
    page = project / "docs/activities/neighbours-day.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("records:", "forms: [签字表]\nrecords:", 1), encoding="utf-8")
    assert_build_failed(run_build(project, tmp_path / "a"), "neighbours-day.md", "key 'forms[0]'", "签到表")
    page.write_text(original, encoding="utf-8")
    taxonomy = project / "data/taxonomy.yml"
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8").replace("widths: [3, 6, 8, 6, 5]", "widths: [3, 6, 8]"), encoding="utf-8"
    )
    assert_build_failed(
        run_build(project, tmp_path / "b"), "taxonomy.yml", "ledger_forms.签到表.widths", "5 positive whole numbers"
    )
