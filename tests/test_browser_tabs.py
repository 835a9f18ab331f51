"""Nothing a reader types is lost or moved (issue 17): two real tabs of one
browser (they share localStorage, as a worker's plan tab and 我的年度计划 tab
do), used through the UI as a person does; derived names following their
source in the browser; imports that ask before replacing; ids and names such
as "__proto__" kept as plain keys; one set of limits for form, export and import."""

import json

import pytest

from conftest import tabs_of
from helpers import MY_PLAN, PLAN, choose, export_file, import_file, open_panel, plan_count, start_empty, toast

pytestmark = pytest.mark.browser
NEIGHBOURS = "activities/neighbours-day/"  # 邻居节, in 5月 and 9月
CONSTITUTION = "activities/constitution-day/"  # 国家宪法日宣传, in 12月


@pytest.fixture
def tabs(browser):
    """Two tabs of one browser; any JavaScript error in either fails the test."""
    for pages in tabs_of(browser, 2, accept_downloads=True):
        for tab in pages:
            tab.set_default_timeout(15000)
        yield pages


def stored_choices(page):
    return page.evaluate("tplStore.choices().map(c => ({key: c.key, title: c.title, month: c.month, lead: c.lead}))")


def stored_inputs(page, profile=None):
    return page.evaluate(
        """name => {
        const state = tplStore.snapshot();
        const id = name ? Object.keys(state.profiles).find(k => state.profiles[k] === name) : state.active;
        return Object.assign({}, tplStore.inputs(id));
    }""",
        profile,
    )


def row(page, title, month):
    return page.locator(".tpl-choice", has=page.get_by_role("button", name=f"移除：{month}月 {title}"))


def test_typing_a_lead_while_another_tab_removes_an_activity_keeps_it_on_its_activity(tabs, base_url):
    a, b = tabs
    start_empty(a, base_url + MY_PLAN)
    a.goto(base_url + "activities/learn-from-lei-feng/")
    choose(a, "学雷锋志愿服务月")
    a.goto(base_url + NEIGHBOURS)
    choose(a, "邻居节")
    a.goto(base_url + CONSTITUTION)
    choose(a, "国家宪法日宣传")
    a.goto(base_url + MY_PLAN)
    b.goto(base_url + MY_PLAN)
    lead = row(a, "国家宪法日宣传", 12).get_by_label("责任人")
    lead.fill("")
    lead.press_sequentially("王")
    b.get_by_role("button", name="移除：5月 邻居节").click()
    toast(b, "已从年度计划中移除5月的“邻居节”")
    a.wait_for_selector(".tpl-choice >> nth=1")  # tab A drew the list again …
    a.wait_for_function("document.querySelectorAll('.tpl-choice').length === 2")
    lead = row(a, "国家宪法日宣传", 12).get_by_label("责任人")
    assert lead.evaluate("el => el === document.activeElement")  # … under the reader's hands
    a.keyboard.type("主任")
    a.keyboard.press("Tab")
    toast(a, "已保存“国家宪法日宣传”的责任人")
    leads = {(c["title"], c["month"]): c["lead"] for c in stored_choices(a)}
    assert leads[("国家宪法日宣传", 12)] == "王主任"
    assert ("邻居节", 5) not in leads and leads[("学雷锋志愿服务月", 3)] != "王主任"
    b.wait_for_function("[...document.querySelectorAll('.tpl-choice input[data-field=lead]')].some(i => i.value === '王主任')")


def test_typing_the_community_profile_while_another_tab_switches_profile_keeps_it_in_its_profile(tabs, base_url):
    a, b = tabs
    a.goto(base_url + MY_PLAN)
    area = a.get_by_label("社区基本情况")
    area.press_sequentially("本社区有住户")
    b.goto(base_url + PLAN)
    open_panel(b)
    b.get_by_label("档案名称").fill("光明社区")
    b.get_by_role("button", name="新建档案").click()
    b.wait_for_selector(".tpl-profiles__message:has-text('已新建并切换到档案“光明社区”')")
    toast(a, "另一个窗口切换到了档案“光明社区”")
    assert area.input_value() == ""  # tab A now shows 光明社区, which has no text yet
    assert stored_inputs(a, "我的社区") == {"community_profile": "本社区有住户"}
    area.press_sequentially("光明的情况")
    area.press("Tab")
    a.wait_for_selector("[data-tpl-inputs-message]:has-text('已保存')")
    assert stored_inputs(a, "光明社区") == {"community_profile": "光明的情况"}
    assert stored_inputs(a, "我的社区") == {"community_profile": "本社区有住户"}


def test_an_unsaved_field_of_my_information_stays_when_another_tab_saves(tabs, base_url):
    a, b = tabs
    a.goto(base_url + PLAN)
    open_panel(a)
    a.fill('#tpl-values-panel input[name="street"]', "光明街道")  # typed, not saved
    b.goto(base_url + PLAN)
    open_panel(b)
    b.fill('#tpl-values-panel input[name="community"]', "星光社区")
    b.click('#tpl-values-panel button[type="submit"]')
    b.wait_for_selector(".tpl-values-message:has-text('已保存')")
    toast(a, "另一个窗口保存了“我的信息”")
    # Unchanged fields follow the other tab, derived ones too; the one being changed stays.
    assert a.locator('#tpl-values-panel input[name="community"]').input_value() == "星光社区"
    assert a.locator('#tpl-values-panel input[name="party_org"]').input_value() == "中共星光社区委员会"
    assert a.locator('#tpl-values-panel input[name="street"]').input_value() == "光明街道"
    a.click('#tpl-values-panel button[type="submit"]')
    a.wait_for_selector(".tpl-values-message:has-text('已保存')")
    # The save reaches the other tab a moment later: its open form shows it.
    b.wait_for_function("document.querySelector('#tpl-values-panel input[name=street]').value === '光明街道'")
    assert b.evaluate("Object.assign({}, tplStore.values())") == {"community": "星光社区", "street": "光明街道"}


def test_two_choices_in_the_same_moment_both_stay(tabs, base_url):
    a, b = tabs
    start_empty(a, base_url + MY_PLAN)
    a.goto(base_url + NEIGHBOURS)
    b.goto(base_url + CONSTITUTION)
    # Both clicks at the same wall-clock millisecond (the tabs share the clock).
    at = a.evaluate("Date.now() + 400")
    for tab, title in [(a, "邻居节"), (b, "国家宪法日宣传")]:
        tab.get_by_role("button", name="加入年度计划：" + title).first.evaluate(
            "(button, at) => setTimeout(() => button.click(), at - Date.now())", at
        )
    toast(a, "已把“邻居节”加入年度计划")
    toast(b, "已把“国家宪法日宣传”加入年度计划")
    for tab in (a, b):
        tab.wait_for_function("document.querySelector('[data-tpl-plan-number]').textContent === '2'")
    assert sorted(c["title"] for c in stored_choices(a)) == ["国家宪法日宣传", "邻居节"]  # one month each


def test_editing_a_lead_or_adding_an_activity_keeps_the_text_of_other_boxes(tabs, base_url):
    a, _ = tabs
    start_empty(a, base_url + MY_PLAN)
    a.goto(base_url + NEIGHBOURS)
    choose(a, "邻居节")
    a.goto(base_url + MY_PLAN)
    a.get_by_label("社区基本情况").press_sequentially("住户三千")  # no button, no waiting
    a.get_by_label("上年存在的主要问题").press_sequentially("停车难")
    lead = row(a, "邻居节", 5).get_by_label("责任人")
    lead.fill("李四")
    lead.press("Tab")
    toast(a, "已保存“邻居节”的责任人")
    a.wait_for_selector("#tpl-add-activity:not([disabled])")
    a.get_by_label("活动", exact=True).select_option(label="国家宪法日宣传（12月）")
    a.get_by_role("button", name="添加", exact=True).click()
    toast(a, "已把“国家宪法日宣传”加入年度计划")
    assert a.get_by_label("社区基本情况").input_value() == "住户三千"
    assert a.get_by_label("上年存在的主要问题").input_value() == "停车难"
    a.reload()
    assert a.get_by_label("社区基本情况").input_value() == "住户三千"
    assert a.get_by_label("上年存在的主要问题").input_value() == "停车难"


# --- Derived values in the browser -------------------------------------------


def field(page, name):
    return page.locator(f'#tpl-values-panel input[name="{name}"]')


def shown(page, name):
    return set(page.locator(f'#tpl-doc [data-var="{name}"]').all_text_contents())


def save(page):
    page.click('#tpl-values-panel button[type="submit"]')


@pytest.mark.parametrize("order", ["clear-then-type", "clear-derived-then-type", "type-over"])
def test_party_and_committee_follow_the_community_whatever_the_order(tabs, base_url, order):
    page, _ = tabs
    page.goto(base_url + PLAN)
    open_panel(page)
    if order == "clear-then-type":
        field(page, "community").fill("")
        save(page)
        page.wait_for_selector(".tpl-values-message:has-text('不能为空')")
        field(page, "community").press_sequentially("金桥社区")
    elif order == "clear-derived-then-type":
        field(page, "party_org").fill("")
        field(page, "committee").fill("")
        field(page, "community").fill("")
        field(page, "community").press_sequentially("金桥社区")
    else:
        field(page, "community").fill("金桥社区")
    assert field(page, "party_org").input_value() == "中共金桥社区委员会"
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    assert shown(page, "party_org") == {"中共金桥社区委员会"} and shown(page, "committee") == {"金桥社区居民委员会"}
    assert page.evaluate("Object.assign({}, tplStore.values())") == {"community": "金桥社区"}  # the rule, not a copy
    # Cleared and typed again after saving: still follows.
    field(page, "community").fill("")
    field(page, "community").press_sequentially("银桥社区")
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    assert shown(page, "party_org") == {"中共银桥社区委员会"}


def test_own_party_name_is_kept_and_an_emptied_one_follows_again(tabs, base_url):
    page, _ = tabs
    page.goto(base_url + PLAN)
    open_panel(page)
    field(page, "party_org").fill("金桥社区党委")
    field(page, "community").fill("金桥社区")
    assert field(page, "party_org").input_value() == "金桥社区党委"
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    assert shown(page, "party_org") == {"金桥社区党委"}
    field(page, "party_org").fill("")
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    assert shown(page, "party_org") == {"中共金桥社区委员会"}


@pytest.mark.parametrize("year", ["2026年度", "二〇二七", "27"])
def test_year_is_four_digits_or_refused_in_chinese(tabs, base_url, year):
    page, _ = tabs
    page.goto(base_url + PLAN)
    open_panel(page)
    field(page, "year").fill(year)
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('只写四位数字的年份')")
    assert "没有保存" in page.locator(".tpl-values-message").inner_text()
    assert page.evaluate("Object.keys(tplStore.values()).length") == 0


def test_dates_and_year_bound_formulas_follow_the_year(tabs, base_url):
    page, _ = tabs
    page.goto(base_url + PLAN)
    open_panel(page)
    field(page, "year").fill("")
    field(page, "year").press_sequentially("2027")
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    assert shown(page, "issue_date") == {"2027年2月6日"}  # after the 街道 plan (variables.yml)
    assert field(page, "plan_year_role").input_value() == "攻坚之年"
    field(page, "year").fill("2031")
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    assert field(page, "five_year_plan").input_value() == "“十六五”"
    assert field(page, "summary_date").input_value() == "2031年12月15日"


# --- Import ------------------------------------------------------------------


def plan_file(tmp_path, name, profile="我的社区", community="光明社区", choices=None):
    data = {
        "format": "tpl-community-plan",
        "version": 1,
        "profile": profile,
        "values": {"community": community},
        "inputs": {},
        "choices": choices
        if choices is not None
        else [{"id": "activities/neighbours-day", "title": "邻居节", "month": 5, "lead": "", "partners": ""}],
    }
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def ask_import(page, path):
    open_panel(page)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="从文件导入").click()
    chooser.value.set_files(str(path))
    page.wait_for_selector(".tpl-ask:has-text('本机已有名为“我的社区”的档案')")


def profile_names(page):
    return sorted(page.locator("#tpl-profile-select option").all_inner_texts())


def test_import_of_a_taken_name_asks_and_can_be_undone(tabs, base_url, tmp_path):
    page, _ = tabs
    start_empty(page, base_url + MY_PLAN)
    page.goto(base_url + NEIGHBOURS)
    choose(page, "邻居节")
    open_panel(page)
    field(page, "community").fill("星光社区")
    save(page)
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")
    path = plan_file(tmp_path, "同事.json")

    ask_import(page, path)
    page.locator(".tpl-ask").get_by_role("button", name="取消").click()
    page.wait_for_selector(".tpl-profiles__message:has-text('没有导入，现有内容没有改变')")
    assert field(page, "community").input_value() == "星光社区" and profile_names(page) == ["我的社区"]

    ask_import(page, path)
    page.locator(".tpl-ask").get_by_role("button", name="保留两份").click()
    page.wait_for_selector(".tpl-profiles__message:has-text('已导入档案“我的社区（2）”')")
    assert profile_names(page) == ["我的社区", "我的社区（2）"]
    assert field(page, "community").input_value() == "光明社区"
    page.locator("#tpl-values-panel").get_by_role("button", name="撤销导入").click()
    page.wait_for_selector(".tpl-profiles__message:has-text('已撤销导入')")
    assert profile_names(page) == ["我的社区"] and field(page, "community").input_value() == "星光社区"

    ask_import(page, path)
    page.locator(".tpl-ask").get_by_role("button", name="替换").click()
    page.wait_for_selector(".tpl-profiles__message:has-text('替换了本机原有的同名档案')")
    assert profile_names(page) == ["我的社区"] and field(page, "community").input_value() == "光明社区"
    page.locator("#tpl-toast").get_by_role("button", name="撤销导入").click()
    page.wait_for_selector(".tpl-profiles__message:has-text('已撤销导入')")
    assert field(page, "community").input_value() == "星光社区"
    assert plan_count(page) == "1" and profile_names(page) == ["我的社区"]
    assert page.locator("[data-tpl-import-undo]").is_hidden()  # once


@pytest.mark.parametrize("name", ["__proto__", "constructor", "toString"])
def test_odd_ids_and_names_are_plain_keys_and_the_download_keeps_the_values(tabs, base_url, tmp_path, name):
    page, _ = tabs
    page.goto(base_url + PLAN)
    path = plan_file(
        tmp_path,
        "odd.json",
        profile=name,
        community="星光社区",
        choices=[
            {"id": name, "title": "奇怪的活动", "month": 3, "lead": "张三", "partners": ""},
            {"id": "activities/neighbours-day", "title": "邻居节", "month": 5, "lead": "", "partners": ""},
        ],
    )
    assert f"已导入档案“{name}”" in import_file(page, path)
    assert profile_names(page) == sorted(["我的社区", name])
    # Away and back: the profile is still there, with its data.
    page.get_by_label("当前档案").select_option(label="我的社区")
    page.wait_for_selector(".tpl-profiles__message:has-text('已切换到档案“我的社区”')")
    page.get_by_label("当前档案").select_option(label=name)
    page.wait_for_selector(f".tpl-profiles__message:has-text('已切换到档案“{name}”')")
    assert field(page, "community").input_value() == "星光社区" and plan_count(page) == "2"
    page.click("#tpl-values-panel .tpl-values-head__close")
    page.wait_for_selector("[data-tpl-schedule-state]:has-text('已选 2 项活动')")
    with page.expect_download() as info:
        page.click('a[data-tpl-download="docx"]')
    saved = tmp_path / "plan.docx"
    info.value.save_as(saved)
    from docx import Document

    text = "\n".join(p.text for p in Document(saved).paragraphs)
    assert "星光社区" in text  # the reader's values, not the built default file
    tables = "\n".join(cell.text for table in Document(saved).tables for r in table.rows for cell in r.cells)
    assert "奇怪的活动" in tables and "张三" in tables


def test_one_limit_for_form_export_and_import_every_activity_in_every_month(tabs, base_url, tmp_path):
    page, _ = tabs
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector("#tpl-add-activity:not([disabled])")
    # What the form allows: every activity in every month (added through the store the form uses).
    total = page.evaluate("""() => {
        const items = [];
        for (const a of window.tplActivities) for (let m = 1; m <= 12; m++)
            items.push({id: a.id, title: a.title, month: m, lead: "责".repeat(60), partners: "单".repeat(200)});
        tplStore.addChoices(items);
        return items.length;
    }""")
    assert total > 1000 and total <= page.evaluate("tplStore.LIMITS.choices")
    exported = export_file(page, tmp_path)
    assert len(json.loads(exported.read_text(encoding="utf-8"))["choices"]) == total
    page.evaluate("localStorage.clear()")
    page.reload()
    assert "已导入档案“我的社区”" in import_file(page, exported)
    assert page.evaluate("tplStore.choices().length") == total
