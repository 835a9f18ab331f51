"""我的信息 and copy buttons, as a person uses them in Chromium."""

import re
import subprocess

import pytest

from conftest import DEFAULTS

pytestmark = pytest.mark.browser
PLAN = "plans/community-annual-plan/"
ACTIVITY = "activities/neighbours-day/"
OWN = "<b>星光</b>社区"


def open_panel(page):
    if page.locator("#tpl-values-panel").is_hidden():
        page.click(".tpl-values-toggle")
    page.wait_for_selector("#tpl-values-panel:not([hidden])")


def set_value(page, name, text):
    open_panel(page)
    field = page.locator(f'#tpl-values-panel input[name="{name}"]')
    field.fill(text)
    field.dispatch_event("change")
    page.click('#tpl-values-panel button[type="submit"]')


def texts(page, name):
    return page.locator(f'[data-var="{name}"]').all_text_contents()


def assert_everywhere(page, name, expected):
    values = texts(page, name)
    assert values, f"no [data-var={name}] on {page.url}"
    assert set(values) == {expected}, values
    assert page.locator("[data-var] b").count() == 0  # text, never HTML


@pytest.fixture
def clipboard_page(browser, base_url):
    context = browser.new_context(locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors


def test_form_has_one_named_field_per_variable_prefilled(page, base_url):
    page.goto(base_url + PLAN)
    open_panel(page)
    for name, value in DEFAULTS.items():
        assert page.locator(f'#tpl-values-panel input[name="{name}"]').input_value() == value


def test_value_shows_as_text_here_after_instant_navigation_and_after_reload(page, base_url):
    page.goto(base_url + PLAN)
    set_value(page, "community", OWN)
    assert_everywhere(page, "community", OWN)
    assert "已保存" in page.locator(".tpl-values-message").inner_text()
    # The party organisation's name contained the old community name: it follows.
    assert set(texts(page, "party_org")) == {"中共" + OWN + "委员会"}
    page.click("[data-tpl-values-close]")

    page.evaluate("window.__sameDocument = true")
    page.locator(".md-tabs").get_by_role("link", name="活动范例").click()
    # The URL changes before the new content is in place: wait for the content.
    page.wait_for_url("**/activities/")
    page.wait_for_selector("article h1:text-is('活动范例')")
    page.get_by_role("link", name="邻居节").first.click()
    page.wait_for_url("**/" + ACTIVITY)
    page.wait_for_selector("article h1:text-is('邻居节')")
    assert page.evaluate("window.__sameDocument") is True, "instant navigation was not used"
    # The new content may be in place a moment before the values are: wait
    # until the page's fill-ins show the reader's value (or time out and fail).
    page.wait_for_function(
        "([name, value]) => { const all = [...document.querySelectorAll(`article [data-var=${name}]`)];"
        " return all.length > 0 && all.every(e => e.textContent === value); }",
        arg=["community", OWN],
    )
    assert_everywhere(page, "community", OWN)

    page.reload()
    assert page.evaluate("window.__sameDocument") is None
    assert_everywhere(page, "community", OWN)


def stored(page):
    """Every key the site keeps in this browser, as stored."""
    return page.evaluate(
        "Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('tpl-')).map(k => [k, localStorage.getItem(k)]))"
    )


def own_values(page):
    return page.evaluate("Object.assign({}, window.tplStore.values())")


def test_reset_asks_first_returns_the_site_values_and_can_be_undone(page, base_url):
    page.goto(base_url + PLAN)
    set_value(page, "street", "光明街道")
    assert_everywhere(page, "street", "光明街道")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("[data-tpl-values-reset]")
    assert_everywhere(page, "street", "光明街道")  # 取消: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-tpl-values-reset]")
    page.wait_for_selector(".tpl-values-message:has-text('已恢复为网站默认内容')")
    assert_everywhere(page, "street", DEFAULTS["street"])
    assert own_values(page) == {}
    page.locator("#tpl-toast").get_by_role("button", name="撤销").click()
    page.wait_for_selector("#tpl-toast:has-text('已撤销')")
    assert_everywhere(page, "street", "光明街道")
    assert page.locator('#tpl-values-panel input[name="street"]').input_value() == "光明街道"
    page.reload()
    assert_everywhere(page, "street", "光明街道")
    page.once("dialog", lambda dialog: dialog.accept())
    open_panel(page)
    page.click("[data-tpl-values-reset]")
    page.wait_for_selector(".tpl-values-message:has-text('已恢复为网站默认内容')")
    page.reload()
    assert_everywhere(page, "street", DEFAULTS["street"])
    assert own_values(page) == {}


def test_empty_input_is_refused_and_nothing_saved(page, base_url):
    page.goto(base_url + PLAN)
    set_value(page, "district", "东城区")
    saved = stored(page)
    set_value(page, "community", "   ")
    message = page.locator(".tpl-values-message")
    assert "不能为空" in message.inner_text() and "没有保存" in message.inner_text()
    assert stored(page) == saved
    assert_everywhere(page, "community", DEFAULTS["community"])


def test_over_long_input_is_refused(page, base_url):
    """The community's name keeps to its own limit (variables.yml max_length:
    a form with it stays on one page), the street's to the line limit."""
    page.goto(base_url + PLAN)
    open_panel(page)
    field = page.locator('#tpl-values-panel input[name="community"]')
    assert field.get_attribute("maxlength") == "20"
    assert page.locator('#tpl-values-panel input[name="street"]').get_attribute("maxlength") == "60"
    # maxlength stops typing; a pasted or scripted value is checked again on save.
    field.evaluate("(el) => { el.value = '长'.repeat(21); }")
    page.click('#tpl-values-panel button[type="submit"]')
    assert "不能超过20个字" in page.locator(".tpl-values-message").inner_text()
    assert stored(page) == {}


def copied(page, selector):
    page.evaluate("navigator.clipboard.writeText('')")
    page.click(selector)
    page.wait_for_selector(".md-dialog--active")  # Material's 已复制 toast
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_whole_plan_has_own_values_numbers_and_blank_lines(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + PLAN)
    set_value(page, "community", OWN)
    page.click("[data-tpl-values-close]")
    text = copied(page, "[data-tpl-copy-all]")
    assert text.startswith(OWN + DEFAULTS["year"] + "年精神文明建设工作计划\n\n")
    assert DEFAULTS["community"] not in text
    assert "\n\n一、指导思想\n\n" in text and "\n\n（一）" in text
    assert not re.search("[\u200b-\u200d\ufeff]", text)
    for ui in ["复制全文", "复制本节", "打印", "使用说明", "我的信息"]:
        assert ui not in text
    assert text.rstrip().endswith(DEFAULTS["issue_date"])


def test_copy_one_section_of_a_plan(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + PLAN)
    text = copied(page, "h2 >> text=三、组织领导 >> [data-tpl-copy-section]")
    assert text.startswith("三、组织领导\n\n")
    assert "（一）领导小组组成" in text
    assert "四、主要任务" not in text and DEFAULTS["issue_date"] not in text


def test_copy_news_item_and_ledger_of_an_activity(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + ACTIVITY)
    news = copied(page, "h2:has-text('信息稿') [data-tpl-copy-section]")
    assert news.startswith(DEFAULTS["community"] + "举办邻居节")
    assert "信息稿" not in news.split("\n")[0]
    ledger = copied(page, "h2:has-text('台账清单') [data-tpl-copy-section]")
    assert ledger.split("\n")[0] == "□ 活动方案"


def test_printing_a_plan_gives_just_the_document_on_a4(page, base_url, tmp_path):
    page.goto(base_url + PLAN)
    page.emulate_media(media="print")
    for selector in [".md-header", ".md-sidebar--primary", ".md-footer", ".tpl-intro", ".tpl-doc-tools", ".tpl-copy"]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("#tpl-doc h1").is_visible()
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "精神文明建设工作计划" in text and DEFAULTS["issue_date"] in text
    for ui in ["我的信息", "复制全文", "使用说明", "计划模板", "下载"]:
        assert ui not in text, ui


def test_choosing_an_activity_in_another_tab_keeps_what_is_typed_in_the_form(page, base_url):
    """A change of the chosen activities is not a change of the values: the
    open 我的信息 form keeps the text the reader has not saved yet."""
    page.goto(base_url + PLAN)
    open_panel(page)
    field = page.locator('#tpl-values-panel input[name="community"]')
    field.fill("正在输入的社区")
    other = page.context.new_page()
    other.goto(base_url + ACTIVITY)
    other.get_by_role("button", name="加入年度计划：邻居节").first.click()
    page.wait_for_selector("[data-tpl-plan-number]:not(:text-is('0'))")  # the storage event reached this tab
    assert field.input_value() == "正在输入的社区"


def test_copy_keeps_an_emoji_sequence_whole(clipboard_page, base_url):
    """👨‍👩‍👧 is three emoji joined by U+200D: the copy drops other zero-width
    characters but keeps these joiners, so the family stays one picture."""
    page = clipboard_page
    page.goto(base_url + PLAN)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    set_value(page, "community", family + "幸福\u200b社区")
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    page.click("[data-tpl-values-close]")
    text = copied(page, "[data-tpl-copy-all]")
    assert text.startswith(family + "幸福社区")
    assert "\u200b" not in text
