"""A true calendar in the browser: a choice takes one month, the month its
day falls in the reader's 年度 (端午 2026-06-19, 2028-05-28), or the calendar
month it was chosen from (issue 18: 七一 chosen in 7月 was added to 6月 too)."""

import pytest

from helpers import save_value, start_empty

pytestmark = pytest.mark.browser
MY_PLAN = "my-plan/"


def toast(page, text):
    page.wait_for_selector(f"#tpl-toast.tpl-toast--shown:has-text('{text}')")


def months_chosen(page, base_url):
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector("#tpl-add-activity:not([disabled])")
    return page.locator(".tpl-my-plan__month").all_inner_texts()


def test_a_festival_goes_to_its_month_in_the_readers_year(page, base_url):
    start_empty(page, base_url + MY_PLAN)
    page.goto(base_url + "activities/dragon-boat-festival/")
    page.get_by_role("button", name="加入年度计划：“我们的节日·端午”").first.click()
    toast(page, "已把“‘我们的节日·端午’”加入年度计划：6月")  # 2026-06-19; a quote in a quote: ‘ ’
    page.get_by_role("button", name="加入年度计划：“我们的节日·端午”").first.click()
    toast(page, "已从年度计划中移除")
    page.goto(base_url + "plans/community-annual-plan/")  # a page that shows the year
    save_value(page, "year", "2028")
    page.goto(base_url + "activities/dragon-boat-festival/")
    page.get_by_role("button", name="加入年度计划：“我们的节日·端午”").first.click()
    toast(page, "已把“‘我们的节日·端午’”加入年度计划：5月")  # 2028-05-28
    assert months_chosen(page, base_url) == ["5月"]


def test_a_choice_from_the_calendar_takes_that_month_only(page, base_url):
    start_empty(page, base_url + MY_PLAN)
    page.goto(base_url + "activities/calendar/")
    july = page.locator("h2", has_text="7月").locator("xpath=following-sibling::ul[1]")
    july.get_by_role("button", name="加入年度计划：“七一”主题党日").click()
    toast(page, "已把“‘七一’主题党日”加入年度计划：7月")  # a quote inside a quote: ‘ ’
    # an undated activity chosen in one of its months takes that month
    september = page.locator("h2", has_text="9月").locator("xpath=following-sibling::ul[1]")
    september.get_by_role("button", name="加入年度计划：邻居节").click()
    toast(page, "已把“邻居节”加入年度计划：9月")
    assert months_chosen(page, base_url) == ["7月", "9月"]


def test_the_calendar_shows_each_festival_once_with_its_date(page, base_url):
    page.goto(base_url + "activities/calendar/")
    text = {
        m: page.locator("h2", has_text=f"{m}月").first.locator("xpath=following-sibling::ul[1]").inner_text()
        for m in (2, 3, 5, 6, 9, 10)
    }
    assert "端午节（6月19日）" in text[6] and "“我们的节日·端午”" not in text[5]
    assert "元宵节（3月3日）" in text[3] and "“我们的节日·元宵”" not in text[2]
    assert "中秋节（9月25日）" in text[9] and "“我们的节日·中秋”" not in text[10]


def plan_rows(page, base_url):
    """(月份, 活动内容) of the annual plan's 月度活动安排表 as the reader sees it now."""
    page.goto(base_url + "plans/community-annual-plan/")
    cells = page.locator('table[data-tpl-table="schedule"] tbody tr').evaluate_all(
        "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])"
    )
    return [tuple(row) for row in cells]


def stored_choice_keys(page):
    return page.evaluate("() => Object.keys(localStorage).filter(k => /^tpl-[ce]:/.test(k)).sort()")


def test_choosing_adds_to_the_common_activities_until_the_reader_clears(page, base_url, site):
    """Issue 18: the first choice keeps the rows the plans showed and adds itself,
    in one change (撤销 returns to the state before); after 清空 (also undoable)
    choices add only themselves; 从常用活动开始 and its 撤销 as before."""
    import json

    data = (site / "assets/data/activities.js").read_text(encoding="utf-8")
    common = [a for a in json.loads(data.removeprefix("window.tplActivities=").rstrip().rstrip(";")) if a["annual"]]
    assert len(common) >= 10 and not any(a["id"] == "activities/neighbours-day" for a in common)
    n = len(common)
    defaults = plan_rows(page, base_url)
    assert len(defaults) == n  # the plan's default rows are the common activities

    page.goto(base_url + "activities/neighbours-day/")
    button = page.get_by_role("button", name="加入年度计划：邻居节").first
    button.click()
    toast(page, f"已把“邻居节”加入年度计划：5月。计划模板默认的{n}项常用活动")
    page.wait_for_selector(f"[data-tpl-plan-number]:text-is('{n + 1}')")
    page.locator("#tpl-toast").get_by_role("button", name="撤销").click()
    toast(page, "已撤销")
    page.wait_for_selector("[data-tpl-plan-number]:text-is('0')")
    assert button.get_attribute("aria-pressed") == "false" and stored_choice_keys(page) == []  # the state before

    button.click()
    toast(page, f"计划模板默认的{n}项常用活动（节日、纪念日等）一并保留")
    # the rows the plan showed, and 邻居节 after the other rows of its month
    after = plan_rows(page, base_url)
    fifth = max(i for i, row in enumerate(defaults) if int(row[0].removesuffix("月")) <= 5) + 1
    assert after == defaults[:fifth] + [("5月", "邻居节")] + defaults[fifth:]

    page.goto(base_url + MY_PLAN)
    page.get_by_role("button", name="清空").click()
    toast(page, f"已清空年度计划中的{n + 1}项活动安排。之后选的活动只列入所选的这一项")
    page.wait_for_function("document.querySelectorAll('.tpl-choice').length === 0")
    assert "年度计划已清空" in page.locator("[data-tpl-my-plan-summary]").inner_text()
    page.locator("#tpl-toast").get_by_role("button", name="撤销").click()
    toast(page, f"已恢复{n + 1}项活动安排")
    page.wait_for_function(f"document.querySelectorAll('.tpl-choice').length === {n + 1}")
    assert not [k for k in stored_choice_keys(page) if k.startswith("tpl-e:")]  # not emptied any more

    page.get_by_role("button", name="从常用活动开始").click()
    toast(page, "常用活动都已在年度计划中")
    page.get_by_role("button", name="清空").click()
    toast(page, "已清空")
    # emptied on purpose: a choice adds only itself, here and in another tab's view
    page.goto(base_url + "activities/neighbours-day/")
    button.click()
    toast(page, "已把“邻居节”加入年度计划：5月。")
    page.wait_for_selector("[data-tpl-plan-number]:text-is('1')")
    assert "常用活动" not in page.locator("#tpl-toast").inner_text()
    assert plan_rows(page, base_url) == [("5月", "邻居节")]

    page.goto(base_url + MY_PLAN)
    page.get_by_role("button", name="从常用活动开始").click()
    toast(page, f"已把{n}项常用活动加入年度计划")
    page.wait_for_function(f"document.querySelectorAll('.tpl-choice').length === {n + 1}")
    page.locator("#tpl-toast").get_by_role("button", name="撤销").click()
    toast(page, "已撤销")
    page.wait_for_function("document.querySelectorAll('.tpl-choice').length === 1")
