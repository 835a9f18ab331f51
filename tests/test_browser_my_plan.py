"""我的年度计划 as a person uses it in Chromium: choose activities with the
"加入年度计划" buttons, set a 责任人 and the 社区基本情况, and find them in the
plan's tables on the page, in the copied text and in the Word download (which
LibreOffice opens); the header count; a removed activity stays listed."""

import re
import subprocess

import pytest
from docx import Document

from helpers import MY_PLAN, PLAN, choose, plan_count, start_empty, to_pdf, toast

pytestmark = pytest.mark.browser
CALENDAR = "activities/calendar/"
# Five activities in three months (each held in one month only), added two
# from their own pages and three from the calendar.
ON_PAGES = {"activities/learn-from-lei-feng/": "学雷锋志愿服务月", "activities/martyrs-day/": "烈士纪念日·缅怀先烈"}
ON_CALENDAR = ["全国助残日·扶残助残", "防灾减灾宣传和应急演练", "公民道德宣传日·道德模范学习宣传"]
LEAD = "王芳"
PROFILE = "本社区共有居民2860户、常住人口7900人，辖区有小学1所、商户120家，老旧小区多、老年人比例高。"
EXPECTED = [  # (月份, 活动内容, 责任人) in month order; within a month in the order added
    ("3月", "学雷锋志愿服务月", "社区党组织"),
    ("5月", "全国助残日·扶残助残", LEAD),
    ("5月", "防灾减灾宣传和应急演练", "社区居委会"),
    ("9月", "烈士纪念日·缅怀先烈", "社区党组织"),
    ("9月", "公民道德宣传日·道德模范学习宣传", "社区党组织"),
]


def build_my_plan(page, base_url):
    """Everything of Must-show 7 up to the download, through the UI."""
    start_empty(page, base_url + MY_PLAN)
    for url, title in ON_PAGES.items():
        page.goto(base_url + url)
        choose(page, title)
    page.goto(base_url + CALENDAR)
    for title in ON_CALENDAR:
        choose(page, title)
    assert plan_count(page) == "5"
    assert page.get_by_role("link", name="年度计划 5 项：我的年度计划中已选的活动").count() == 1

    page.goto(base_url + MY_PLAN)
    row = page.locator(".tpl-choice", has_text="全国助残日")
    row.get_by_label("责任人").fill(LEAD)
    row.get_by_label("责任人").press("Tab")  # saved when the field is left
    toast(page, "已保存“全国助残日·扶残助残”的责任人")
    page.get_by_label("社区基本情况").fill(PROFILE)
    page.wait_for_selector("[data-tpl-inputs-message]:has-text('已保存')")  # saved as typed, no button


def table_rows(table):
    return [[cell.inner_text().strip() for cell in row.locator("td").all()] for row in table.locator("tbody tr").all()]


def test_chosen_activities_fill_the_plan_on_page_in_word_and_in_libreoffice(page, base_url, tmp_path):
    build_my_plan(page, base_url)
    page.goto(base_url + PLAN)
    page.wait_for_selector("[data-tpl-schedule-state]:has-text('已选 5 项活动')")
    rows = table_rows(page.locator('table[data-tpl-table="schedule"]'))
    assert [tuple(r[:3]) for r in rows] == EXPECTED
    duties = table_rows(page.locator('table[data-tpl-table="duties"]'))
    assert [r[0] for r in duties] == [e[1] for e in EXPECTED]
    assert duties[1][1] == LEAD and duties[1][3] == "5月底"
    assert PROFILE in page.locator("#tpl-doc").inner_text()

    with page.expect_download() as info:
        page.click('a[data-tpl-download="docx"]')
    docx = tmp_path / "plan.docx"
    info.value.save_as(docx)
    document = Document(docx)
    schedule = next(t for t in document.tables if t.rows[0].cells[0].text == "月份")
    assert [c.text for c in schedule.rows[0].cells] == ["月份", "活动内容", "责任人", "参与单位"]
    assert [tuple(c.text for c in row.cells[:3]) for row in schedule.rows[1:]] == EXPECTED
    text = "\n".join(p.text for p in document.paragraphs)
    assert PROFILE in text

    with page.expect_download() as info:
        page.click('a[data-tpl-download="text"][data-tpl-part="document"]')
    plain = tmp_path / "plan.txt"
    info.value.save_as(plain)
    lines = plain.read_text(encoding="utf-8-sig").splitlines()
    start = lines.index("月份\t活动内容\t责任人\t参与单位")  # tables as tab-separated lines
    assert [tuple(line.split("\t")[:3]) for line in lines[start + 1 : start + 6]] == EXPECTED
    assert PROFILE in lines

    pdf = to_pdf(docx, tmp_path / "pdf")
    shown = re.sub(r"\s", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert re.sub(r"\s", "", PROFILE) in shown
    assert LEAD in shown
    # A cell's text wraps, so pdftotext interleaves columns: compare the
    # activities' first characters (one line of their cell).
    positions = [shown.index(title[:5]) for _, title, _ in EXPECTED]
    assert positions == sorted(positions), "rows not in month order in the PDF"


def test_copied_plan_has_the_table_rows_as_tab_separated_lines(browser, base_url):
    context = browser.new_context(locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        build_my_plan(page, base_url)
        page.goto(base_url + PLAN)
        page.wait_for_selector("[data-tpl-schedule-state]:has-text('已选 5 项活动')")
        page.evaluate("navigator.clipboard.writeText('')")
        page.click("[data-tpl-copy-all]")
        page.wait_for_selector(".md-dialog--active")
        lines = page.evaluate("navigator.clipboard.readText()").split("\n")
        assert "月份\t活动内容\t责任人\t参与单位" in lines
        start = lines.index("月份\t活动内容\t责任人\t参与单位")
        body = [tuple(line.split("\t")[:3]) for line in lines[start + 1 : start + 6]]
        assert body == EXPECTED
        assert all(len(line.split("\t")) == 4 for line in lines[start : start + 6])
    finally:
        context.close()


def test_my_plan_page_changes_month_removes_and_adds(page, base_url):
    start_empty(page, base_url + MY_PLAN)
    page.goto(base_url + "activities/neighbours-day/")
    choose(page, "邻居节")  # held in 5月 or 9月: one choice takes the first
    assert plan_count(page) == "1"
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector("#tpl-add-activity:not([disabled])")
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["5月"]

    page.locator(".tpl-choice").first.get_by_label("月份").select_option("4")
    toast(page, "已把“邻居节”改到4月")
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["4月"]

    page.get_by_label("活动", exact=True).select_option(label="邻居节（5月、9月）")
    page.locator("#tpl-add-month").select_option("9")
    page.get_by_role("button", name="添加", exact=True).click()
    toast(page, "已把“邻居节”加入年度计划：9月")
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["4月", "9月"]
    page.get_by_role("button", name="移除：9月 邻居节").click()
    toast(page, "已从年度计划中移除9月的“邻居节”")
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["4月"]

    page.get_by_label("活动", exact=True).select_option(label="国家宪法日宣传（12月）")
    page.locator("#tpl-add-month").select_option("")  # its own month
    page.get_by_role("button", name="添加", exact=True).click()
    toast(page, "已把“国家宪法日宣传”加入年度计划：12月")
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["4月", "12月"]
    row = page.locator(".tpl-choice", has_text="国家宪法日宣传")
    row.get_by_label("参与单位").fill("司法所、<b>派出所</b>")
    row.get_by_label("参与单位").press("Tab")
    toast(page, "已保存“国家宪法日宣传”的参与单位")
    assert plan_count(page) == "2"

    page.goto(base_url + PLAN)
    page.wait_for_selector("[data-tpl-schedule-state]:has-text('已选 2 项活动')")
    rows = table_rows(page.locator('table[data-tpl-table="schedule"]'))
    assert rows == [
        ["4月", "邻居节", "社区居委会", rows[0][3]],
        ["12月", "国家宪法日宣传", "社区党组织", "司法所、<b>派出所</b>"],
    ]
    assert page.locator("table[data-tpl-table] b").count() == 0  # HTML shown as text


def test_second_click_removes_and_no_choice_shows_the_default_schedule(page, base_url):
    page.goto(base_url + PLAN)
    default = table_rows(page.locator('table[data-tpl-table="schedule"]'))
    assert len(default) >= 5  # never an empty table
    start_empty(page, base_url + MY_PLAN)
    page.goto(base_url + "activities/neighbours-day/")
    button = page.get_by_role("button", name="加入年度计划：邻居节").first
    choose(page, "邻居节")
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    toast(page, "已从年度计划中移除“邻居节”")
    assert button.get_attribute("aria-pressed") == "false" and plan_count(page) == "0"
    page.goto(base_url + PLAN)
    assert table_rows(page.locator('table[data-tpl-table="schedule"]')) == default


def test_removed_activity_stays_listed_with_its_saved_title(page, base_url):
    page.goto(base_url + MY_PLAN)
    # Stored by an older version of the site: moved into today's layout on load.
    page.evaluate("""() => localStorage.setItem('tpl-choices', JSON.stringify([
        {id: 'activities/neighbours-day', title: '邻居节', month: 5, lead: '', partners: ''},
        {id: 'activities/gone-upstream', title: '<i>老年大学</i>开学典礼', month: 3, lead: '张三', partners: ''}]))""")
    page.reload()
    gone = page.locator(".tpl-choice--gone")
    gone.wait_for()
    assert page.locator(".tpl-choice").count() == 2 and gone.count() == 1
    assert "<i>老年大学</i>开学典礼" in gone.inner_text() and "该活动已不在本站" in gone.inner_text()
    assert page.locator(".tpl-choice i").count() == 0
    page.goto(base_url + PLAN)
    rows = table_rows(page.locator('table[data-tpl-table="schedule"]'))
    assert [r[1] for r in rows] == ["<i>老年大学</i>开学典礼", "邻居节"]


def test_printed_plan_has_the_chosen_rows(page, base_url, tmp_path):
    build_my_plan(page, base_url)
    page.goto(base_url + PLAN)
    page.wait_for_selector("[data-tpl-schedule-state]:has-text('已选 5 项活动')")
    page.emulate_media(media="print")
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    shown = re.sub(r"\s", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert "月度活动安排表" in shown and re.sub(r"\s", "", PROFILE) in shown
    positions = [shown.index(title[:5]) for _, title, _ in EXPECTED]
    assert positions == sorted(positions)
    assert "加入年度计划" not in shown


def test_instant_navigation_to_my_plan_loads_its_script_and_draws(page, base_url):
    start_empty(page, base_url + MY_PLAN)
    requested = []
    page.on("request", lambda request: requested.append(request.url) if request.url.endswith("/my-plan.js") else None)
    page.goto(base_url + "activities/neighbours-day/")
    choose(page, "邻居节")
    assert requested == []  # not part of every page
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-tabs").get_by_role("link", name="我的年度计划").click()
    page.wait_for_selector("article h1:text-is('我的年度计划')")
    page.wait_for_selector(".tpl-choice__title a:text-is('邻居节')")  # drawn, with the activity list loaded
    assert page.evaluate("window.__sameDocument") is True, "instant navigation was not used"
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["5月"]  # one choice, its first month
    # Away and back: the page is drawn again, and the script is loaded once.
    page.locator(".md-tabs").get_by_role("link", name="计划模板").click()
    page.wait_for_selector("article h1:text-is('计划模板')")
    page.go_back()
    page.wait_for_selector(".tpl-choice__title a:text-is('邻居节')")
    assert len(requested) == 1


def boxes_overlap(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_values_form_is_grouped_and_no_button_covers_a_field(browser, base_url, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(base_url + PLAN)
        page.click(".tpl-values-toggle")
        page.wait_for_selector("#tpl-values-panel:not([hidden])")
        # The panel opens on the fields, 社区名称 first and on the first screen; 档案 and 导入 folded below.
        assert page.evaluate("document.activeElement.name") == "community"
        box = page.locator('#tpl-values-panel input[name="community"]').bounding_box()
        assert box["y"] + box["height"] <= 844
        assert page.locator("details.tpl-profiles").get_attribute("open") is None
        assert not page.get_by_role("button", name="从文件导入").is_visible()
        groups = page.locator("#tpl-values-panel .tpl-values-group")
        assert [g.inner_text().split("\n")[0].split(" ")[0] for g in groups.all()] == [
            "本社区",
            "街道和区县",
            "年度和日期",
            "村（涉农社区）",
            "单位",
            "当前提法",
        ]
        assert page.locator("details.tpl-values-group").get_attribute("open") is None  # 当前提法 folded
        assert not page.locator('#tpl-values-panel input[name="guiding_thought"]').is_visible()
        page.click("details.tpl-values-group summary")
        assert page.locator('#tpl-values-panel input[name="guiding_thought"]').is_visible()
        page.click("details.tpl-profiles summary")  # 档案、导出和导入, folded below the fields
        assert page.get_by_role("button", name="导出到文件").is_visible()
        # Nothing in the panel stays put over the fields while they scroll.
        fixed = page.evaluate("""() => [...document.querySelectorAll('#tpl-values-panel .tpl-values-sheet *')]
            .filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position)).map(e => e.className)""")
        assert fixed == []
        fields = [
            f.bounding_box()
            for f in page.locator("#tpl-values-panel input:not([type=file]):visible, #tpl-values-panel select:visible").all()
        ]
        buttons = [b.bounding_box() for b in page.locator("#tpl-values-panel button:visible").all()]
        assert len(fields) > 20 and len(buttons) > 5
        assert not [(f, b) for f in fields for b in buttons if boxes_overlap(f, b)]
        assert all(f["x"] >= 0 and f["x"] + f["width"] <= width for f in fields)
    finally:
        context.close()


def test_choosing_and_my_plan_work_over_file_urls(page, site):
    """A saved copy or the offline edition: Material's document$ never emits
    over file://, the scripts still set up the page (page.js onPage)."""
    start_empty(page, (site / "my-plan/index.html").as_uri())
    page.goto((site / "activities/neighbours-day/index.html").as_uri())
    choose(page, "邻居节")
    assert plan_count(page) == "1"
    page.goto((site / "my-plan/index.html").as_uri())
    page.wait_for_selector(".tpl-choice__title a:text-is('邻居节')")
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["5月"]  # one choice, its first month
    page.goto((site / "plans/community-annual-plan/index.html").as_uri())
    page.wait_for_selector("[data-tpl-schedule-state]:has-text('已选 1 项活动')")
    assert [r[1] for r in table_rows(page.locator('table[data-tpl-table="schedule"]'))] == ["邻居节"]
