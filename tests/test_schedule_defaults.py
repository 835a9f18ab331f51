"""The default rows of the 月度活动安排表 and 责任分工表 (tests/test_schedule.py
checks the tables themselves): the activities marked `annual: true`, named as
the plan's level names its bodies, the same in the Word file as on the page."""

import re
import sys
import zipfile

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import ROOT, assert_build_failed, read_page, run_build

sys.path.insert(0, str(ROOT))
from macros.schedule import DUTIES_COLUMNS, SCHEDULE_COLUMNS  # noqa: E402


def front_matter(path):
    return get_data(path.read_text(encoding="utf-8"))[1]


def plans_with_schedule():
    return {p.stem: front_matter(p) for p in sorted((ROOT / "docs/plans").glob("*.md")) if front_matter(p).get("schedule")}


def annual_activities():
    pages = [front_matter(p) for p in sorted((ROOT / "docs/activities").glob("*.md"))]
    return {m["title"]: m for m in pages if m.get("kind") == "activity" and m.get("annual")}


def tables(site, slug):
    soup = BeautifulSoup(read_page(site, f"plans/{slug}/"), "lxml")
    return {t["data-tpl-table"]: t for t in soup.select("#tpl-doc table[data-tpl-table]")}


def rows(table):
    return [[cell.get_text() for cell in row.select("td")] for row in table.select("tbody tr")]


@pytest.mark.parametrize("slug", sorted(plans_with_schedule()))
def test_default_tables_list_the_annual_activities_in_month_order(site, slug):
    found = tables(site, slug)
    assert [th.get_text() for th in found["schedule"].select("thead th")] == list(SCHEDULE_COLUMNS)
    assert [th.get_text() for th in found["duties"].select("thead th")] == list(DUTIES_COLUMNS)
    annual = annual_activities()
    schedule = rows(found["schedule"])
    expected = sorted((month, title) for title, meta in annual.items() for month in meta["months"])
    assert [(int(month.removesuffix("月")), title) for month, title, *_ in schedule] == expected
    assert sorted(row[0] for row in rows(found["duties"])) == sorted(annual)
    assert all(all(cell.strip() for cell in row) for row in schedule + rows(found["duties"]))


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
        table = xml[start:xml.index("</w:tbl>", start)]
        assert "<w:tblW " in table and table.count("<w:gridCol ") == 4  # WPS reads the grid
        body = re.findall(r"<w:tr>.*?</w:tr>", table, flags=re.S)
        assert "黑体" in body[0] and "黑体" not in "".join(body[1:])
        cells = [re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", row) for row in body[1:]]
        assert cells == expected


def test_no_annual_activity_fails_the_build(project, tmp_path):
    for path in (project / "docs/activities").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nannual: true\n", "\n"), encoding="utf-8")
    assert_build_failed(run_build(project, tmp_path / "site"), "plans/community-annual-plan.md", "schedule", "annual: true")

