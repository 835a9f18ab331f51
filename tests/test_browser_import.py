"""导出, 导入 and 档案 of 我的年度计划 in Chromium, through the 我的信息 panel:
the same plan after export, clearing the browser and import; each bad file
refused with a clear Chinese message and the current data untouched; HTML in
a value shown as text everywhere; profiles switched."""

import json

import pytest

from helpers import MY_PLAN, PLAN, choose, export_file, import_file, open_panel, plan_count, start_empty, toast

pytestmark = pytest.mark.browser
ACTIVITY = "activities/neighbours-day/"
# In the street's name: its limit, 60, has room for it (the community's is 20).
HTML = '<img src=x onerror="window.__injected=1"><b>星光</b>街道'


def storage(page):
    """Every key the site keeps in this browser, as stored."""
    return page.evaluate(
        "Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('tpl-')).map(k => [k, localStorage.getItem(k)]))"
    )


def profile_data(page):
    """The active profile's data as an export file has them."""
    return page.evaluate("""() => ({values: Object.assign({}, tplStore.values()), inputs: Object.assign({}, tplStore.inputs()),
        choices: tplStore.choices().map(c => [c.id, c.title, c.month, c.lead, c.partners])})""")


def some_plan(page, base_url):
    """A reader's data: one 我的信息 value, one 本社区情况 text, one activity."""
    start_empty(page, base_url + MY_PLAN)
    page.goto(base_url + ACTIVITY)
    choose(page, "邻居节")
    page.goto(base_url + MY_PLAN)
    page.get_by_label("本社区品牌项目").fill("“邻里守望”志愿服务队")
    page.wait_for_selector("[data-tpl-inputs-message]:has-text('已保存')")  # saved as typed, no button
    open_panel(page)
    page.fill('#tpl-values-panel input[name="community"]', "星光社区")
    page.click('#tpl-values-panel button[type="submit"]')
    page.wait_for_selector(".tpl-values-message:has-text('已保存')")


def test_export_clear_import_gives_the_same_plan(page, base_url, tmp_path):
    some_plan(page, base_url)
    before = profile_data(page)
    exported = export_file(page, tmp_path)
    assert exported.name.startswith("我的年度计划-我的社区-") and exported.suffix == ".json"
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "tpl-community-plan" and data["values"]["community"] == "星光社区"
    assert [c["title"] for c in data["choices"]] == ["邻居节"]  # one choice, one month

    page.evaluate("localStorage.clear()")
    page.reload()
    assert plan_count(page) == "0"
    assert "已导入档案“我的社区”" in import_file(page, exported)
    toast(page, "已导入档案")
    assert profile_data(page) == before
    assert plan_count(page) == "1"
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector(".tpl-choice")
    assert page.locator(".tpl-my-plan__month").all_inner_texts() == ["5月"]
    assert page.get_by_label("本社区品牌项目").input_value() == "“邻里守望”志愿服务队"
    page.goto(base_url + PLAN)
    assert "“邻里守望”志愿服务队" in page.locator("#tpl-doc").inner_text()
    assert set(page.locator('[data-var="community"]').all_inner_texts()) == {"星光社区"}


def good_file(**changes):
    data = {
        "format": "tpl-community-plan",
        "version": 1,
        "profile": "光明社区",
        "values": {"community": "光明社区"},
        "inputs": {},
        "choices": [{"id": "activities/neighbours-day", "title": "邻居节", "month": 5, "lead": "", "partners": ""}],
    }
    data.update(changes)
    return json.dumps(data, ensure_ascii=False)


BAD_FILES = {
    "not_json": ("<html><body>这不是导出的文件</body></html>", "这不是本站导出的文件"),
    "not_ours": (json.dumps({"name": "别的程序", "items": [1, 2]}), "这不是本站“我的年度计划”导出的文件"),
    "newer_version": (good_file(version=2), "由更新版本的网站导出"),
    "unknown_key": (good_file(settings={"theme": "dark"}), "本站不认识的内容“settings”"),
    "unknown_value_name": (good_file(values={"hometown": "某地"}), "本站没有的信息项“hometown”"),
    "unknown_choice_key": (
        good_file(choices=[{"id": "a", "title": "b", "month": 1, "lead": "", "partners": "", "note": ""}]),
        "第1项活动有本站不认识的内容“note”",
    ),
    "over_length": (good_file(values={"community": "长" * 21}), "“社区名称”超过20个字"),
    "over_length_choice": (
        good_file(choices=[{"id": "a", "title": "长" * 61, "month": 1, "lead": "", "partners": ""}]),
        "第1项活动的“title”超过60个字",
    ),
    "bad_month": (good_file(choices=[{"id": "a", "title": "b", "month": 13, "lead": "", "partners": ""}]), "月份不是1到12"),
    "over_8_mb": (good_file(inputs={}) + " " * (8 * 1024 * 1024), "文件超过 8 MB"),
}


def test_bad_file_is_refused_with_a_message_and_data_untouched(page, base_url, tmp_path):
    """Each bad file in turn, on one reader's data (the data set up once)."""
    some_plan(page, base_url)
    before = storage(page)
    for case, (content, expected) in BAD_FILES.items():
        path = tmp_path / case / "导入.json"
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
        text = import_file(page, path)
        assert expected in text, (case, text)
        assert "没有导入，现有内容没有改变" in text, case
        toast(page, "没有导入")
        assert page.locator("#tpl-toast.tpl-toast--error").count() == 1, case
        assert storage(page) == before, case
    page.reload()
    assert storage(page) == before and plan_count(page) == "1"


def test_html_in_a_file_is_shown_as_text_everywhere(page, base_url, tmp_path):
    page.goto(base_url + PLAN)
    path = tmp_path / "html.json"
    path.write_text(
        good_file(
            profile="<b>档案</b>",
            values={"street": HTML},
            inputs={"community_profile": "<script>window.__injected=1</script>本社区"},
            choices=[
                {"id": "activities/neighbours-day", "title": "<em>邻居节</em>", "month": 5, "lead": "<u>李</u>", "partners": ""},
                {"id": "<x>", "title": "<i>旧活动</i>", "month": 6, "lead": "", "partners": ""},
            ],
        ),
        encoding="utf-8",
    )
    assert "已导入档案“<b>档案</b>”" in import_file(page, path)
    assert page.locator("#tpl-profile-select option:checked").inner_text() == "<b>档案</b>"
    assert page.locator('#tpl-values-panel input[name="street"]').input_value() == HTML
    page.click("#tpl-values-panel .tpl-values-head__close")
    assert set(page.locator('#tpl-doc [data-var="street"]').all_inner_texts()) == {HTML}
    doc = page.locator("#tpl-doc")
    assert "<script>window.__injected=1</script>本社区" in doc.inner_text()
    rows = page.locator('table[data-tpl-table="schedule"] tbody tr')
    assert rows.first.inner_text().split("\t")[1:3] == ["<em>邻居节</em>", "<u>李</u>"]
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector(".tpl-choice--gone")
    assert "<i>旧活动</i>" in page.locator(".tpl-choice--gone").inner_text()
    assert page.get_by_label("社区基本情况").input_value() == "<script>window.__injected=1</script>本社区"
    for tag in ["img[src=x]", "#tpl-doc b", ".tpl-choice em", ".tpl-choice i", ".tpl-choice u", "option b"]:
        assert page.locator(tag).count() == 0, tag
    assert page.evaluate("window.__injected") is None


def test_profiles_keep_each_communitys_plan(page, base_url):
    some_plan(page, base_url)
    open_panel(page)
    page.get_by_label("档案名称").fill("光明社区")
    page.get_by_role("button", name="新建档案").click()
    page.wait_for_selector(".tpl-profiles__message:has-text('已新建并切换到档案“光明社区”')")
    assert plan_count(page) == "0"
    assert page.locator('#tpl-values-panel input[name="community"]').input_value() != "星光社区"
    page.click("#tpl-values-panel .tpl-values-head__close")
    start_empty(page, base_url + MY_PLAN)  # the new profile's own list, emptied too
    page.goto(base_url + "activities/constitution-day/")
    choose(page, "国家宪法日宣传")
    assert plan_count(page) == "1"

    open_panel(page)
    page.get_by_label("当前档案").select_option("我的社区")
    page.wait_for_selector(".tpl-profiles__message:has-text('已切换到档案“我的社区”')")
    assert plan_count(page) == "1"
    assert page.locator('#tpl-values-panel input[name="community"]').input_value() == "星光社区"
    page.goto(base_url + MY_PLAN)
    page.wait_for_selector(".tpl-choice")
    assert page.locator(".tpl-choice__title").all_inner_texts() == ["邻居节"]

    open_panel(page)
    page.get_by_label("当前档案").select_option("光明社区")
    page.wait_for_selector(".tpl-profiles__message:has-text('已切换到档案“光明社区”')")
    page.wait_for_selector(".tpl-choice__title:has-text('国家宪法日宣传')")
    assert page.locator(".tpl-choice__title").all_inner_texts() == ["国家宪法日宣传"]
