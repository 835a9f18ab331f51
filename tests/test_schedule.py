"""The 月度活动安排表 and 责任分工表 of plans (macros/plan/schedule.py) as built: in
every plan that declares `schedule: true` and no other, never empty (the
default schedule from the activities' front matter, in month order), with
"加入年度计划" marks on activity pages and calendar entries, and in the Word
file as a 公文 table the browser can fill (bookmark, one run a cell, grid and
widths, 黑体 header, 仿宋 body). The 台账目录's 第四卷 is a table of the same
kind, from the same choices; the browser makes the build's rows of both."""

import functools
import json
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import ROOT
from helpers import MY_PLAN, front_matter, nested_quotes, page_tree, shown_text, start_empty

# The plans issue 13 names, and the ones declared since.
NEEDED = [
    "community-annual-plan",
    "street-annual-plan",
    "volunteer-service-plan",
    "minors-moral-plan",
    "community-civilised-city-plan",
]
COLUMNS = {"schedule": ["月份", "活动内容", "责任人", "参与单位"], "duties": ["工作任务", "牵头人", "配合单位", "完成时限"]}
LEDGER = "documents/ledger-catalogue/"
LEDGER_COLUMNS = ["序号", "月份", "活动名称", "台账材料", "页码"]


@functools.cache  # read by every plan's test
def declared():
    return {path.stem for path in (ROOT / "docs/plans").glob("*.md") if front_matter(path).get("schedule")}


def tree_of(site, url):
    return page_tree(site / url / "index.html")


def cells(row):
    return [shown_text(cell) for cell in row.xpath(".//td")]


def test_the_plans_that_need_tables_declare_them():
    assert set(NEEDED) <= declared()


@pytest.mark.parametrize("slug", sorted(path.stem for path in (ROOT / "docs/plans").glob("*.md") if path.stem != "index"))
def test_plan_has_both_tables_exactly_when_it_declares_schedule(site, slug):
    doc = tree_of(site, f"plans/{slug}/").get_element_by_id("tpl-doc")
    tables = {t.get("data-tpl-table"): t for t in doc.xpath(".//table[@data-tpl-table]")}
    if slug not in declared():
        assert tables == {}
        return
    assert set(tables) == {"schedule", "duties"}
    for name, table in tables.items():
        assert [shown_text(th) for th in table.xpath(".//thead//th")] == COLUMNS[name]
        rows = [cells(tr) for tr in table.xpath(".//tbody//tr")]
        assert len(rows) >= 5 and all(len(r) == 4 and all(r) for r in rows), (slug, name)
    months = [int(cells(r)[0].removesuffix("月")) for r in tables["schedule"].xpath(".//tbody//tr")]
    assert months == sorted(months) and len(set(months)) >= 6  # spread over the year, in month order


def test_every_activity_page_and_calendar_entry_has_a_choice_mark(site):
    activities = [p.stem for p in (ROOT / "docs/activities").glob("*.md") if p.stem not in ("index", "calendar", "by-theme")]
    for slug in activities:
        marks = tree_of(site, f"activities/{slug}/").xpath("//span[@data-tpl-choose]")
        assert [m.get("data-tpl-choose") for m in marks] == [f"activities/{slug}"], slug
        months = marks[0].get("data-tpl-months").split()
        assert months and all(1 <= int(m) <= 12 for m in months), slug
    calendar = tree_of(site, "activities/calendar/").xpath("//article")[0]
    entries = [li for li in calendar.xpath(".//li") if li.xpath(".//a[contains(@href, '/')] and .//text()[contains(., '：')]")]
    assert entries and all(li.xpath(".//span[@data-tpl-choose]") for li in entries)


def test_word_tables_are_gongwen_tables_the_browser_can_fill(site):
    folder = site / "plans/community-annual-plan"
    [href] = tree_of(site, "plans/community-annual-plan/").xpath(
        "//a[@data-tpl-download='docx'][@data-tpl-part='document']/@href"
    )
    path = folder / href
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert 'w:name="tbl_schedule"' in xml and 'w:name="tbl_duties"' in xml
    document = Document(path)
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    for columns in COLUMNS.values():
        table = tables[tuple(columns)]
        # WPS lays tables out from the grid, Word from the widths: both are set.
        assert len(table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))) == 4
        assert table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:type")) == "dxa"
        header_runs = [r for c in table.rows[0].cells for p in c.paragraphs for r in p.runs]
        body_runs = [r for row in table.rows[1:] for c in row.cells for p in c.paragraphs for r in p.runs]
        assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in header_runs} == {"黑体"}
        assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in body_runs} == {"仿宋_GB2312"}
        # One text run a cell: schedule.js copies the first body row per row.
        assert all(len(c._tc.findall(".//" + qn("w:t"))) == 1 for c in table.rows[1].cells)


def test_plain_text_carries_each_table_as_one_segment(site):
    [href] = tree_of(site, "plans/community-annual-plan/").xpath(
        "//a[@data-tpl-download='text'][@data-tpl-part='document']/@href"
    )
    segments = json.loads((site / "plans/community-annual-plan" / (href + ".json")).read_text(encoding="utf-8"))
    tables = {part[0]: part[1] for part in segments if isinstance(part, list) and part[0].startswith("tbl:")}
    assert set(tables) == {"tbl:schedule", "tbl:duties"}
    assert tables["tbl:schedule"].splitlines()[0] == "| 月份 | 活动内容 | 责任人 | 参与单位 |"


def test_browser_data_lists_every_activity(site):
    text = (site / "assets/data/activities.js").read_text(encoding="utf-8")
    data = json.loads(text.removeprefix("window.tplActivities=").rstrip().rstrip(";"))
    activities = [p.stem for p in (ROOT / "docs/activities").glob("*.md") if p.stem not in ("index", "calendar", "by-theme")]
    assert sorted(a["id"] for a in data) == sorted(f"activities/{slug}" for slug in activities)


# --- The same rows in the browser (schedule.js) as in the build --------------

CHOSEN = ["activities/neighbours-day/", "activities/qingming/", "activities/learn-from-lei-feng/"]  # in this order


def chosen_entries(chosen=CHOSEN):
    from macros.catalog import Entry
    from macros.frontmatter import read

    for url in chosen:
        src = url.rstrip("/") + ".md"
        yield url, Entry(src, read((ROOT / "docs" / src).read_text(encoding="utf-8"), src)[1])


def build_side_rows(level):
    """The rows macros/plan/schedule.py makes of CHOSEN, chosen in this order, for a plan of `level`."""
    from macros.plan import days
    from macros.plan.schedule import LEVEL_RULES, choice, duties_rows, month_of, schedule_rows

    # one month each, as a choice takes it: the day's month in the site's year (2026), else the first
    items = [choice(month_of(entry, days.load(), 2026), entry) for _, entry in chosen_entries()]
    rule = LEVEL_RULES.get(level)
    return {"schedule": [list(r) for r in schedule_rows(items, rule)], "duties": [list(r) for r in duties_rows(items, rule)]}


def word_rows(path):
    """{table name: body rows} of the schedule tables of a downloaded Word file."""
    heads = {tuple(columns): name for name, columns in COLUMNS.items()}
    return {
        heads[tuple(c.text for c in t.rows[0].cells)]: [[c.text for c in row.cells] for row in t.rows[1:]]
        for t in Document(path).tables
        if tuple(c.text for c in t.rows[0].cells) in heads
    }


@pytest.mark.browser
def test_the_browser_makes_the_build_s_rows_for_each_level(page, base_url, tmp_path):
    """Issue 19's bug: the browser rebuilt the rows without the plan's level, so
    a village's or a street's plan showed 社区居委会 and 物业服务企业 rows once a
    reader chose an activity. Now both sides apply the level's one rule."""
    start_empty(page, base_url + MY_PLAN)
    for url, entry in chosen_entries():
        page.goto(base_url + url)
        title = entry.title
        page.get_by_role("button", name="加入年度计划：" + title).first.click()
        page.wait_for_selector(f"#tpl-toast.tpl-toast--shown:has-text('已把“{nested_quotes(title)}”加入年度计划')")
    for slug, level in (("community-annual-plan", "社区"), ("village-annual-plan", "村"), ("street-annual-plan", "街道")):
        page.goto(f"{base_url}plans/{slug}/")
        page.wait_for_selector("[data-tpl-schedule-state]:has-text('已选 3 项活动')")
        shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.tpl-doc table[data-tpl-table]')]
            .map(t => [t.dataset.tplTable, [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))]))""")
        expected = build_side_rows(level)
        assert shown == expected, slug
        cells = "".join(c for rows in shown.values() for row in rows for c in row)
        if level == "村":
            assert "村民委员会" in cells and "村民小组" in cells and "社区居委会" not in cells and "物业服务企业" not in cells
        if level == "街道":
            assert "街道文明办" in cells and "各社区（村）" in cells and "社区居委会" not in cells and "物业服务企业" not in cells
        if level == "社区":
            assert "社区居委会" in cells and "物业服务企业" in cells
        with page.expect_download() as info:  # the Word file is filled by the same rows
            page.click('a[data-tpl-download="docx"][data-tpl-part="document"]')
        info.value.save_as(tmp_path / f"{slug}.docx")
        assert word_rows(tmp_path / f"{slug}.docx") == expected, slug


# --- The 台账目录's 第四卷: the same kind of table, from the same choices ------


def ledger_of(site):
    return tree_of(site, LEDGER).xpath("//*[@id='tpl-doc']//table[@data-tpl-table]")[0]


def test_ledger_catalogue_lists_the_common_activities_with_their_forms(site):
    from macros.catalog import load_taxonomy
    from macros.plan.schedule import materials

    table = ledger_of(site)
    assert table.get("data-tpl-table") == "ledger" and table.get("data-widths") == "2 3 8 13 2"
    assert [shown_text(th) for th in table.xpath(".//thead//th")] == LEDGER_COLUMNS
    rows = [cells(tr) for tr in table.xpath(".//tbody//tr")]
    text = (site / "assets/data/activities.js").read_text(encoding="utf-8")
    data = json.loads(text.removeprefix("window.tplActivities=").rstrip().rstrip(";"))
    common = {a["title"]: a for a in data if a["annual"]}
    # the annual plan's default set, numbered within the volume, in month order, 页码 blank
    assert sorted(row[2] for row in rows) == sorted(common)
    assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    months = [int(row[1].removesuffix("月")) for row in rows]
    assert months == sorted(months) and all(row[4] == "" for row in rows)
    plan = [
        cells(tr) for tr in tree_of(site, "plans/community-annual-plan/").xpath("//table[@data-tpl-table='schedule']//tbody//tr")
    ]
    assert [(row[1], row[2]) for row in rows] == [(row[0], row[1]) for row in plan]  # the plan's default rows
    # materials: the activity's 活动方案, the forms its page offers, its 信息稿
    taxonomy = load_taxonomy()
    for row in rows:
        assert row[3] == "、".join(common[row[2]]["ledger"])
    assert common["双拥共建·“八一”慰问"]["ledger"] == materials(
        {"forms": ["签到表", "活动记录表", "入户走访记录表", "物资发放签收表", "照片说明"]}, taxonomy
    )
    assert json.loads(table.get("data-tpl-ledger")) == materials({}, taxonomy)
    # in the Word file as a table the browser fills, in the text as one segment
    with zipfile.ZipFile(site / LEDGER / "ledger-catalogue.docx") as package:
        assert 'w:name="tbl_ledger"' in package.read("word/document.xml").decode("utf-8")
    segments = json.loads((site / LEDGER / "ledger-catalogue.txt.json").read_text(encoding="utf-8"))
    tables = [part for part in segments if isinstance(part, list) and part[0].startswith("tbl:")]
    assert [part[0] for part in tables] == ["tbl:ledger"]
    assert tables[0][1].splitlines()[0] == "| 序号 | 月份 | 活动名称 | 台账材料 | 页码 |"


LEDGER_CHOSEN = ["activities/neighbours-day/", "activities/art-teams/", "activities/learn-from-lei-feng/"]  # in this order


def build_side_ledger(chosen):
    """The rows macros/plan/schedule.py makes of `chosen`, chosen in this order, for the 台账目录."""
    from macros.catalog import load_taxonomy
    from macros.plan import days
    from macros.plan.schedule import activity_id, choice, ledger_rows, materials, month_of

    taxonomy = load_taxonomy()
    entries = [entry for _, entry in chosen_entries(chosen)]
    items = [choice(month_of(entry, days.load(), 2026), entry) for entry in entries]
    known = {activity_id(entry): materials(entry.meta, taxonomy) for entry in entries}
    return [list(row) for row in ledger_rows(items, known, materials({}, taxonomy))]


def ledger_word_rows(path):
    return [
        [c.text for c in row.cells]
        for t in Document(path).tables
        if [c.text for c in t.rows[0].cells] == LEDGER_COLUMNS
        for row in t.rows[1:]
    ]


@pytest.mark.browser
def test_the_browser_makes_the_build_s_ledger_rows(page, base_url, tmp_path):
    """The same choices give the same 第四卷 on the page, in Word and in the
    text, as macros/plan/schedule.py makes of them (an activity with its own
    forms among them)."""
    start_empty(page, base_url + MY_PLAN)
    for url, entry in chosen_entries(LEDGER_CHOSEN):
        page.goto(base_url + url)
        page.get_by_role("button", name="加入年度计划：" + entry.title).first.click()
        page.wait_for_selector(f"#tpl-toast.tpl-toast--shown:has-text('已把“{nested_quotes(entry.title)}”加入年度计划')")
    expected = build_side_ledger(LEDGER_CHOSEN)
    page.goto(base_url + LEDGER)
    page.wait_for_function("document.querySelectorAll('table[data-tpl-table=ledger] tbody tr').length === 3")
    shown = page.evaluate("""() => [...document.querySelector('table[data-tpl-table=ledger]').tBodies[0].rows]
        .map(r => [...r.cells].map(c => c.textContent))""")
    assert shown == expected
    assert ["群众文艺团队培育", "活动方案、签到表、活动记录表、照片说明、意见反馈表、信息稿"] in [row[2:4] for row in expected]
    with page.expect_download() as info:
        page.click('a[data-tpl-download="docx"][data-tpl-part="document"]')
    info.value.save_as(tmp_path / "ledger.docx")
    assert ledger_word_rows(tmp_path / "ledger.docx") == expected
    with page.expect_download() as info:
        page.click('a[data-tpl-download="text"][data-tpl-part="document"]')
    info.value.save_as(tmp_path / "ledger.txt")
    lines = (tmp_path / "ledger.txt").read_text(encoding="utf-8-sig").splitlines()
    start = lines.index("\t".join(LEDGER_COLUMNS))
    assert [line.split("\t") for line in lines[start + 1 : start + 4]] == expected
