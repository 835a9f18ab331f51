"""Each bad input stops the build with a message naming the file and the key.

The front-matter schema and the data files are checked in this process, with
the functions the build calls (macros/catalog.py, schema.py, frontmatter.py,
variables.py); a bad page or data file reaching a real build is tested below
and in test_offline.py, test_editions.py and test_check.py. Mistakes only a
build can find (a Jinja name, a link, a section) stop a real build."""

import sys

import pytest

from conftest import ROOT, assert_build_failed, run_build
from helpers import edit

sys.path.insert(0, str(ROOT))
from macros.catalog import load_taxonomy  # noqa: E402
from macros.errors import TemplateInputError  # noqa: E402
from macros.frontmatter import read as read_front_matter  # noqa: E402
from macros.schema import build_schemas, validate  # noqa: E402
from macros.variables import load_definitions  # noqa: E402

ACTIVITY = "docs/activities/neighbours-day.md"


def validate_edited(old, new, relative=ACTIVITY):
    """Validate the front matter of a page with `old` replaced by `new`, as the build's catalog does."""
    text = (ROOT / relative).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    _, meta = read_front_matter(text.replace(old, new, 1), relative)
    schemas = build_schemas(load_taxonomy(), list(load_definitions()))
    return validate(relative, meta, schemas)


def refused(old, new, *expected):
    with pytest.raises(TemplateInputError) as error:
        validate_edited(old, new)
    for text in expected:
        assert text in str(error.value), f"{text!r} not in {error.value}"


def test_the_page_as_it_is_is_valid():
    assert validate_edited("months: [5, 9]", "months: [5, 9]")["months"] == [5, 9]


def test_unknown_front_matter_key():
    refused("months: [5, 9]", "months: [5, 9]\nmonth: 5", "neighbours-day.md", "key 'month'", "expected a known key")


def test_theme_outside_the_taxonomy():
    refused(
        "themes: [邻里和睦, 文化体育]",
        "themes: [邻里和睦, 邻里关系]",
        "neighbours-day.md",
        "key 'themes[1]'",
        "expected one of",
        "邻里关系",
    )


def test_month_13():
    refused("months: [5, 9]", "months: [5, 13]", "neighbours-day.md", "key 'months[1]'", "a month from 1 to 12", "13")


def test_missing_required_key():
    refused(
        "records: [活动方案, 居民报名表, 签到表, 活动照片, 信息稿, 居民意见反馈]\n",
        "",
        "neighbours-day.md",
        "key 'records'",
        "required",
    )


def test_missing_data_file(tmp_path):
    with pytest.raises(TemplateInputError, match="taxonomy.yml: expected a data file at this path .*'missing file'"):
        load_taxonomy(tmp_path / "data/taxonomy.yml")


def test_missing_variables_file(tmp_path):
    with pytest.raises(TemplateInputError, match="variables.yml: expected a data file at this path .*'missing file'"):
        load_definitions(tmp_path / "data/variables.yml")


def test_a_missing_data_file_stops_the_build(project, tmp_path):
    (project / "data/taxonomy.yml").unlink()
    assert_build_failed(run_build(project, tmp_path / "site"), "data/taxonomy.yml", "missing file")


def test_undefined_variable(warm_project, tmp_path):
    project = warm_project
    edit(project, ACTIVITY, "{{ street }}{{ community }}在小区广场", "{{ streat }}{{ community }}在小区广场")
    assert_build_failed(run_build(project, tmp_path / "site"), "activities/neighbours-day.md", "streat")


def test_broken_link(warm_project, tmp_path):
    project = warm_project
    edit(project, "docs/index.md", "(activities/index.md)", "(activities/no-such-page.md)")
    assert_build_failed(run_build(project, tmp_path / "site"), "index.md", "activities/no-such-page.md")


def test_missing_section(warm_project, tmp_path):
    project = warm_project
    edit(project, "docs/plans/community-annual-plan.md", 'section("work-steps")', 'section("work-stepz")')
    assert_build_failed(
        run_build(project, tmp_path / "site"), "community-annual-plan.md", "work-stepz", "docs/sections/work-stepz.md"
    )
