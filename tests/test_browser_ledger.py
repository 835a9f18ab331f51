"""The 台账目录's 第四卷 as a person uses it in Chromium: choose two activities
(one on its page, one in the calendar), open the 台账目录 and find them in
第四卷 in month order with the materials their pages offer, in the copied text
and in the Word and plain-text downloads (issue 18, "台账目录 generated from
the reader's chosen activities and their forms")."""

import pytest
from docx import Document

from helpers import choose, toast

pytestmark = pytest.mark.browser
LEDGER = "documents/ledger-catalogue/"
COLUMNS = ["序号", "月份", "活动名称", "台账材料", "页码"]
ON_PAGE = ("activities/neighbours-day/", "邻居节", "5月")  # held in 5月 or 9月: the first
ON_CALENDAR = ("公民道德宣传日·道德模范学习宣传", "9月")  # on its day, 9月20日


def offered_materials(page):
    """What an activity page offers for its 台账, in order: 活动方案, its forms, 信息稿."""
    forms = page.locator('a[data-tpl-download="docx"][data-tpl-part="form"]').all_inner_texts()
    return "、".join(["活动方案", *(form.strip() for form in forms), "信息稿"])


def ledger_rows(page):
    return page.evaluate("""() => [...document.querySelector('table[data-tpl-table=ledger]').tBodies[0].rows]
        .map(r => [...r.cells].map(c => c.textContent))""")


def test_chosen_activities_fill_the_fourth_volume_on_page_in_copy_and_downloads(browser, base_url, tmp_path):
    context = browser.new_context(locale="zh-CN", permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    page = context.new_page()
    try:
        url, title, month = ON_PAGE
        page.goto(base_url + url)
        materials = {title: offered_materials(page)}
        choose(page, title)
        toast(page, "常用活动")  # the first choice keeps the common activities the volume listed
        page.goto(base_url + "activities/calendar/")
        other, other_month = ON_CALENDAR
        september = page.locator("h2", has_text=other_month).locator("xpath=following-sibling::ul[1]")
        september.get_by_role("button", name="加入年度计划：" + other).click()
        toast(page, f"已把“{other}”加入年度计划：{other_month}")
        count = int(page.locator("[data-tpl-plan-number]").first.inner_text())
        page.goto(base_url + "activities/civic-morality-day/")
        materials[other] = offered_materials(page)

        page.goto(base_url + LEDGER)
        page.wait_for_selector(f"[data-tpl-schedule-state]:has-text('已选 {count} 项活动')")
        page.wait_for_function(
            "titles => { const t = document.querySelector('table[data-tpl-table=ledger]').innerText;"
            " return titles.every(title => t.includes(title)); }",
            arg=list(materials),
        )
        rows = ledger_rows(page)
        assert len(rows) == count and [row[0] for row in rows] == [str(n) for n in range(1, count + 1)]
        months = [int(row[1].removesuffix("月")) for row in rows]
        assert months == sorted(months)  # in month order
        chosen = [row[1:4] for row in rows if row[2] in materials]
        assert chosen == [[month, title, materials[title]], [other_month, other, materials[other]]]
        assert all(row[4] == "" for row in rows)  # 页码: filled in after binding

        page.evaluate("navigator.clipboard.writeText('')")
        page.click("[data-tpl-copy-all]")
        page.wait_for_selector(".md-dialog--active")
        lines = page.evaluate("navigator.clipboard.readText()").split("\n")
        start = lines.index("\t".join(COLUMNS))
        assert [line.split("\t") for line in lines[start + 1 : start + 1 + count]] == rows

        with page.expect_download() as info:
            page.click('a[data-tpl-download="docx"][data-tpl-part="document"]')
        info.value.save_as(tmp_path / "ledger.docx")
        table = next(t for t in Document(tmp_path / "ledger.docx").tables if [c.text for c in t.rows[0].cells] == COLUMNS)
        assert [[c.text for c in row.cells] for row in table.rows[1:]] == rows

        with page.expect_download() as info:
            page.click('a[data-tpl-download="text"][data-tpl-part="document"]')
        info.value.save_as(tmp_path / "ledger.txt")
        lines = (tmp_path / "ledger.txt").read_text(encoding="utf-8-sig").splitlines()
        start = lines.index("\t".join(COLUMNS))
        assert [line.split("\t") for line in lines[start + 1 : start + 1 + count]] == rows
    finally:
        context.close()
