"""Helpers more than one test file uses (test files never import each other).

Build and browser fixtures are in conftest.py; driving the search box is in
search_driver.py (shared with bench/)."""

import re
import shutil
import subprocess
import sys
import zipfile

import lxml.html
import pytest
import yaml

from conftest import ROOT as ROOT  # re-exported: tests import it from here
from conftest import build_env

PLAN = "plans/community-annual-plan/"
MY_PLAN = "my-plan/"


# --- Reading every page or file of a site -----------------------------------------
# For tests that read all ~230 pages or ~840 Word files: lxml alone parses a
# page about 20 times faster than BeautifulSoup builds its tree, and a Word
# file's text is read from its XML (python-docx loads the whole package).


def page_tree(path):
    """A built page as an lxml tree."""
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def front_matter(path):
    """A page's front matter, read with libyaml: the tests read every page's,
    some of them several times, and the pure-Python loader is far slower."""
    return yaml.load(path.read_text(encoding="utf-8").split("---\n")[1], Loader=yaml.CSafeLoader)


def with_class(name):
    """An XPath test for an element whose class attribute holds `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# The text BeautifulSoup's get_text() gives: what is shown, not scripts, styles or templates.
SHOWN_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::template)]"


def shown_text(element, separator="", strip=False):
    """As get_text(separator, strip=strip): with strip, each text stripped and empty ones left out."""
    texts = element.xpath(SHOWN_TEXT)
    if strip:
        texts = [text.strip() for text in texts if text.strip()]
    return separator.join(texts)


def data_var_texts(path):
    """(name, text, classes) of every element with a data-var on a built page."""
    return [
        (element.get("data-var"), shown_text(element), element.get("class", "").split())
        for element in page_tree(path).iterfind(".//*[@data-var]")
    ]


WORD_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
WORD_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def word_text(path):
    """The text of a Word file, a line for each paragraph (table cells too), entities as in the XML."""
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return "\n".join("".join(WORD_TEXT.findall(paragraph)) for paragraph in WORD_PARAGRAPH.findall(xml))


# --- Project copies ----------------------------------------------------------------


def edit(project, relative, old, new):
    """Replace the first `old` in a file of a project copy; it must be there."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_district(project, slug):
    """`make new-district NAME=<slug>` in a project copy (the Makefile runs this)."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from macros.editions.district import main; sys.exit(main(sys.argv[1:]))",
            "new",
            slug,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def git(cwd, *args):
    result = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


# --- A local activity of an edition -----------------------------------------------


def activity_front_matter(title, summary):
    """A local activity's front matter, 11 lines (the line numbers the checks name count from it)."""
    return f"""---
title: {title}
kind: activity
summary: {summary}
themes: [文明创建]
months: [6]
audience: [全体居民]
organisers: [社区党组织]
records: [活动方案]
updated: 2026-11-20
---
"""


# A local activity that passes every check (tests/test_check.py breaks each
# rule in it once); the east edition of conftest.edition_sites holds it as
# activities/lake.md.
GOOD_PAGE = (
    activity_front_matter("东湖湖岸清洁日", "组织居民清理湖岸垃圾，保护湖岸水环境")
    + """
## 活动目的

保护东湖水环境。

## 时间地点

6月，地点在东湖公园。

## 活动流程

1. 准备：组织志愿者，分组负责。
2. 实施：清理湖岸垃圾。

## 分工

社区负责组织，共建单位提供工具。

## 安全保障

湖边设置警示牌。

## 信息稿

**{{ community }}开展护湖行动**

{{ fill("活动日期") }}，{{ community }}开展护湖行动。

## 台账清单

{{ ledger_checklist() }}
"""
)


def run_check(project, district=None):
    """`make check [DISTRICT=…]` in a project copy."""
    return subprocess.run(
        [sys.executable, "-m", "macros.check"], cwd=project, env=build_env(district), capture_output=True, text=True, timeout=300
    )


def node():
    found = shutil.which("node")
    if not found:
        pytest.fail("node not found: run `make system-deps` (installs Debian's nodejs)")
    return found


def to_pdf(docx, out):
    """The PDF LibreOffice makes of the Word file `docx`, in the folder `out`
    (bench/word_audit.py render: a private profile, so test processes do not
    lock each other)."""
    soffice()  # fails the test with what to install when LibreOffice is missing
    sys.path.insert(0, str(ROOT / "bench"))
    from word_audit import render

    pdf = render([docx], out)[docx]
    assert pdf.is_file(), f"LibreOffice made no PDF of {docx}"
    return pdf


def soffice():
    for name in ("soffice", "libreoffice"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.fail("LibreOffice not found: run `make system-deps`")


# --- In Chromium -------------------------------------------------------------------


def toast(page, text):
    """Wait for the toast that tells the reader what happened."""
    page.wait_for_selector(f"#tpl-toast.tpl-toast--shown:has-text('{text}')")


def choose(page, title):
    page.get_by_role("button", name="加入年度计划：" + title).first.click()
    toast(page, f"已把“{nested_quotes(title)}”加入年度计划")


def plan_count(page):
    return page.locator("[data-tpl-plan-number]").first.inner_text()


def save_value(page, name, value):
    """Type a value into 我的信息 and save it, as a reader does; waits until
    the page shows it wherever it names the variable, then closes the form."""
    if page.locator("#tpl-values-panel").is_hidden():
        page.click(".tpl-values-toggle")
    field = page.locator(f'#tpl-values-panel input[name="{name}"]')
    field.fill(value)
    field.dispatch_event("change")
    page.click('#tpl-values-panel button[type="submit"]')
    page.wait_for_function(
        """([name, value]) => {
            const shown = [...document.querySelectorAll(`[data-var="${name}"]`)];
            return shown.length > 0 && shown.every(e => e.textContent === value);
        }""",
        arg=[name, value],
    )
    page.click("[data-tpl-values-close]")


def start_empty(page, url):
    """清空 on 我的年度计划 (at `url`): a reader who wants only the activities
    chosen next, without the common ones the first choice keeps otherwise."""
    page.goto(url)
    page.get_by_role("button", name="清空").click()
    toast(page, "之后选的活动只列入所选的")


def open_panel(page):
    """The 我的信息 panel with its folded 档案、导出和导入 part open."""
    if page.locator("#tpl-values-panel").is_hidden():
        page.click(".tpl-values-toggle")
    page.wait_for_selector("#tpl-values-panel:not([hidden])")
    if page.locator("details.tpl-profiles").get_attribute("open") is None:
        page.click("details.tpl-profiles summary")


def message(page):
    return page.locator(".tpl-profiles__message")


def import_file(page, path):
    open_panel(page)
    message(page).evaluate("el => { el.textContent = '' }")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="从文件导入").click()
    chooser.value.set_files(str(path))
    page.wait_for_function("document.querySelector('.tpl-profiles__message').textContent !== ''")
    return message(page).inner_text()


def export_file(page, tmp_path):
    open_panel(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="导出到文件").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


# A name as long as 我的信息, the import and an edition let the names printed in
# one-page forms be (variables.yml max_length): 20 different characters.
LONGEST_NAME = "临江市东湖高新技术开发区光谷创新天地社区"


def nested_quotes(title):
    """A title as a message quotes it: its own quotes nested as ‘ ’ (toast.js nestQuotes)."""
    return title.replace("“", "‘").replace("”", "’")


# --- A new kind (tests/test_kinds.py), added to conftest.variant_site --------------

NEW_KIND = """

# Added by tests/helpers.py add_new_kind: the one entry a new kind needs.
KINDS["questionnaire"] = Kind(
    "questionnaire", {**COMMON, **TRACKED, **OFFICIAL, "questionnaire_type": (True, "taxonomy:questionnaire_types")},
    label="调查问卷", type_key="questionnaire_type", types="questionnaire_types", nav_order="level", numbered=True,
    official=True, document_text=True, downloads=DOWNLOADS_OFFICIAL, intro="partials/plan-intro.html",
    listing_detail="usage")
"""

NEW_KIND_INDEX = """---
title: 调查问卷
kind: page
listing: true
---

# 调查问卷

{{ pages_by_type("questionnaire") }}
"""

NEW_KIND_PAGE = """---
title: 居民需求调查问卷
kind: questionnaire
questionnaire_type: 需求调查
level: 社区
usage: 年初制订计划前，了解居民最想参加的活动。
author_role: 社区工作者起草。
change_notes:
  - 题目按本社区情况增删。
issuer: [party_org, committee]
dated: fill
updated: 2026-12-07
---

# {{ community }}居民需求调查问卷

## 调查目的

了解居民对社区活动的需求。

## 填写说明

在选项后打勾。
"""


def add_new_kind(project):
    """A kind of page the project does not have, added as a maintainer adds
    one: an entry in macros/kinds.py, its types, a nav line and its pages."""
    with (project / "macros/kinds.py").open("a", encoding="utf-8") as registry:
        registry.write(NEW_KIND)
    taxonomy = project / "data/taxonomy.yml"
    data = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8") + "\nquestionnaire_types:\n  需求调查: 年初了解居民需求\n", encoding="utf-8"
    )
    assert "questionnaire_types" not in data
    config = project / "mkdocs.yml"
    nav_line = "  - 公文范例: documents/index.md\n"
    assert nav_line in config.read_text(encoding="utf-8"), "the new kind's nav line goes after this one"
    config.write_text(
        config.read_text(encoding="utf-8").replace(nav_line, nav_line + "  - 调查问卷: questionnaires/index.md\n"),
        encoding="utf-8",
    )
    (project / "docs/questionnaires").mkdir()
    (project / "docs/questionnaires/index.md").write_text(NEW_KIND_INDEX, encoding="utf-8")
    (project / "docs/questionnaires/needs.md").write_text(NEW_KIND_PAGE, encoding="utf-8")
