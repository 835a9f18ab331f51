"""What changed upstream (issue 12): the 更新记录 page from `updated`/`changes`,
`based_on:` on an edition's replacement pages (checked by the build), and
`make check` listing the replacements whose upstream page changed since."""

import re

from bs4 import BeautifulSoup

from conftest import LOCAL_SENTENCE, VARIANT_CHANGES, assert_build_failed, read_page, run_build, set_front_matter_key
from helpers import front_matter, run_check

ACTIVITY = "activities/neighbours-day.md"
UPSTREAM_UPDATED = "2026-11-22"  # set on the copied upstream pages a test replaces
VALUES = 'community: "星光社区"\nstreet: "东湖街道"\ndistrict: "东城区"\ncity: "临江市"\nyear: "2027"\n'


def make_edition(project, slug="dongcheng"):
    folder = project / "districts" / slug
    (folder / "docs").mkdir(parents=True)
    (folder / "values.yml").write_text(VALUES, encoding="utf-8")
    return folder


def replace_upstream(project, folder, src=ACTIVITY, based_on=None):
    """A local copy of an upstream page (updated: UPSTREAM_UPDATED), with `based_on:` when given."""
    set_front_matter_key(project / "docs" / src, "updated", UPSTREAM_UPDATED)
    local = folder / "docs" / src
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text((project / "docs" / src).read_text(encoding="utf-8"), encoding="utf-8")
    if based_on is not None:
        set_front_matter_key(local, "based_on", based_on)
    return local


def based_on_line(path):
    [number] = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line.startswith("based_on:")]
    return number


def test_change_log_lists_changes_by_date_newest_first(variant_site):
    project, site = variant_site
    article = BeautifulSoup(read_page(site, "guide/changes"), "lxml").select_one("article")
    headings = article.find_all("h2")
    assert [h.get_text() for h in headings[:2]] == ["2099年12月5日", "2099年1月2日"]
    dates = [tuple(map(int, re.match(r"(\d+)年(\d+)月(\d+)日", h.get_text()).groups())) for h in headings]
    assert dates == sorted(set(dates), reverse=True)  # newest first, each date once
    newest, second = (h.find_next("ul") for h in headings[:2])
    assert newest.get_text(strip=True) == "邻居节：" + VARIANT_CHANGES[ACTIVITY][1]
    assert newest.a["href"] == "../../activities/neighbours-day/"
    assert second.get_text(strip=True) == "社区年度精神文明建设工作计划：" + VARIANT_CHANGES["plans/community-annual-plan.md"][1]
    assert second.a["href"] == "../../plans/community-annual-plan/"
    # Every page with a changes line is listed once, and no other page.
    changed = [p for p in (project / "docs").rglob("*.md") if front_matter(p).get("changes")]
    assert len(article.select("li")) == len(changed)


def test_based_on_up_to_the_upstream_date_builds(edition_sites):
    """The edition's replacement of neighbours-day says based_on: its upstream `updated` (conftest.edition_sites)."""
    local = edition_sites.project / "districts/dongcheng/docs" / ACTIVITY
    assert front_matter(local)["based_on"] == front_matter(edition_sites.project / "docs" / ACTIVITY)["updated"]
    assert LOCAL_SENTENCE in read_page(edition_sites.east, "activities/neighbours-day")


def test_based_on_later_than_the_upstream_page_fails(project, tmp_path):
    folder = make_edition(project)
    replace_upstream(project, folder, based_on="2026-12-01")
    line = based_on_line(folder / "docs" / ACTIVITY)
    assert_build_failed(
        run_build(project, tmp_path / "site", district="dongcheng"),  # as make check says it
        f"districts/dongcheng/docs/{ACTIVITY}:{line}: based-on: key 'based_on'",
        "2026-12-01",
        UPSTREAM_UPDATED,
        f"docs/{ACTIVITY}",
    )
    check = run_check(project, "dongcheng")
    assert check.returncode == 1
    assert (
        f"districts/dongcheng/docs/{ACTIVITY}:{based_on_line(folder / 'docs' / ACTIVITY)}: based-on: key 'based_on'"
        in check.stdout
    )
    assert "2026-12-01" in check.stdout and UPSTREAM_UPDATED in check.stdout


def test_based_on_on_a_page_that_replaces_nothing_fails(project, tmp_path):
    folder = make_edition(project)
    local = replace_upstream(project, folder, based_on="2026-11-01")
    line = based_on_line(local)
    local.rename(local.with_name("lake-day.md"))
    assert_build_failed(
        run_build(project, tmp_path / "site", district="dongcheng"),
        f"districts/dongcheng/docs/activities/lake-day.md:{line}: based-on: key 'based_on'",
        "replaces no upstream page",
        "2026-11-01",
    )
    check = run_check(project, "dongcheng")
    assert check.returncode == 1 and f"lake-day.md:{line}: based-on: key 'based_on'" in check.stdout


def test_based_on_that_is_not_a_date_fails(project, tmp_path):
    folder = make_edition(project)
    for written in ("2026-13-01", "上个月"):  # YAML cannot build the first; the second is text
        local = replace_upstream(project, folder, based_on=written)
        assert_build_failed(
            run_build(project, tmp_path / "site", district="dongcheng"),
            f"districts/dongcheng/docs/{ACTIVITY}:{based_on_line(local)}: schema: key 'based_on'",
            "expected a date written as YYYY-MM-DD",
            written,
        )
        check = run_check(project, "dongcheng")
        assert check.returncode == 1
        assert (
            f"{ACTIVITY}:{based_on_line(local)}: schema: key 'based_on': expected a date written as YYYY-MM-DD" in check.stdout
        ), check.stdout


def test_check_lists_replacements_behind_upstream(project):
    folder = make_edition(project)
    replace_upstream(project, folder, based_on="2026-11-01")  # written before the upstream update
    replace_upstream(project, folder, "activities/qingming.md")  # no based_on: we cannot tell
    replace_upstream(project, folder, "activities/mid-autumn.md", based_on=UPSTREAM_UPDATED)  # up to date
    set_front_matter_key(project / "docs" / ACTIVITY, "changes", "新增雨天备用场地的安排。")
    check = run_check(project, "dongcheng")
    assert check.returncode == 0, check.stdout  # a notice for the district, not a failure
    listed = check.stdout.split("上游已更新")[1]
    assert f"districts/dongcheng/docs/{ACTIVITY}: based_on 2026-11-01；上游 docs/{ACTIVITY} updated {UPSTREAM_UPDATED}" in listed
    assert "上游的修改说明：新增雨天备用场地的安排。" in listed
    assert (
        f"districts/dongcheng/docs/activities/qingming.md: 没有写 based_on；上游 docs/activities/qingming.md updated {UPSTREAM_UPDATED}"
        in listed
    )
    assert "mid-autumn" not in listed


def test_unknown_edition_lists_the_editions_there_are(project, tmp_path):
    make_edition(project, "dongcheng")
    make_edition(project, "xicheng")
    expected = ("districts/nowhere", "existing editions: dongcheng, xicheng", "make new-district NAME=nowhere")
    assert_build_failed(run_build(project, tmp_path / "site", district="nowhere"), *expected)
    check = run_check(project, "nowhere")
    assert check.returncode == 2 and all(text in check.stderr for text in expected), check.stderr
