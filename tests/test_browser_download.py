"""A person with their own values (我的信息) downloads a plan in Chromium and
gets their values in the Word file and the plain text, not the site's."""

import json
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import DEFAULTS

pytestmark = pytest.mark.browser
PLAN = "plans/community-annual-plan/"
OWN = {"community": "<b>星光</b>社区", "year": "2027"}
TITLE = f"{OWN['community']}{OWN['year']}年精神文明建设工作计划"


def open_plan(page, base_url, values):
    page.goto(base_url + PLAN)
    page.evaluate("values => localStorage.setItem('tpl-values', JSON.stringify(values))", values)
    page.reload()


def download(page, kind, selector=None):
    """Click a download link; return the saved file and how many downloads started."""
    started = []

    def count(started_download):
        started.append(started_download)

    page.on("download", count)
    try:
        with page.expect_download() as info:
            page.click(selector or f'a[data-tpl-download="{kind}"]')
        page.wait_for_timeout(500)  # a second listener would start a second download
    finally:
        page.remove_listener("download", count)
    return info.value, len(started)


def bookmarked(document):
    """{variable name: [texts of its bookmarked runs]}."""
    values = {}
    for start in document.element.body.iter(qn("w:bookmarkStart")):
        name = start.get(qn("w:name"))
        if name.startswith("var_"):
            run = start.getnext()
            values.setdefault(name[4:].rsplit("_", 1)[0], []).append("".join(t.text for t in run.iter(qn("w:t"))))
    return values


def without_other_values(text):
    """The text minus the defaults of variables left unchanged that contain the
    community name by design (e.g. 中共幸福社区委员会)."""
    for name, value in DEFAULTS.items():
        if name not in OWN and DEFAULTS["community"] in value:
            text = text.replace(value, "")
    return text


def test_word_download_carries_own_values_as_text(page, base_url, site, tmp_path):
    open_plan(page, base_url, OWN)
    result, count = download(page, "docx")
    assert count == 1
    assert result.suggested_filename == "社区年度精神文明建设工作计划.docx"
    saved = tmp_path / "own.docx"
    result.save_as(saved)

    document = Document(saved)
    assert document.paragraphs[0].text == TITLE
    values = bookmarked(document)
    assert set(values["community"]) == {OWN["community"]} and set(values["year"]) == {OWN["year"]}
    assert set(values["street"]) == {DEFAULTS["street"]}  # values not set stay the site's
    text = "\n".join(p.text for p in document.paragraphs)
    assert DEFAULTS["community"] not in without_other_values(text)
    with zipfile.ZipFile(saved) as package:
        assert package.testzip() is None  # every CRC matches
        xml = package.read("word/document.xml").decode()
        assert "&lt;b&gt;星光&lt;/b&gt;社区" in xml and "<b>" not in xml  # escaped, so Word shows the text
        # Everything but the document text is the built file's content.
        with zipfile.ZipFile(site / PLAN / "community-annual-plan.docx") as built:
            assert package.namelist() == built.namelist()
            for name in built.namelist():
                if name != "word/document.xml":
                    assert package.read(name) == built.read(name), name
    built_document = Document(site / PLAN / "community-annual-plan.docx")
    assert [p.style.name for p in document.paragraphs] == [p.style.name for p in built_document.paragraphs]


def test_text_download_carries_own_values(page, base_url, site):
    open_plan(page, base_url, OWN)
    result, count = download(page, "text")
    assert count == 1
    assert result.suggested_filename == "社区年度精神文明建设工作计划.md"
    raw = open(result.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.split("\n", 1)[0] == TITLE  # as typed, not as HTML
    assert DEFAULTS["community"] not in without_other_values(text)
    # Exactly the built text with the values put in at the marked places.
    segments = json.loads((site / PLAN / "community-annual-plan.md.json").read_text(encoding="utf-8"))
    assert text == "".join(s if isinstance(s, str) else OWN.get(s[0], s[1]) for s in segments)


def test_without_own_values_the_built_files_are_downloaded(page, base_url, site):
    page.goto(base_url + PLAN)
    for kind, name in [("docx", "community-annual-plan.docx"), ("text", "community-annual-plan.md")]:
        result, count = download(page, kind)
        assert count == 1
        assert open(result.path(), "rb").read() == (site / PLAN / name).read_bytes()


def test_download_works_after_navigating_to_the_plan(page, base_url):
    page.goto(base_url + "plans/")
    page.evaluate("values => localStorage.setItem('tpl-values', JSON.stringify(values))", OWN)
    page.locator("article a[href*='community-annual-plan']").first.click()
    page.wait_for_url("**/" + PLAN)
    result, count = download(page, "docx")
    assert count == 1
    assert Document(result.path()).paragraphs[0].text == TITLE


def test_value_set_in_the_form_is_in_the_downloaded_word_file(page, base_url, tmp_path):
    """The whole path a person takes: 我的信息 → 保存 → 下载 Word."""
    page.goto(base_url + PLAN)
    page.click(".tpl-values-toggle")
    field = page.locator('#tpl-values-panel input[name="community"]')
    field.fill("晨光社区")
    field.dispatch_event("change")
    page.click('#tpl-values-panel button[type="submit"]')
    page.click("[data-tpl-values-close]")
    saved, count = download(page, "docx")
    assert count == 1
    path = tmp_path / "plan.docx"
    saved.save_as(path)
    values = bookmarked(Document(path))
    assert set(values["community"]) == {"晨光社区"}
    # The party organisation's name followed the community name in the form.
    assert set(values["party_org"]) == {"中共晨光社区委员会"}


def loaded_zip_library(page):
    return page.evaluate("performance.getEntriesByType('resource').some(e => e.name.includes('vendor/fflate/'))")


def test_activity_plan_and_forms_carry_own_values_and_the_zip_library_loads_only_then(page, base_url, tmp_path):
    page.goto(base_url + "activities/neighbours-day/")
    page.evaluate("values => localStorage.setItem('tpl-values', JSON.stringify(values))", OWN)
    page.reload()
    assert not loaded_zip_library(page)  # ordinary pages do not carry it
    result, count = download(page, "docx", 'a[data-tpl-part="form"]:text-is("签到表")')
    assert count == 1 and result.suggested_filename == "邻居节签到表.docx"
    result.save_as(tmp_path / "form.docx")
    form = Document(tmp_path / "form.docx")
    assert set(bookmarked(form)["community"]) == {OWN["community"]}
    assert form.tables[0].rows[0].cells[1].text == "姓名"
    assert loaded_zip_library(page)
    result, count = download(page, "docx", 'a[data-tpl-part="plan"]')
    result.save_as(tmp_path / "plan.docx")
    assert Document(tmp_path / "plan.docx").paragraphs[0].text == OWN["community"] + "邻居节活动方案"
