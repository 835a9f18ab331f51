"""The default rows of the 月度活动安排表 and 责任分工表 (tests/test_schedule.py
checks the tables themselves): chosen by each plan's topic and level (schema
SCHEDULES), each activity once in the month it happens in the plan's year,
named as the plan's level names its bodies, the same in Word as on the page."""

import re
import sys
import zipfile

import pytest

from conftest import EDITION_VALUES, ROOT, WEST_VALUES, assert_build_failed, run_build
from helpers import front_matter, page_tree, shown_text

sys.path.insert(0, str(ROOT))
from macros.plan.schedule import DUTIES_COLUMNS, SCHEDULE_COLUMNS  # noqa: E402


def plans_with_schedule():
    return {p.stem: front_matter(p) for p in sorted((ROOT / "docs/plans").glob("*.md")) if front_matter(p).get("schedule")}


def tables(site, slug):
    tree = page_tree(site / "plans" / slug / "index.html")
    return {t.get("data-tpl-table"): t for t in tree.xpath("//*[@id='tpl-doc']//table[@data-tpl-table]")}


def rows(table):
    return [[shown_text(cell) for cell in row.xpath(".//td")] for row in table.xpath(".//tbody//tr")]


# Days of 2026 (published calendars): each festival's activity stands once, in its month.
MONTHS_2026 = {
    "“我们的节日·元宵”": 3,
    "“我们的节日·端午”": 6,
    "“我们的节日·中秋”": 9,
    "“我们的节日·春节”": 2,
    "“我们的节日·重阳”": 10,
    "“我们的节日·七夕”": 8,
    "国庆·爱国主义教育": 10,
    "双拥共建·“八一”慰问": 8,
    "“七一”主题党日": 7,
    "六一儿童节": 6,
}


def activities():
    pages = [front_matter(p) for p in sorted((ROOT / "docs/activities").glob("*.md"))]
    return {m["title"]: m for m in pages if m.get("kind") == "activity"}


@pytest.mark.parametrize("slug", sorted(plans_with_schedule()))
def test_default_tables_list_each_activity_once_in_the_month_it_happens(site, slug):
    found = tables(site, slug)
    assert [shown_text(th) for th in found["schedule"].xpath(".//thead//th")] == list(SCHEDULE_COLUMNS)
    assert [shown_text(th) for th in found["duties"].xpath(".//thead//th")] == list(DUTIES_COLUMNS)
    schedule = rows(found["schedule"])
    titles = [row[1] for row in schedule]
    assert len(titles) == len(set(titles)), "an activity listed in two months"
    months = [int(row[0].removesuffix("月")) for row in schedule]
    assert months == sorted(months)
    for title, month in MONTHS_2026.items():
        if title in titles:
            assert schedule[titles.index(title)][0] == f"{month}月", title
    known = activities()
    for row in schedule:  # an undated activity in one of the months it may be held in
        meta = known[row[1]]
        assert "day" in meta or int(row[0].removesuffix("月")) in meta["months"], row
    assert sorted(row[0] for row in rows(found["duties"])) == sorted(titles)
    assert all(all(cell.strip() for cell in row) for row in schedule + rows(found["duties"]))


def test_each_plan_lists_activities_of_its_topic_and_level(site):
    known = activities()
    minors = [row[1] for row in rows(tables(site, "minors-moral-plan")["schedule"])]
    assert all({"未成年人", "家庭家风"} & set(known[title]["themes"]) for title in minors)
    assert "“新时代好少年”学习宣传" in minors and "爱国卫生月" not in minors
    community = {row[1] for row in rows(tables(site, "community-annual-plan")["schedule"])}
    village = {row[1] for row in rows(tables(site, "village-annual-plan")["schedule"])}
    own = {title for title, meta in known.items() if meta.get("level") == "村"}
    assert own and own <= village and not own & community  # a village's own activities in its plan only
    assert not {title for title, meta in known.items() if meta.get("level") == "单位"} & (community | village | set(minors))


def festivals_are_in(site, months):
    schedule = rows(tables(site, "community-annual-plan")["schedule"])
    found = {row[1]: row[0] for row in schedule}
    assert {title: found[title] for title in months} == {title: f"{m}月" for title, m in months.items()}
    calendar = page_tree(site / "activities/calendar/index.html")
    [section] = calendar.xpath(f"(//h2[.='{months['“我们的节日·端午”']}月'])[1]/following::ul[1]")
    assert "“我们的节日·端午”" in shown_text(section)


def test_festivals_move_with_the_year_2027(edition_sites):
    assert EDITION_VALUES["year"] == "2027"  # the east edition's year
    festivals_are_in(edition_sites.east, {"“我们的节日·元宵”": 2, "“我们的节日·端午”": 6, "“我们的节日·中秋”": 9})


def test_festivals_move_with_the_year_2028(edition_sites):
    assert WEST_VALUES["year"] == "2028"  # the west edition's year
    festivals_are_in(edition_sites.west, {"“我们的节日·春节”": 1, "“我们的节日·端午”": 5, "“我们的节日·中秋”": 10})


def test_each_level_names_its_own_bodies(site):
    village = rows(tables(site, "village-annual-plan")["schedule"])
    assert not [row for row in village if "社区" in row[2] + row[3]]
    assert {row[2] for row in village} <= {"村党组织", "村民委员会"}
    street = rows(tables(site, "street-annual-plan")["duties"])
    assert {row[1] for row in street} == {"街道文明办"} and all(row[2].startswith("各社区（村）") for row in street)
    community = rows(tables(site, "community-annual-plan")["schedule"])
    assert {row[2] for row in community} <= {"社区党组织", "社区居委会"}


def test_word_tables_hold_the_page_rows(site):
    with zipfile.ZipFile(site / "plans/community-annual-plan/community-annual-plan.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
    page_rows = {name: rows(table) for name, table in tables(site, "community-annual-plan").items()}
    for name, expected in page_rows.items():
        start = xml.rindex("<w:tbl>", 0, xml.index(f'w:name="tbl_{name}"'))
        table = xml[start : xml.index("</w:tbl>", start)]
        assert "<w:tblW " in table and table.count("<w:gridCol ") == 4  # WPS reads the grid
        body = re.findall(r"<w:tr>.*?</w:tr>", table, flags=re.S)
        assert "黑体" in body[0] and "黑体" not in "".join(body[1:])
        cells = [re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", row) for row in body[1:]]
        assert cells == expected


def test_no_annual_activity_fails_the_build(project, tmp_path):
    for path in (project / "docs/activities").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nannual: true\n", "\n"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert_build_failed(result, "annual: true")
    # the first page rendered that lists them names itself: a plan, or the 台账目录's 第四卷
    output = result.stdout + result.stderr
    assert "plans/community-annual-plan.md: key 'schedule'" in output or "ledger-catalogue.md: key 'ledger_table()'" in output


def test_a_bad_day_names_the_file_and_the_days(project, tmp_path):
    path = project / "docs/activities/dragon-boat-festival.md"
    path.write_text(path.read_text(encoding="utf-8").replace("day: 端午节", "day: 端阳"), encoding="utf-8")
    assert_build_failed(run_build(project, tmp_path / "site"), "activities/dragon-boat-festival.md", "key 'day'", "端午节")


def test_months_beside_a_day_is_an_error(project, tmp_path):
    path = project / "docs/activities/dragon-boat-festival.md"
    path.write_text(path.read_text(encoding="utf-8").replace("day: 端午节", "day: 端午节\nmonths: [5, 6]"), encoding="utf-8")
    assert_build_failed(
        run_build(project, tmp_path / "site"), "activities/dragon-boat-festival.md", "key 'months'", "follow from the day"
    )
