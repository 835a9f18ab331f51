"""axe-core (vendored from npm, tools/vendor.json) in Chromium finds no serious
or critical violation on the pages and open states a reader uses; the
controls of 我的年度计划 are reached by keyboard and have names."""

import pytest

from helpers import MY_PLAN, PLAN, ROOT, choose, start_empty, toast
from search_driver import our_search

pytestmark = pytest.mark.browser
AXE = ROOT / "tests/vendor/axe-core/axe.min.js"
ACTIVITY = "activities/neighbours-day/"


def violations(page):
    """Serious and critical violations of WCAG 2.x A/AA and best practice."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' -- ' +
                 v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n')[1]).join(' | '));
    }""")
    return "\n".join(found)


@pytest.mark.parametrize("url", ["", PLAN, ACTIVITY, "activities/calendar/"])
def test_page_has_no_serious_violation(page, base_url, url):
    page.goto(base_url + url)
    page.wait_for_selector("article h1")
    assert not (found := violations(page)), found


@pytest.mark.parametrize("url", ["", PLAN, "activities/calendar/"])
def test_phone_page_has_no_serious_violation(browser, base_url, url):
    """On a 390×844 touch screen: wide tables scroll in a focusable region, the header shows its labels."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(base_url + url)
        page.wait_for_selector("article h1")
        page.wait_for_load_state("load")
        assert not (found := violations(page)), found
    finally:
        context.close()


def test_my_plan_with_choices_has_no_serious_violation(page, base_url):
    page.goto(base_url + ACTIVITY)
    choose(page, "邻居节")
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector("#tpl-add-activity:not([disabled])")
    page.wait_for_selector(".tpl-choice")
    assert not (found := violations(page)), found


def test_open_values_form_has_no_serious_violation(page, base_url):
    page.goto(base_url + PLAN)
    page.click(".tpl-values-toggle")
    page.wait_for_selector("#tpl-values-panel:not([hidden])")
    page.click("#tpl-values-panel details.tpl-values-group summary")  # 当前提法 unfolded too
    assert not (found := violations(page)), found


def test_open_search_results_have_no_serious_violation(page, base_url):
    page.goto(base_url)
    assert our_search(page, "邻居节", base_url)
    assert not (found := violations(page)), found


def focus_by_tab(page, accessible_name, limit=400):
    """Press Tab until the focused element has this name; fail if never."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate("""() => { const e = document.activeElement;
            return e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent : '') ||
                   e.textContent.trim(); }""")
        if name == accessible_name:
            return
    pytest.fail(f"{accessible_name!r} not reached by Tab")


def test_new_controls_work_by_keyboard_and_have_names(page, base_url):
    start_empty(page, base_url + MY_PLAN)  # one choice, one row
    page.goto(base_url + ACTIVITY)
    focus_by_tab(page, "加入年度计划：邻居节")
    page.keyboard.press("Enter")
    toast(page, "已把“邻居节”加入年度计划")
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector("#tpl-add-activity:not([disabled])")
    focus_by_tab(page, "年度计划 1 项：我的年度计划中已选的活动")
    focus_by_tab(page, "月份")
    page.keyboard.press("ArrowDown")  # a closed <select> changes with the arrow keys
    toast(page, "已把“邻居节”改到6月")
    focus_by_tab(page, "责任人")
    page.keyboard.type("李明")
    page.keyboard.press("Tab")
    toast(page, "已保存“邻居节”的责任人")
    focus_by_tab(page, "移除：6月 邻居节")  # the one choice, moved to 6月 above
    page.keyboard.press("Enter")
    toast(page, "已从年度计划中移除6月的“邻居节”")
    # Every control of the page has a name a screen reader reads.
    unnamed = page.evaluate("""() => [...document.querySelectorAll(
            '[data-tpl-my-plan] button, [data-tpl-my-plan] input, [data-tpl-my-plan] select, [data-tpl-my-plan] textarea')]
        .filter(e => !(e.getAttribute('aria-label') || (e.labels && e.labels.length) || e.textContent.trim()))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert unnamed == []
