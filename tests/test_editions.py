"""District editions: create, customise, build, keep taking upstream changes."""

import re
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import assert_build_failed, copy_project, read_page, run_build

EDITION_VALUES = {"community": "星光社区", "street": "东湖街道", "district": "东城区", "city": "临江市", "year": "2027"}


def new_district(project, slug):
    return subprocess.run(
        [sys.executable, "-c", "import sys; from macros.editions import main; sys.exit(main(sys.argv[1:]))", "new", slug],
        cwd=project, capture_output=True, text=True,
    )


def set_values(project, slug, values):
    """Change values in the generated values.yml the way a person edits it: line by line."""
    path = project / "districts" / slug / "values.yml"
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key}: .*$", f'{key}: "{value}"', text, flags=re.M)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


def data_vars(html, name):
    return {e.get_text() for e in BeautifulSoup(html, "lxml").select(f'[data-var="{name}"]')}


@pytest.fixture
def edition(project):
    assert new_district(project, "dongcheng").returncode == 0
    set_values(project, "dongcheng", EDITION_VALUES)
    return project


def build(project, tmp_path, district=None, name="site"):
    result = run_build(project, tmp_path / name, district=district)
    return result, tmp_path / name


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


def test_edition_shows_its_values_and_local_pages_everywhere(edition, tmp_path):
    local = edition / "districts/dongcheng/docs/activities/lake-cleanup.md"
    local.write_text((edition / "districts/dongcheng/docs/activities/local-example.md").read_text(encoding="utf-8")
                     .replace("title: 本区特色活动（示例）", "title: 东湖护湖行动").replace("months: [6]", "months: [8]")
                     .replace("synonyms: [本区特色活动]", "synonyms: [护湖]"), encoding="utf-8")
    result, site = build(edition, tmp_path, "dongcheng")
    assert result.returncode == 0, result.stderr
    pages = list(site.rglob("index.html"))
    for name, value in EDITION_VALUES.items():
        shown = set().union(*(data_vars(p.read_text(encoding="utf-8"), name) for p in pages))
        assert shown == {value}, name
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


def test_local_page_replaces_the_upstream_page_at_the_same_path(edition, tmp_path):
    upstream = (edition / "docs/activities/neighbours-day.md").read_text(encoding="utf-8")
    local = edition / "districts/dongcheng/docs/activities/neighbours-day.md"
    local.write_text(upstream.replace("## 活动目的\n", "## 活动目的\n\n东城区的邻居节与社区议事会同日举办。\n"), encoding="utf-8")
    result, site = build(edition, tmp_path, "dongcheng")
    assert result.returncode == 0, result.stderr
    assert "东城区的邻居节与社区议事会同日举办" in read_page(site, "activities/neighbours-day")
    # The upstream folder is untouched, and the default edition still shows the upstream page.
    result, default_site = build(edition, tmp_path, None, "default")
    assert result.returncode == 0
    assert "东城区的邻居节" not in read_page(default_site, "activities/neighbours-day")


def test_two_editions_do_not_leak_into_each_other(edition, tmp_path):
    assert new_district(edition, "xicheng").returncode == 0
    set_values(edition, "xicheng", {"community": "晨曦社区", "street": "西湖街道", "district": "西城区", "city": "临江市", "year": "2027"})
    (edition / "districts/xicheng/docs/guide/notice.md").write_text("---\ntitle: 西城区通知\nkind: page\n---\n\n# 西城区通知\n", encoding="utf-8")
    east, east_site = build(edition, tmp_path, "dongcheng", "east")
    west, west_site = build(edition, tmp_path, "xicheng", "west")
    assert east.returncode == 0 and west.returncode == 0, east.stderr + west.stderr
    east_text = "".join(p.read_text(encoding="utf-8") for p in east_site.rglob("*.html"))
    west_text = "".join(p.read_text(encoding="utf-8") for p in west_site.rglob("*.html"))
    assert "星光社区" in east_text and "星光社区" not in west_text
    assert "晨曦社区" in west_text and "晨曦社区" not in east_text
    assert "西城区通知" in west_text and "西城区通知" not in east_text


def test_edition_site_name(edition, tmp_path):
    set_values(edition, "dongcheng", {"site_name": "东城区精神文明建设模板库"})
    result, site = build(edition, tmp_path, "dongcheng")
    assert result.returncode == 0
    assert "东城区精神文明建设模板库" in BeautifulSoup(read_page(site, ""), "lxml").title.get_text()


def test_unknown_key_is_a_typo(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("community:", "comunity:"), encoding="utf-8")
    assert_build_failed(run_build(edition, tmp_path / "s", district="dongcheng"), "districts/dongcheng/values.yml", "key 'comunity'", "one of the variables")


def test_wrong_type(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    path.write_text(re.sub(r"^street: .*$", "street: [东湖街道, 西湖街道]", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert_build_failed(run_build(edition, tmp_path / "s", district="dongcheng"), "values.yml", "key 'street'", "a line of text")


def test_missing_required_value(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    path.write_text(re.sub(r"^district: .*$", "district:", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert_build_failed(run_build(edition, tmp_path / "s", district="dongcheng"), "values.yml", "key 'district'", "expected a value")


def test_yaml_syntax_error_names_the_line(edition, tmp_path):
    path = edition / "districts/dongcheng/values.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("city:"))
    lines[number] = 'city: "临江市'
    path.write_text("\n".join(lines), encoding="utf-8")
    assert_build_failed(run_build(edition, tmp_path / "s", district="dongcheng"), "values.yml", "expected valid YAML (line")


def test_unknown_edition(project, tmp_path):
    assert_build_failed(run_build(project, tmp_path / "s", district="nowhere"), "districts/nowhere", "make new-district NAME=nowhere")


def test_html_value_is_shown_as_text(edition, tmp_path):
    set_values(edition, "dongcheng", {"community": "<img src=x onerror=alert(1)>社区"})
    result, site = build(edition, tmp_path, "dongcheng")
    assert result.returncode == 0, result.stderr
    html = read_page(site, "plans/community-annual-plan")
    assert "<img src=x" not in html
    assert data_vars(html, "community") == {"<img src=x onerror=alert(1)>社区"}


def git(cwd, *args):
    result = subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
                            cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def test_fork_customise_then_merge_upstream_without_conflict(tmp_path):
    upstream = copy_project(tmp_path / "upstream")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "upstream")
    fork = tmp_path / "fork"
    git(tmp_path, "clone", "-q", str(upstream), str(fork))

    # The district office customises its edition, only inside districts/<slug>/.
    assert new_district(fork, "dongcheng").returncode == 0
    set_values(fork, "dongcheng", EDITION_VALUES)
    git(fork, "add", "-A")
    git(fork, "commit", "-qm", "dongcheng edition")
    changed = git(fork, "diff", "--name-only", "HEAD~1")
    assert all(line.startswith("districts/dongcheng/") for line in changed.split())

    # Upstream improves a template and mkdocs.yml.
    activity = upstream / "docs/activities/neighbours-day.md"
    activity.write_text(activity.read_text(encoding="utf-8").replace("## 时间地点\n", "## 时间地点\n\n上游新增：雨天备用方案提前公布。\n"), encoding="utf-8")
    config = upstream / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_description: ", "site_description: 上游更新。"), encoding="utf-8")
    git(upstream, "commit", "-qam", "upstream improvement")

    git(fork, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert not git(fork, "diff", "--name-only", "--diff-filter=U")

    result = run_build(fork, tmp_path / "site", district="dongcheng")
    assert result.returncode == 0, result.stderr
    page = read_page(tmp_path / "site", "activities/neighbours-day")
    assert "上游新增：雨天备用方案提前公布" in page
    assert data_vars(page, "community") == {"星光社区"}
    assert "上游更新。" in read_page(tmp_path / "site", "")


@pytest.mark.browser
def test_edition_works_from_a_sub_path(edition, tmp_path, page):
    from conftest import serve_under

    result, site = build(edition, tmp_path, "dongcheng")
    assert result.returncode == 0, result.stderr
    url = serve_under(str(site), "moban/dongcheng")
    page.goto(url)
    # The theme's stylesheet loaded (a header with Material's colour), and our scripts ran.
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    page.get_by_role("link", name="社区年度精神文明建设工作计划").first.click()
    page.wait_for_url("**/moban/dongcheng/plans/community-annual-plan/")
    assert page.locator("#tpl-doc h1").inner_text() == "星光社区2027年精神文明建设工作计划"
    assert page.locator("[data-tpl-copy-all]").count() == 1
    page.click(".tpl-values-toggle")
    assert page.locator('#tpl-values-panel input[name="community"]').input_value() == "星光社区"
