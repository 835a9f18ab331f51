"""A person with their own values (我的信息) downloads a plan in Chromium and
gets their values in the Word file and the plain text, not the site's."""

import json
import re
import sys
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import DEFAULTS, ROOT, TEXT_VARIABLES
from helpers import LONGEST_NAME, save_value, to_pdf

sys.path.insert(0, str(ROOT))
from macros.variables import apply_overrides, load_definitions  # noqa: E402
from macros.word.text import plain_text  # noqa: E402

pytestmark = pytest.mark.browser
PLAN = "plans/community-annual-plan/"
OWN = {"community": "<b>星光</b>社区", "year": "2027"}
TITLE = f"{OWN['community']}{OWN['year']}年精神文明建设工作计划"
# 「{社区}{年度}年{标题}」 with the reader's values, without what Windows forbids in a file name.
SAVED_AS = re.sub(r'[\\/:*?"<>|]', "", f"{OWN['community']}{OWN['year']}") + "年度精神文明建设工作计划"


def open_plan(page, base_url, values):
    """The plan with the reader's values stored as an older version kept them
    (tpl-values: 我的信息, tpl-inputs: 本社区情况), which state.js moves on load."""
    lines = {name: text for name, text in values.items() if name not in TEXT_VARIABLES}
    texts = {name: text for name, text in values.items() if name in TEXT_VARIABLES}
    page.goto(base_url + PLAN)
    page.evaluate(
        """([lines, texts]) => { localStorage.setItem('tpl-values', JSON.stringify(lines));
                                          localStorage.setItem('tpl-inputs', JSON.stringify(texts)); }""",
        [lines, texts],
    )
    page.reload()


# Counts the downloads a click starts: the link's own (a click nothing
# cancelled) and each file download.js saves (a click on a made-up link).
COUNT_SAVES = """() => {
    window.__saves = 0;
    if (window.__countingSaves) return;
    window.__countingSaves = true;
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
        if (this.hasAttribute('download')) window.__saves++;
        return click.call(this);
    };
    window.addEventListener('click', event => {
        const link = event.target.closest && event.target.closest('a[download]');
        if (link && event.isTrusted && !event.defaultPrevented) window.__saves++;
    });
}"""


def download(page, kind, selector=None):
    """Click a download link; return the saved file and how many downloads the click started.
    Once the link is no longer busy (download.js has filled and saved), a
    second listener would have started its own download too."""
    selector = selector or f'a[data-tpl-download="{kind}"]'
    page.evaluate(COUNT_SAVES)
    link = page.locator(selector).first.element_handle()
    with page.expect_download() as info:
        link.click()
    page.wait_for_function("link => !link.hasAttribute('aria-busy')", arg=link)
    return info.value, page.evaluate("window.__saves")


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
    assert result.suggested_filename == SAVED_AS + ".docx"
    saved = tmp_path / "own.docx"
    result.save_as(saved)

    document = Document(saved)
    assert document.paragraphs[0].text.replace("\n", "") == TITLE  # may break after the name (download.js rebreakTitle)
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
    assert result.suggested_filename == SAVED_AS + ".txt"
    raw = open(result.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # Notepad and WPS read UTF-8
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n", 1)[0] == TITLE  # as typed, not as HTML
    assert "\n" not in text.replace("\r\n", "")  # Windows line ends only
    assert DEFAULTS["community"] not in without_other_values(text)
    assert "|" not in text and "1月\t" in text  # tables as tab-separated lines
    # Exactly the built text with the values put in at the marked places.
    segments = json.loads((site / PLAN / "community-annual-plan.txt.json").read_text(encoding="utf-8"))
    # Derived names and dates (党组织, 成文日期 …) follow the reader's community and year, as on the page.
    shown = {
        name: entry["value"] for name, entry in apply_overrides(load_definitions(), OWN, "OWN").items() if entry["type"] == "line"
    }
    assert shown["party_org"] == f"中共{OWN['community']}委员会"
    assert text == plain_text([s if isinstance(s, str) else [s[0], shown.get(s[0]) or s[1]] for s in segments])


def test_without_own_values_the_built_files_are_downloaded(page, base_url, site):
    page.goto(base_url + PLAN)
    for kind, name in [("docx", "community-annual-plan.docx"), ("text", "community-annual-plan.txt")]:
        result, count = download(page, kind)
        assert count == 1
        assert open(result.path(), "rb").read() == (site / PLAN / name).read_bytes()


def test_download_works_after_navigating_to_the_plan(page, base_url):
    page.goto(base_url + "plans/")
    page.evaluate("values => localStorage.setItem('tpl-values', JSON.stringify(values))", OWN)
    page.reload()  # data of the older layout are moved into state.js's when a page loads
    page.locator("article a[href*='community-annual-plan']").first.click()
    page.wait_for_url("**/" + PLAN)
    result, count = download(page, "docx")
    assert count == 1
    assert (
        Document(result.path()).paragraphs[0].text.replace("\n", "") == TITLE
    )  # may break after the name (download.js rebreakTitle)


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


def test_a_value_of_several_lines_becomes_several_paragraphs(page, base_url, tmp_path):
    """社区基本情况 typed in paragraphs stays in paragraphs, in Word and in the text."""
    profile = "本社区有居民楼二十栋。\n辖区有学校一所。\n\n志愿者一百二十人。"
    open_plan(page, base_url, {**OWN, "community_profile": profile})
    result, _ = download(page, "docx")
    result.save_as(tmp_path / "plan.docx")
    texts = [p.text for p in Document(tmp_path / "plan.docx").paragraphs]
    start = texts.index("本社区有居民楼二十栋。")
    assert texts[start : start + 3] == ["本社区有居民楼二十栋。", "辖区有学校一所。", "志愿者一百二十人。"]
    result, _ = download(page, "text")
    text = open(result.path(), "rb").read().decode("utf-8-sig")
    assert "本社区有居民楼二十栋。\r\n\r\n辖区有学校一所。\r\n\r\n志愿者一百二十人。" in text


def loaded_zip_library(page):
    return page.evaluate("performance.getEntriesByType('resource').some(e => e.name.includes('vendor/fflate/'))")


def test_activity_plan_and_forms_carry_own_values_and_the_zip_library_loads_only_then(page, base_url, tmp_path):
    page.goto(base_url + "activities/neighbours-day/")
    page.evaluate("values => localStorage.setItem('tpl-values', JSON.stringify(values))", OWN)
    page.reload()
    assert not loaded_zip_library(page)  # ordinary pages do not carry it
    result, count = download(page, "docx", 'a[data-tpl-part="form"]:text-is("签到表")')
    assert count == 1 and result.suggested_filename == SAVED_AS.removesuffix("年度精神文明建设工作计划") + "年邻居节签到表.docx"
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
    save_value(page, "community", COMMUNITY)
    count = page.locator("a[data-tpl-download]").count()
    assert count >= 7
    files = download_each(page, [f"a[data-tpl-download] >> nth={n}" for n in range(count)], tmp_path)
    names = [name for name, _ in files.values()]
    assert len(set(names)) == count, names
    assert any(name.endswith(".txt") for name in names) and any(name.endswith(".docx") for name in names)
    assert all(name.startswith(COMMUNITY + DEFAULTS["year"] + "年") for name in names), names  # the reader's community
    for name, text in files.values():
        assert COMMUNITY in text, name


def test_a_plan_downloads_word_text_and_word_again(page, base_url, tmp_path):
    page.goto(base_url + PLAN)
    save_value(page, "community", COMMUNITY)
    files = download_each(
        page, ['a[data-tpl-download="docx"]', 'a[data-tpl-download="text"]', 'a[data-tpl-download="docx"]'], tmp_path
    )
    assert [name for name, _ in files.values()] == [
        f"{COMMUNITY}{DEFAULTS['year']}年度精神文明建设工作计划.docx",
        f"{COMMUNITY}{DEFAULTS['year']}年度精神文明建设工作计划.txt",
        f"{COMMUNITY}{DEFAULTS['year']}年度精神文明建设工作计划.docx",
    ]
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
    save_value(page, "community", COMMUNITY)
    page.evaluate(SAVED_IN_CLICK)
    for selector in ['a[data-tpl-part="plan"]', 'a[data-tpl-download="text"]', 'a[data-tpl-part="form"] >> nth=0']:
        link = page.locator(selector)
        link.hover()
        # Coming to the link reads its file: the click has nothing left to wait for.
        page.wait_for_function(
            "url => performance.getEntriesByType('resource').some(e => e.name.startsWith(url))", arg=link.evaluate("a => a.href")
        )
        link.evaluate("a => window.tplDownloads.prepare(a)")
        with page.expect_download(timeout=10000) as info:
            link.click()
        assert COMMUNITY in downloaded_text(info.value, tmp_path, selector[-1])
    assert page.evaluate("window.__savedInClick") == [True, True, True]


def test_an_unsealed_date_follows_the_length_of_the_readers_issuer(page, base_url, tmp_path):
    """7.3.5.2: the date starts two characters right of the 署名, whatever its length."""
    own = {"party_org": "中共星光花园社区委员会", "committee": "星光花园社区居民委员会"}
    page.goto(base_url + "documents/proposal-clean-plate/")
    page.evaluate("values => localStorage.setItem('tpl-values', JSON.stringify(values))", own)
    page.reload()
    result, count = download(page, "docx")
    assert count == 1
    result.save_as(tmp_path / "proposal.docx")
    document = Document(tmp_path / "proposal.docx")
    signature = [p for p in document.paragraphs if p.style.name == "Signature"]
    assert [p.text for p in signature[:2]] == [own["party_org"], own["committee"]]
    indent = signature[-1]._p.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:leftChars")) == str((28 - len(own["committee"])) * 100)


def test_a_longer_name_of_the_reader_breaks_the_title_again_between_words(page, base_url, tmp_path):
    """A title that fitted one line with the site's name needs two with the reader's:
    it breaks after the name (titles.py's rule, redone in download.js), not inside a word."""
    own = {"community": "星光花园第一社区", "year": "2027"}
    open_plan(page, base_url, own)
    result, _ = download(page, "docx")
    result.save_as(tmp_path / "plan.docx")
    title = Document(tmp_path / "plan.docx").paragraphs[0]
    assert title.text.split("\n") == ["星光花园第一社区", "2027年精神文明建设工作计划"]


# --- A name as long as 我的信息 allows, in a one-page form ------------------------
# tests/test_word_layout.py fills every kind of form at that length as
# download.js does; here download.js itself does it, for the two forms that
# spilled first.


@pytest.mark.parametrize(
    "url, selector",
    [
        ("documents/form-civilised-family/", 'a[data-tpl-part="document"][data-tpl-download="docx"]'),  # the first to spill
        (ACTIVITY, 'a[data-tpl-part="form"]:text-is("签到表")'),
    ],
)
def test_a_form_with_the_longest_name_allowed_stays_on_one_page(page, base_url, tmp_path, url, selector):
    page.goto(base_url + url)
    save_value(page, "community", LONGEST_NAME)
    result, count = download(page, "docx", selector)
    assert count == 1
    saved = tmp_path / "form.docx"
    result.save_as(saved)
    assert set(bookmarked(Document(saved))["community"]) == {LONGEST_NAME}
    sys.path.insert(0, str(ROOT / "bench"))
    from word_audit import pdf_pages

    assert len(pdf_pages(to_pdf(saved, tmp_path / "pdf"))) == 1
