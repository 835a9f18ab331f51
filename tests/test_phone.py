"""A phone in one hand (390×844, touch) and a desktop (1280×800): the first
step on the first screen, 我的信息 named, touch targets of 44×44 CSS px
(WCAG 2.5.5), 16px text, wide tables that scroll with a hint, and the
calendar's month jump. Screenshots of each state go to the test's tmp dir."""

import pytest
from bs4 import BeautifulSoup

from conftest import EAST_NOTICE, EDITION_SITE_NAME, read_page, tabs_of
from search_driver import our_search

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 1}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PLAN = "plans/community-annual-plan/"
ACTIVITY = "activities/neighbours-day/"
CALENDAR = "activities/calendar/"
PAGES = ["", PLAN, ACTIVITY, CALENDAR]


@pytest.fixture
def phone(browser):
    for tabs in tabs_of(browser, **PHONE):
        yield tabs[0]


@pytest.fixture
def desktop(browser):
    for tabs in tabs_of(browser, **DESKTOP):
        yield tabs[0]


def open_page(tab, base_url, url):
    tab.goto(base_url + url)
    tab.wait_for_selector("article h1")
    tab.wait_for_load_state("load")


def shot(tab, tmp_path, name):
    path = tmp_path / f"{name}.png"
    tab.screenshot(path=str(path))
    assert path.stat().st_size > 5000
    return path


def box(tab, selector):
    found = tab.locator(selector).first.bounding_box()
    assert found, f"{selector} is not shown"
    return found


def test_home_shows_what_and_the_first_step_on_the_first_phone_screen(phone, base_url, tmp_path):
    open_page(phone, base_url, "")
    shot(phone, tmp_path, "home-390")
    for selector in ["article h1", ".tpl-first-steps", "[data-tpl-open-values]", ".tpl-first-steps a[href$='#choose']"]:
        found = box(phone, selector)
        assert found["y"] >= 0 and found["y"] + found["height"] <= 844, f"{selector} is below the first screen: {found}"
    assert "模板" in phone.inner_text("article h1")
    steps = phone.inner_text(".tpl-first-steps")
    assert steps.index("填写我的信息") < steps.index("挑一个计划模板")
    phone.get_by_role("button", name="填写我的信息").click()
    phone.wait_for_selector("#tpl-values-panel:not([hidden])")
    assert phone.evaluate("document.activeElement.closest('#tpl-values-panel') !== null")
    shot(phone, tmp_path, "home-values-open-390")


def test_home_on_the_desktop(desktop, base_url, tmp_path):
    open_page(desktop, base_url, "")
    shot(desktop, tmp_path, "home-1280")
    found = box(desktop, ".tpl-first-steps")
    assert found["y"] + found["height"] <= 800
    assert found["width"] > 600


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_values_button_is_named_and_labelled(request, base_url, size, tmp_path):
    tab = request.getfixturevalue(size)
    open_page(tab, base_url, PLAN)
    button = tab.get_by_role("button", name="我的信息", exact=True)
    assert button.count() == 1
    label = tab.locator(".tpl-values-toggle__label")
    assert label.is_visible() and label.inner_text() == "我的信息"
    found = label.bounding_box()
    assert found["x"] + found["width"] <= tab.viewport_size["width"]
    shot(tab, tmp_path, f"header-{size}")


def small_controls(tab):
    """Visible controls smaller than 44×44 CSS px (inline links in running text excepted, as WCAG 2.5.5 does)."""
    return tab.evaluate("""() => {
        const selector = 'button, input:not([type=hidden]):not([type=checkbox]):not([type=file]), select, textarea, summary, '
            + '.md-button, .md-header__button, .tpl-month-jump a, .tpl-copy, .tpl-choose, .md-top';
        return Array.from(document.querySelectorAll(selector)).filter(el => {
            const r = el.getBoundingClientRect();
            return el.offsetParent !== null && r.width > 0 && getComputedStyle(el).visibility !== 'hidden'
                && (r.width < 43.5 || r.height < 43.5);
        }).map(el => (el.className || el.tagName) + ' ' + (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 20)
                     + ' ' + Math.round(el.getBoundingClientRect().width) + '×' + Math.round(el.getBoundingClientRect().height));
    }""")


@pytest.mark.parametrize("url", PAGES)
def test_every_control_is_44px_on_a_touch_screen(phone, base_url, url):
    open_page(phone, base_url, url)
    assert phone.evaluate("matchMedia('(pointer: coarse)').matches")
    assert phone.locator(".tpl-copy, .tpl-choose, .md-button").count() > 0 or url == CALENDAR
    assert not (small := small_controls(phone)), small


def test_the_size_check_sees_small_controls_without_touch(desktop, base_url):
    """Mouse pointers keep the compact buttons: the check above is not empty by construction."""
    open_page(desktop, base_url, PLAN)
    assert any("tpl-copy" in found for found in small_controls(desktop))


def test_values_form_controls_are_44px_on_a_touch_screen(phone, base_url):
    open_page(phone, base_url, PLAN)
    phone.click(".tpl-values-toggle")
    phone.wait_for_selector("#tpl-values-panel:not([hidden])")
    assert not (small := small_controls(phone)), small


@pytest.mark.parametrize("url", PAGES)
def test_text_is_16px_at_least_on_a_phone(phone, base_url, url):
    open_page(phone, base_url, url)
    small = phone.evaluate("""() => Array.from(document.querySelectorAll(
            'article p, article li, article td, article th, article dd, article dt, article summary'))
        .filter(el => el.offsetParent !== null && el.innerText.trim()
                && parseFloat(getComputedStyle(el).fontSize) < 16)
        .map(el => el.tagName + ' ' + getComputedStyle(el).fontSize + ' ' + el.innerText.trim().slice(0, 20))""")
    assert not small, small


def test_wide_tables_scroll_in_their_box_with_a_hint(phone, base_url, tmp_path):
    open_page(phone, base_url, PLAN)
    wide = phone.locator("[data-tpl-wide]")
    wide.first.wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the page itself scrolls sideways"
    for index in range(wide.count()):
        table = wide.nth(index)
        table.scroll_into_view_if_needed()
        found = table.bounding_box()
        assert found["x"] >= 0 and found["x"] + found["width"] <= 390
        assert table.evaluate("el => el.scrollWidth > el.clientWidth")
        hint = table.locator("xpath=preceding-sibling::*[1]")
        assert hint.is_visible() and "左右滑动" in hint.inner_text()
    first = wide.first
    first.scroll_into_view_if_needed()
    shot(phone, tmp_path, "wide-table-390")
    first.evaluate("el => { el.scrollLeft = 200; }")
    assert first.evaluate("el => el.scrollLeft") > 0


def test_no_hint_where_the_table_fits(desktop, base_url):
    open_page(desktop, base_url, "")
    desktop.wait_for_selector("article table")
    assert desktop.locator(".tpl-scroll-hint").count() == 0


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_calendar_jumps_to_a_month(request, base_url, size, tmp_path):
    tab = request.getfixturevalue(size)
    open_page(tab, base_url, CALENDAR)
    links = tab.locator(".tpl-month-jump a")
    assert links.all_inner_texts() == [f"{month}月" for month in range(1, 13)]
    found = box(tab, ".tpl-month-jump")
    assert found["y"] + found["height"] <= tab.viewport_size["height"], "the month jump is below the first screen"
    shot(tab, tmp_path, f"calendar-{size}")
    tab.get_by_role("navigation", name="跳到月份").get_by_role("link", name="7月", exact=True).click()
    heading = tab.locator("h2#month-7")
    tab.wait_for_function(
        "() => { const r = document.getElementById('month-7').getBoundingClientRect(); return r.top >= 0 && r.top < 200; }"
    )
    assert heading.inner_text().startswith("7月")
    shot(tab, tmp_path, f"calendar-july-{size}")


# The readers' site: maintainers' pages apart, a Chinese 404 and footer,
# labels said once, an edition's own name and notice on its home page.

MAINTAINERS = ["maintainers/writing/", "maintainers/district-edition/", "maintainers/publish/"]


def test_maintainers_pages_are_built_but_out_of_the_readers_nav(site):
    for url in MAINTAINERS:
        assert "<h1" in read_page(site, url)
    for url in ["", "guide/", "guide/offline/", "plans/community-annual-plan/"]:
        html = read_page(site, url)
        assert "maintainers/" not in html, url
        for title in ["编写规范", "制作本区县版本", "发布网站"]:
            assert f">{title}<" not in html.replace("\n", "").replace(" ", ""), (url, title)


def test_footer_is_chinese(site):
    for url in ["", "guide/"]:
        html = read_page(site, url)
        footer = html[html.index('<footer class="md-footer">') :]
        assert "Made with" not in footer and "模板和范例可以自由复制" in footer
        assert "使用说明" in footer


def test_section_labels_are_not_doubled(site):
    html = read_page(site, "sections/")
    assert "工作目标（街道）</a>" in html
    for level in ["社区", "街道", "单位", "村"]:
        assert f"（{level}）</a>（{level}）" not in html and f"（{level}）</a>({level})" not in html


def test_404_in_chinese_with_search_and_the_way_home(phone, site, base_url, tmp_path):
    # As a web server does (nginx error_page, GitHub Pages): 404.html at any wrong address.
    body = (site / "404.html").read_text(encoding="utf-8")
    phone.route("**/no/such/page/", lambda route: route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"))
    response = phone.goto(base_url + "no/such/page/")
    assert response.status == 404
    phone.wait_for_selector("article h1")
    assert phone.inner_text("article h1") == "没有找到这个页面"
    assert "Not found" not in phone.content()
    shot(phone, tmp_path, "404-390")
    phone.get_by_role("button", name="搜索本站").click()
    assert phone.evaluate("document.activeElement.id") == "tpl-search-input"
    assert "activities/neighbours-day/" in our_search(phone, "邻居节", base_url)
    phone.goto(base_url + "no/such/page/")
    phone.get_by_role("link", name="回到首页").click()
    phone.wait_for_selector(".tpl-first-steps", state="visible")  # what a person waits for: the home page's first steps


def test_an_edition_home_carries_its_name_and_notice(edition_sites):
    soup = BeautifulSoup(read_page(edition_sites.east, ""), "lxml")
    assert soup.select_one("article h1").get_text() == EDITION_SITE_NAME
    assert EDITION_SITE_NAME in soup.title.get_text()
    box = soup.select_one("article .admonition")
    assert box and "本区通知" in box.get_text() and EAST_NOTICE in box.get_text()
    assert box.find("a")["href"].startswith("guide/notice")


def test_upstream_home_has_no_notice_box(site):
    soup = BeautifulSoup(read_page(site, ""), "lxml")
    assert soup.select_one("article h1").get_text() == "社区精神文明建设模板库"
    assert "本区通知" not in soup.select_one("article").get_text()
