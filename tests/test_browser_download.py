"""A person with their own values (我的信息) downloads a plan in Chromium and
gets their values in the Word file and the plain text, not the site's."""

import json
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import DEFAULTS
from macros.variables import apply_overrides, load_definitions

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
    # Derived names and dates (党组织, 成文日期 …) follow the reader's community and year, as on the page.
    shown = {name: entry["value"] for name, entry in apply_overrides(load_definitions(), OWN, "OWN").items() if entry["type"] == "line"}
    assert shown["party_org"] == f"中共{OWN['community']}委员会"
    assert text == "".join(s if isinstance(s, str) else shown.get(s[0], s[1]) for s in segments)


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


# --- Several downloads from one open page -------------------------------------
# A person who set 我的信息 once downloads everything an activity offers
# (活动方案, 信息稿 Word and text, the 台账 forms), or a plan's Word, text and
# Word again, click after click on the same page. Each file must arrive.

ACTIVITY = "activities/neighbours-day/"
COMMUNITY = "晨光社区"


def set_community_in_the_form(page, text):
    page.click(".tpl-values-toggle")
    field = page.locator('#tpl-values-panel input[name="community"]')
    field.fill(text)
    field.dispatch_event("change")
    page.click('#tpl-values-panel button[type="submit"]')
    page.wait_for_function("t => [...document.querySelectorAll('#tpl-doc [data-var=community]')]"
                           ".every(e => e.textContent === t)", arg=text)
    page.click("[data-tpl-values-close]")


def downloaded_text(result, tmp_path, n):
    """The text of a saved download: document.xml of a Word file, else the file."""
    saved = tmp_path / f"{n}-{result.suggested_filename}"
    result.save_as(saved)
    if saved.suffix == ".docx":
        with zipfile.ZipFile(saved) as package:
            assert package.testzip() is None
            return package.read("word/document.xml").decode()
    return saved.read_bytes().decode("utf-8-sig")


def download_each(page, selectors, tmp_path):
    """Click each link in turn, as a person does; {n: (file name, text)}."""
    files = {}
    for n, selector in enumerate(selectors):
        link = page.locator(selector)
        with page.expect_download(timeout=10000) as info:
            link.click()
        files[n] = (info.value.suggested_filename, downloaded_text(info.value, tmp_path, n))
        # The link is ready again for the next click.
        page.wait_for_function("link => !link.hasAttribute('aria-busy')", arg=link.element_handle())
    return files


def test_every_file_of_an_activity_downloads_one_after_another(page, base_url, tmp_path):
    page.goto(base_url + ACTIVITY)
    set_community_in_the_form(page, COMMUNITY)
    count = page.locator("a[data-tpl-download]").count()
    assert count >= 7
    files = download_each(page, [f"a[data-tpl-download] >> nth={n}" for n in range(count)], tmp_path)
    names = [name for name, _ in files.values()]
    assert len(set(names)) == count, names
    assert any(name.endswith(".md") for name in names) and any(name.endswith(".docx") for name in names)
    for name, text in files.values():
        assert COMMUNITY in text, name


def test_a_plan_downloads_word_text_and_word_again(page, base_url, tmp_path):
    page.goto(base_url + PLAN)
    set_community_in_the_form(page, COMMUNITY)
    files = download_each(page, ['a[data-tpl-download="docx"]', 'a[data-tpl-download="text"]',
                                 'a[data-tpl-download="docx"]'], tmp_path)
    assert [name for name, _ in files.values()] == [
        "社区年度精神文明建设工作计划.docx", "社区年度精神文明建设工作计划.md", "社区年度精神文明建设工作计划.docx"]
    for name, text in files.values():
        assert COMMUNITY in text, name


# Records, for each file saved, whether it was saved inside the reader's click
# (between the click's first and last listener), as a browser counts a
# download as the reader's own and lets it through without asking.
SAVED_IN_CLICK = """() => {
  window.__savedInClick = [];
  window.addEventListener('click', () => { window.__inClick = true; }, true);
  window.addEventListener('click', () => { window.__inClick = false; });
  const create = URL.createObjectURL;
  URL.createObjectURL = function (blob) {
    window.__savedInClick.push(Boolean(window.__inClick));
    return create.call(URL, blob);
  };
}"""


def test_a_link_the_pointer_came_to_saves_inside_the_click(page, base_url, tmp_path):
    page.goto(base_url + ACTIVITY)
    set_community_in_the_form(page, COMMUNITY)
    page.evaluate(SAVED_IN_CLICK)
    for selector in ['a[data-tpl-part="plan"]', 'a[data-tpl-download="text"]', 'a[data-tpl-part="form"] >> nth=0']:
        link = page.locator(selector)
        link.hover()
        # Coming to the link reads its file: the click has nothing left to wait for.
        page.wait_for_function("url => performance.getEntriesByType('resource').some(e => e.name.startsWith(url))",
                               arg=link.evaluate("a => a.href"))
        link.evaluate("a => window.tplDownloads.prepare(a)")
        with page.expect_download(timeout=10000) as info:
            link.click()
        assert COMMUNITY in downloaded_text(info.value, tmp_path, selector[-1])
    assert page.evaluate("window.__savedInClick") == [True, True, True]
