"""District editions: create, customise, build, keep taking upstream changes."""

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import (
    DEFAULTS,
    EDITION_SITE_NAME,
    EDITION_VALUES,
    LOCAL_SENTENCE,
    ROOT,
    UPSTREAM_DESCRIPTION,
    UPSTREAM_IMPROVED,
    UPSTREAM_SENTENCE,
    WEST_VALUES,
    assert_build_failed,
    read_page,
    run_build,
    serve_under,
    set_values,
)
from helpers import data_var_texts, new_district


def data_vars(html, name):
    return {e.get_text() for e in BeautifulSoup(html, "lxml").select(f'[data-var="{name}"]')}


@pytest.fixture
def edition(project):
    """A new edition in a private copy, for the tests that break it."""
    assert new_district(project, "dongcheng").returncode == 0
    set_values(project, "dongcheng", EDITION_VALUES)
    return project


def test_new_district_writes_every_variable_with_a_chinese_comment(project):
    result = new_district(project, "xinhua")
    assert result.returncode == 0, result.stderr
    folder = project / "districts/xinhua"
    text = (folder / "values.yml").read_text(encoding="utf-8")
    values = yaml.safe_load(text)
    definitions = yaml.safe_load((project / "data/variables.yml").read_text(encoding="utf-8"))
    derived = {name for name, entry in definitions.items() if "derive" in entry}
    assert set(values) == set(definitions) - derived | {"site_name"}
    for name, entry in definitions.items():
        if name in derived:  # commented out: it follows the edition's own names and year
            assert f"\n# {name}: " in text
        else:
            assert values[name] == entry["value"]
        assert f"# {entry['label']}：" in text
    assert (folder / "docs/activities").is_dir() and (folder / "docs/guide/notice.md").is_file()
    again = new_district(project, "xinhua")
    assert again.returncode != 0 and "exists" in again.stderr


def test_edition_shows_its_values_and_local_pages_everywhere(edition_sites):
    site = edition_sites.east
    shown = {}  # variable name -> every text it shows on any page
    for path in site.rglob("index.html"):
        for name, text, _ in data_var_texts(path):
            shown.setdefault(name, set()).add(text)
    for name, value in EDITION_VALUES.items():
        assert shown[name] == {value}, name

    def nav(url):
        return BeautifulSoup(read_page(site, url), "lxml").select_one("nav.md-nav--primary").get_text()

    assert "东湖护湖行动" in nav("activities/lake-cleanup") and "本区通知" in nav("guide")
    assert "东湖护湖行动" in BeautifulSoup(read_page(site, "activities"), "lxml").select_one("article table").get_text()
    calendar = BeautifulSoup(read_page(site, "activities/calendar"), "lxml")
    assert "东湖护湖行动" in calendar.find("h2", string="8月").find_next("ul").get_text()
    assert "东湖护湖行动" in read_page(site, "activities/by-theme")
    assert "东湖护湖行动" in (site / "activities/lake-cleanup/index.html").read_text(encoding="utf-8")
    # ... and in the search index: one of its per-page files describes the local page.
    described = [p for p in (site / "assets/search").rglob("d*.json") if "东湖护湖行动" in p.read_text(encoding="utf-8")]
    assert len(described) == 1 and "activities/lake-cleanup/" in described[0].read_text(encoding="utf-8")


def test_local_page_replaces_the_upstream_page_at_the_same_path(edition_sites):
    assert LOCAL_SENTENCE in read_page(edition_sites.east, "activities/neighbours-day")
    # The upstream folder is untouched, and the default edition of the same copy still shows the upstream page.
    upstream = (edition_sites.project / "docs/activities/neighbours-day.md").read_text(encoding="utf-8")
    assert upstream == (ROOT / "docs/activities/neighbours-day.md").read_text(encoding="utf-8")
    assert "东城区的邻居节" not in read_page(edition_sites.default, "activities/neighbours-day")
    assert data_vars(read_page(edition_sites.default, "activities/neighbours-day"), "community") == {DEFAULTS["community"]}


def test_two_editions_do_not_leak_into_each_other(edition_sites):
    east_text = "".join(p.read_text(encoding="utf-8") for p in edition_sites.east.rglob("*.html"))
    west_text = "".join(p.read_text(encoding="utf-8") for p in edition_sites.west.rglob("*.html"))
    default_text = "".join(p.read_text(encoding="utf-8") for p in edition_sites.default.rglob("*.html"))
    assert "星光社区" in east_text and "星光社区" not in west_text + default_text
    assert "晨曦社区" in west_text and "晨曦社区" not in east_text + default_text
    assert "西城区通知" in west_text and "西城区通知" not in east_text + default_text
    assert "东湖护湖行动" not in west_text + default_text


def test_edition_site_name(edition_sites):
    assert EDITION_SITE_NAME in BeautifulSoup(read_page(edition_sites.east, ""), "lxml").title.get_text()
    assert EDITION_SITE_NAME not in read_page(edition_sites.west, "")


def test_unknown_key_is_a_typo(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("community:", "comunity:"), encoding="utf-8")
    assert_build_failed(
        run_build(edition, tmp_path / "s", district="dongcheng"),
        "districts/dongcheng/values.yml",
        "key 'comunity'",
        "one of the variables",
    )


def test_wrong_type(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    path.write_text(
        re.sub(r"^street: .*$", "street: [东湖街道, 西湖街道]", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8"
    )
    assert_build_failed(run_build(edition, tmp_path / "s", district="dongcheng"), "values.yml", "key 'street'", "a line of text")


def test_missing_required_value(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    path.write_text(re.sub(r"^district: .*$", "district:", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert_build_failed(
        run_build(edition, tmp_path / "s", district="dongcheng"), "values.yml", "key 'district'", "expected a value"
    )


def test_yaml_syntax_error_names_the_line(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("city:"))
    lines[number] = 'city: "临江市'
    path.write_text("\n".join(lines), encoding="utf-8")
    assert_build_failed(run_build(edition, tmp_path / "s", district="dongcheng"), "values.yml", "expected valid YAML (line")


def test_unknown_edition(project, tmp_path):
    assert_build_failed(
        run_build(project, tmp_path / "s", district="nowhere"), "districts/nowhere", "make new-district NAME=nowhere"
    )


def test_html_value_is_shown_as_text(edition_sites):
    """HTML and Markdown marks in a value are text: escaped once, never run or rendered."""
    html = read_page(edition_sites.west, "plans/community-annual-plan")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the street's
    spans = re.findall(r'<span data-var="community">(.*?)</span>', html)
    assert spans and all(s == "&lt;i&gt;星&lt;/i&gt;&#42;光&#42;晨曦社区" for s in spans)
    assert data_vars(html, "community") == {WEST_VALUES["community"]}


def test_fork_customise_then_merge_upstream_without_conflict(edition_sites):
    # The district customised its editions only inside districts/<slug>/, so pulling upstream merged cleanly.
    assert edition_sites.customised and all(name.startswith("districts/") for name in edition_sites.customised)
    assert edition_sites.conflicts == []
    page = read_page(edition_sites.east, UPSTREAM_IMPROVED)
    assert UPSTREAM_SENTENCE.rstrip("。") in page
    assert data_vars(page, "community") == {EDITION_VALUES["community"]}
    assert UPSTREAM_DESCRIPTION in read_page(edition_sites.east, "")


@pytest.mark.browser
def test_edition_works_from_a_sub_path(edition_sites, page):
    url = serve_under(str(edition_sites.east), "moban/dongcheng")
    page.goto(url)
    # The theme's stylesheet loaded (a header with Material's colour), and our scripts ran.
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    page.get_by_role("link", name="社区年度精神文明建设工作计划").first.click()
    page.wait_for_url("**/moban/dongcheng/plans/community-annual-plan/")
    assert page.locator("#tpl-doc h1").inner_text() == "星光社区2027年精神文明建设工作计划"
    assert page.locator("[data-tpl-copy-all]").count() == 1
    page.click(".tpl-values-toggle")
    assert page.locator('#tpl-values-panel input[name="community"]').input_value() == "星光社区"
