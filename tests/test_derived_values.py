"""Derived values (党组织, 居委会, 成文日期, 五年规划的提法 …) follow their
source by the rule declared in data/variables.yml (`derive`), in every
edition's build; 年度 is four digits. The browser side is in
tests/test_browser_tabs.py (values.js applies the same rules)."""

import pytest

from conftest import EDITION_VALUES, ROOT, set_values
from helpers import new_district, run_check
from macros.errors import TemplateInputError
from macros.variables import apply_overrides, load_definitions

PLAN = "plans/community-annual-plan/index.html"


def values_for(**overrides):
    merged = apply_overrides(load_definitions(), overrides, "districts/x/values.yml")
    return {name: entry["value"] for name, entry in merged.items()}


def test_defaults_are_derived_from_the_defaults():
    values = values_for()
    assert values["party_org"] == "中共幸福社区委员会" and values["committee"] == "幸福社区居民委员会"
    assert values["issue_date"] == "2026年2月6日" and values["summary_date"] == "2026年12月15日"
    assert (values["five_year_plan"], values["plan_year_role"], values["legal_campaign"]) == (
        "“十五五”",
        "开局之年",
        "“九五”普法",
    )


def test_an_edition_that_sets_community_and_year_gets_every_derived_name_and_date():
    values = values_for(community="金桥社区", street="东湖街道", district="东城区", year="2027")
    assert values["party_org"] == "中共金桥社区委员会" and values["committee"] == "金桥社区居民委员会"
    assert values["street_party_org"] == "中共东湖街道工作委员会" and values["street_office"] == "东湖街道办事处"
    assert values["civilization_committee"] == "东城区精神文明建设指导委员会"
    assert (values["issue_date"], values["half_year_date"], values["summary_date"]) == (
        "2027年2月6日",
        "2027年7月6日",
        "2027年12月15日",
    )
    assert values["plan_year_role"] == "攻坚之年"  # not 开局之年, fixed text that turned wrong in 2027


def test_year_bound_formulas_follow_the_year():
    assert [values_for(year=str(y))["plan_year_role"] for y in range(2026, 2032)] == [
        "开局之年",
        "攻坚之年",
        "关键之年",
        "冲刺之年",
        "收官之年",
        "开局之年",
    ]
    later = values_for(year="2031")
    assert (later["five_year_plan"], later["legal_campaign"]) == ("“十六五”", "“十五”普法")


def test_a_value_the_edition_sets_wins_over_the_rule():
    values = values_for(community="金桥社区", party_org="金桥社区党委")
    assert values["party_org"] == "金桥社区党委" and values["committee"] == "金桥社区居民委员会"


@pytest.mark.parametrize("year", ["2026年度", "二〇二七", "27", "20277"])
def test_year_must_be_four_digits(year):
    with pytest.raises(TemplateInputError, match="year.*four digits"):
        values_for(year=year)


def test_a_name_printed_in_a_form_keeps_to_its_own_limit(tmp_path):
    """community, village and unit have max_length 20 (a form stays on one
    page: tests/test_word_layout.py); other names keep the line limit, 60."""
    assert values_for(community="甲" * 20)["community"] == "甲" * 20
    for name in ("community", "village", "unit"):
        with pytest.raises(TemplateInputError, match=rf"{name}.*at most 20 characters"):
            values_for(**{name: "甲" * 21})
    assert values_for(street="甲" * 40)["street"] == "甲" * 40  # over 20: the line limit
    bad = tmp_path / "variables.yml"
    text = (ROOT / "data/variables.yml").read_text(encoding="utf-8")
    for limit, expected in (("61", "from 1 to 60"), ("0", "from 1 to 60"), ("二十", "from 1 to 60"), ("3", "at most 3")):
        bad.write_text(text.replace("  max_length: 20", f"  max_length: {limit}", 1), encoding="utf-8")
        with pytest.raises(TemplateInputError, match=expected):
            load_definitions(bad)


def test_the_site_default_of_a_derived_name_left_in_an_edition_is_an_error():
    """A values.yml written before the rules existed still says 中共幸福社区委员会."""
    with pytest.raises(TemplateInputError, match="party_org.*中共金桥社区委员会"):
        values_for(community="金桥社区", party_org="中共幸福社区委员会")


def test_edition_build_and_check_sign_with_the_editions_own_names(edition_sites, project):
    assert EDITION_VALUES["community"] == "星光社区" and EDITION_VALUES["year"] == "2027"
    check = run_check(edition_sites.project, "dongcheng")
    assert check.returncode == 0 and "没有发现问题" in check.stdout, check.stdout + check.stderr
    page = (edition_sites.east / PLAN).read_text(encoding="utf-8")
    assert '<span data-var="party_org">中共星光社区委员会</span>' in page
    assert '<span data-var="issue_date">2027年2月6日</span>' in page
    assert "中共幸福社区委员会" not in page and "2026年2月6日" not in page

    # An edition with the site's old line left in: `make check` names it.
    assert new_district(project, "jinqiao").returncode == 0
    set_values(project, "jinqiao", {"community": "金桥社区", "year": "2027"})
    values = project / "districts/jinqiao/values.yml"
    values.write_text(values.read_text(encoding="utf-8") + 'party_org: "中共幸福社区委员会"\n', encoding="utf-8")
    check = run_check(project, "jinqiao")
    assert check.returncode != 0 and "party_org" in check.stdout + check.stderr, check.stdout + check.stderr
