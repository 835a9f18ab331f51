"""Trust on the build side (issue 17): a value or a page never runs as code,
and an apostrophe stays an apostrophe, on the page, in Word and in the text."""

import re
import shutil
import subprocess
import time
import zipfile

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, WEST_VALUES, assert_build_failed, read_page, run_build
from helpers import edit, run_check

PLAN = "plans/community-annual-plan"


def docx_text(path):
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return "".join(BeautifulSoup(xml, "xml").find_all(string=True))


def test_values_are_escaped_exactly_once(edition_sites):
    """Values with markup, quotes and Markdown marks (the west edition's, conftest.WEST_VALUES)."""
    site, community, street = edition_sites.west, WEST_VALUES["community"], WEST_VALUES["street"]
    html = read_page(site, PLAN)
    assert "<script>alert(" not in html and "<b>湾" not in html, "a value's markup is text, never markup"
    assert "&amp;#" not in html and "&#x27;" not in html, "escaped once: no entity escaped again"
    soup = BeautifulSoup(html, "lxml")
    for name, value in (("community", community), ("street", street)):
        shown = {e.get_text() for e in soup.select(f'span[data-var="{name}"]')}
        assert shown == {value}, name
    slug = PLAN.rsplit("/", 1)[1]
    word = docx_text(site / PLAN / f"{slug}.docx")
    text = (site / PLAN / f"{slug}.txt").read_text(encoding="utf-8")
    for name, download in (("Word", word), ("text", text)):
        assert community in download and street in download, name
        assert "&#" not in download and "&lt;" not in download and "&amp;" not in download, name
    assert re.search(r"王'家<b>湾</b>西湖街道", text)


# --- YAML: one loader, no aliases, no repeated keys, short messages ----------

ACTIVITY = "docs/activities/neighbours-day.md"
# 304 bytes whose value prints as 9**8 strings: gigabytes in a message.
BOMB = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdef", "bcdefg")),
        "h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n",
    ]
)


def add_front_matter(project, relative, lines):
    path = project / relative
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n" + lines, 1), encoding="utf-8")


def test_an_alias_bomb_fails_fast_with_a_short_message(project, tmp_path):
    assert len(BOMB.encode()) < 400
    add_front_matter(project, ACTIVITY, BOMB)
    started = time.monotonic()
    result = run_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "neighbours-day.md" in output and "aliases" in output, output[-2000:]
    assert len(output) < 20_000 and time.monotonic() - started < 120
    checked = run_check(project)
    lines = [line for line in checked.stdout.splitlines() if "neighbours-day.md" in line]
    assert checked.returncode == 1 and lines and "aliases" in lines[0], checked.stdout[-2000:] + checked.stderr[-2000:]
    assert len(checked.stdout + checked.stderr) < 20_000


def test_a_repeated_key_is_an_error_with_its_line(project, tmp_path):
    values = project / "districts/dongcheng/values.yml"
    values.parent.mkdir(parents=True)
    values.write_text(
        "community: 星光社区\nstreet: 东湖街道\ndistrict: 东城区\ncity: 临江市\nyear: 2027\ncommunity: 月光社区\n",
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "site", district="dongcheng")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "districts/dongcheng/values.yml" in output, output[-2000:]
    assert "key 'community'" in output and "line 6 repeats line 1" in output, output[-2000:]
    checked = run_check(project, "dongcheng")
    assert checked.returncode == 1 and "districts/dongcheng/values.yml:6: schema:" in checked.stdout, (
        checked.stdout + checked.stderr
    )
    add_front_matter(project, ACTIVITY, "months: [1]\n")
    assert_build_failed(run_build(project, tmp_path / "site2"), "neighbours-day.md", "key 'months'", "repeats line 2")


def test_a_long_bad_value_is_quoted_to_200_characters(project, tmp_path):
    path = project / "data/variables.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["community"]["value"] = "长" * 60_000
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert_build_failed(result, "data/variables.yml", "community.value")
    assert "长" * 90 in output and "长" * 201 not in output


# --- Nothing from an edition or a page runs as code ---------------------------

EDITION = "community: 星光社区\nstreet: 东湖街道\ndistrict: 东城区\ncity: 临江市\nyear: 2027\n"


def write_edition(project, values, pages=()):
    folder = project / "districts/dongcheng"
    (folder / "docs").mkdir(parents=True)
    (folder / "values.yml").write_text(values, encoding="utf-8")
    return folder


def test_a_site_name_with_markup_is_refused(project, tmp_path):
    write_edition(project, EDITION + 'site_name: "<script>alert(1)</script>"\n')
    assert_build_failed(
        run_build(project, tmp_path / "site", district="dongcheng"),
        "districts/dongcheng/values.yml",
        "key 'site_name'",
        "would become markup",
    )
    checked = run_check(project, "dongcheng")
    assert checked.returncode == 1 and "districts/dongcheng/values.yml:6: schema:" in checked.stdout, checked.stdout
    # Material writes site_name unescaped into aria-label="…": a straight quote would end it
    (project / "districts/dongcheng/values.yml").write_text(
        EDITION + """site_name: 'x" onfocus="alert(1)" autofocus="'\n""", encoding="utf-8"
    )
    assert_build_failed(run_build(project, tmp_path / "site2", district="dongcheng"), "key 'site_name'", "would become markup")


def test_markup_in_a_title_or_summary_is_refused(project, tmp_path):
    edit(project, ACTIVITY, "title: 邻居节", 'title: 邻居节<img src=x onerror="alert(1)">')
    assert_build_failed(run_build(project, tmp_path / "site"), "neighbours-day.md", "key 'title'", "would become markup")
    edit(project, ACTIVITY, 'title: 邻居节<img src=x onerror="alert(1)">', "title: 邻居节")
    edit(project, ACTIVITY, "summary: 以楼栋", "summary: <b>以楼栋</b>")
    assert_build_failed(run_build(project, tmp_path / "site2"), "neighbours-day.md", "key 'summary'", "would become markup")
    edit(project, ACTIVITY, "summary: <b>以楼栋</b>", "summary: 以楼栋")
    edit(
        project,
        "docs/guide/index.md",
        "description: 怎样填写本社区信息、复制模板和下载 Word 文件。",
        """description: 'x" http-equiv="refresh" content="0;url=https://example.com'""",
    )
    assert_build_failed(run_build(project, tmp_path / "site3"), "guide/index.md", "key 'description'", "would become markup")


def test_a_script_in_a_page_is_refused_with_its_line(project, tmp_path):
    edit(project, ACTIVITY, "## 时间地点\n", "## 时间地点\n\n<script>alert(1)</script>\n")
    assert_build_failed(run_build(project, tmp_path / "site"), "docs/activities/neighbours-day.md:22", "<script>")


def test_markup_made_by_macros_is_refused(project, tmp_path):
    edit(project, ACTIVITY, "## 时间地点\n", '## 时间地点\n\n[点我]({{ "java" ~ "script:alert(1)" }})\n')
    assert_build_failed(
        run_build(project, tmp_path / "site"), "docs/activities/neighbours-day.md:22（宏展开之后）", "javascript:"
    )


def test_make_check_names_each_unsafe_markup(project):
    edit(project, ACTIVITY, "changes: 胸贴", "changes: 见 javascript:alert(1) 胸贴")
    edit(
        project,
        ACTIVITY,
        "## 时间地点\n",
        "## 时间地点\n\n<script>alert(1)</script>\n\n"
        '<span title="one=1" onmouseover="alert(1)">邻居</span>\n\n[邻居](#){ onclick="alert(1)" }\n',
    )
    checked = run_check(project)
    found = [line for line in checked.stdout.splitlines() if "unsafe-markup" in line]
    assert checked.returncode == 1
    assert [line.split(": unsafe-markup")[0] for line in found] == [
        "docs/activities/neighbours-day.md:13",
        "docs/activities/neighbours-day.md:22",
        "docs/activities/neighbours-day.md:24",
        "docs/activities/neighbours-day.md:26",
    ], checked.stdout
    assert "javascript:" in found[0] and "<script>" in found[1] and "onmouseover=" in found[2] and "onclick=" in found[3]


# --- Paths stay inside the project --------------------------------------------

PLAN_SOURCE = "docs/plans/community-annual-plan.md"
SECRET = "机密内容不可发布"


def test_section_and_include_stay_inside_the_project(project, tmp_path):
    (project.parent / "secret.md").write_text(f"---\ntitle: x\nkind: section\n---\n\n{SECRET}\n", encoding="utf-8")
    edit(project, PLAN_SOURCE, 'section("work-steps")', 'section("../../../secret")')
    result = run_build(project, tmp_path / "site")
    assert_build_failed(result, "community-annual-plan.md", "section('../../../secret')", "no ../")
    assert SECRET not in result.stdout + result.stderr
    edit(project, PLAN_SOURCE, 'section("../../../secret")', 'section("work-steps")')
    edit(project, ACTIVITY, "## 时间地点\n", '## 时间地点\n\n{% include "../../secret.md" %}\n')
    result = run_build(project, tmp_path / "site2")
    assert_build_failed(result, "../../secret.md")
    assert not list((tmp_path / "site2").rglob("*.html")) or SECRET not in read_page(
        tmp_path / "site2", "activities/neighbours-day"
    )


def test_a_link_out_of_the_project_in_an_edition_is_refused(project, tmp_path):
    folder = write_edition(project, EDITION)
    (folder / "docs/activities").mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text(f"---\ntitle: 外部\nkind: page\n---\n\n{SECRET}\n", encoding="utf-8")
    (folder / "docs/activities/outside.md").symlink_to(outside)
    result = run_build(project, tmp_path / "site", district="dongcheng")
    assert_build_failed(result, "districts/dongcheng/docs/activities/outside.md", "may not point outside")
    assert not (tmp_path / "site/activities/outside").exists()
    checked = run_check(project, "dongcheng")
    assert checked.returncode != 0 and "may not point outside" in checked.stdout + checked.stderr
    (folder / "docs/activities/outside.md").unlink()
    (project / "docs/snippets").mkdir()
    (project / "docs/snippets/outside.md").symlink_to(outside)  # what a page could {% include %}
    edit(project, ACTIVITY, "## 时间地点\n", '## 时间地点\n\n{% include "snippets/outside.md" %}\n')
    result = run_build(project, tmp_path / "site2")
    assert_build_failed(result, "docs/snippets/outside.md", "may not point outside")
    assert SECRET not in result.stdout + result.stderr


def make(project, *args):
    """make in a copy of the project, with the shared virtualenv taken as installed."""
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    if not (project / ".venv").exists():
        (project / ".venv").symlink_to(ROOT / ".venv")
    return subprocess.run(
        ["make", "-o", ".venv/.installed", "-o", ".venv/.site-installed", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_new_district_never_runs_its_name_as_a_command(project):
    # ($$: make's own $; a shell would read it as $(touch pwned))
    for name in ("x;touch pwned", 'x"; touch pwned; "', "x$$(touch pwned)", "x`touch pwned`", "X-Upper"):
        result = make(project, "new-district", f"NAME={name}")
        assert result.returncode != 0 and "只能用英文小写字母、数字和连字符" in result.stdout + result.stderr, name
        assert not (project / "pwned").exists(), name
    assert not (project / "districts").exists() or not any((project / "districts").iterdir())
    assert make(project, "new-district", "NAME=xinhua-2").returncode == 0
    assert (project / "districts/xinhua-2/values.yml").is_file()


def test_make_clean_keeps_the_virtualenv(tmp_path):
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    for folder in ("site", "dist", ".cache/pages", ".venv/bin", ".venv-properdocs/bin"):
        (tmp_path / folder).mkdir(parents=True)
    clean = subprocess.run(["make", "clean"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert clean.returncode == 0, clean.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".venv", ".venv-properdocs", "Makefile"]
    distclean = subprocess.run(["make", "distclean"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert distclean.returncode == 0, distclean.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile"]


# --- Search highlight --------------------------------------------------------


@pytest.mark.browser
def test_a_60000_character_highlight_word_is_left_out_without_an_error(page, base_url):
    page.goto(f"{base_url}activities/neighbours-day/?h={'a' * 60_000}%20邻居")
    page.locator("article mark.tpl-search-hit", has_text="邻居").first.wait_for()  # the other word is still marked
    assert page.locator("article mark.tpl-search-hit").count() >= 1
