"""Each bad input stops the build with a message naming the file and the key."""

import re

import yaml

from conftest import assert_build_failed as failed, run_build

ACTIVITY = "docs/activities/neighbours-day.md"


def edit(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_undefined_variable(project, tmp_path):
    edit(project, ACTIVITY, "{{ street }}{{ community }}在小区广场", "{{ streat }}{{ community }}在小区广场")
    failed(run_build(project, tmp_path / "site"), "activities/neighbours-day.md", "streat")


def test_unknown_front_matter_key(project, tmp_path):
    edit(project, ACTIVITY, "months: [5, 9]", "months: [5, 9]\nmonth: 5")
    failed(run_build(project, tmp_path / "site"), "neighbours-day.md", "key 'month'", "expected a known key")


def test_theme_outside_the_taxonomy(project, tmp_path):
    edit(project, ACTIVITY, "themes: [邻里和睦, 文化体育]", "themes: [邻里和睦, 邻里关系]")
    failed(run_build(project, tmp_path / "site"), "neighbours-day.md", "key 'themes[1]'", "expected one of", "邻里关系")


def test_month_13(project, tmp_path):
    edit(project, ACTIVITY, "months: [5, 9]", "months: [5, 13]")
    failed(run_build(project, tmp_path / "site"), "neighbours-day.md", "key 'months[1]'", "a month from 1 to 12", "13")


def test_missing_required_key(project, tmp_path):
    edit(project, ACTIVITY, "records: [活动方案, 居民报名表, 签到表, 活动照片, 信息稿, 居民意见反馈]\n", "")
    failed(run_build(project, tmp_path / "site"), "neighbours-day.md", "key 'records'", "required")


def test_missing_data_file(project, tmp_path):
    (project / "data/taxonomy.yml").unlink()
    failed(run_build(project, tmp_path / "site"), "data/taxonomy.yml", "missing file")


def test_missing_variables_file(project, tmp_path):
    (project / "data/variables.yml").unlink()
    failed(run_build(project, tmp_path / "site"), "data/variables.yml", "missing file")


def test_broken_link(project, tmp_path):
    edit(project, "docs/index.md", "(activities/index.md)", "(activities/no-such-page.md)")
    failed(run_build(project, tmp_path / "site"), "index.md", "activities/no-such-page.md")


def test_missing_section(project, tmp_path):
    edit(project, "docs/plans/community-annual-plan.md", 'section("work-steps")', 'section("work-stepz")')
    failed(run_build(project, tmp_path / "site"), "community-annual-plan.md", "work-stepz", "docs/sections/work-stepz.md")


def test_value_with_html_is_escaped(project, tmp_path):
    path = project / "data/variables.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["community"]["value"] = "<script>alert(1)</script>*星*社区"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/plans/community-annual-plan/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    spans = re.findall(r'<span data-var="community">(.*?)</span>', html)
    assert spans and all(s == "&lt;script&gt;alert(1)&lt;/script&gt;&#42;星&#42;社区" for s in spans)
