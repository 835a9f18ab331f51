"""The days activities are held on (data/days.yml, macros/plan/days.py), in-process."""

import datetime

import pytest

from macros.errors import TemplateInputError
from macros.plan import days

DAYS = days.load()


@pytest.mark.parametrize(
    "name, year, expected",
    [
        # Published calendars: the lunar festivals move every year.
        ("春节", 2026, "2026-02-17"),
        ("元宵节", 2026, "2026-03-03"),
        ("端午节", 2026, "2026-06-19"),
        ("七夕节", 2026, "2026-08-19"),
        ("中秋节", 2026, "2026-09-25"),
        ("重阳节", 2026, "2026-10-18"),
        ("端午节", 2027, "2027-06-09"),
        ("中秋节", 2027, "2027-09-15"),
        ("春节", 2028, "2028-01-26"),
        ("清明节", 2026, "2026-04-05"),
        ("清明节", 2028, "2028-04-04"),
        ("中国农民丰收节", 2026, "2026-09-23"),
        # 5月第三个星期日, 9月第三个星期六
        ("全国助残日", 2026, "2026-05-17"),
        ("全民国防教育日", 2026, "2026-09-19"),
        ("全民国防教育日", 2027, "2027-09-18"),
        ("国家宪法日", 2026, "2026-12-04"),
        ("爱国卫生月", 2026, "2026-04-01"),
    ],
)
def test_dates_of_a_year(name, year, expected):
    assert days.date_in(DAYS[name], year) == datetime.date.fromisoformat(expected)


def test_the_browser_table_covers_every_day_and_year():
    table = days.table(DAYS)
    assert set(table) == set(DAYS)
    assert all(set(by_year) == {str(y) for y in days.YEARS} for by_year in table.values())
    assert table["端午节"]["2026"] == "6-19" and table["端午节"]["2027"] == "6-9"
    assert table["爱国卫生月"]["2030"] == "4"


@pytest.mark.parametrize(
    "rule, key",
    [
        ({"lunar": "13-1"}, "节.lunar"),
        ({"solar": "2-30"}, "节.solar"),
        ({"term": "立冬至"}, "节.term"),
        ({"weekday": [5, 6, 7]}, "节.weekday"),
        ({"month": 13}, "节.month"),
        ({"moon": "1-1"}, "节"),
        ({"solar": "3-5", "lunar": "1-1"}, "节"),
    ],
)
def test_a_bad_rule_names_the_day_and_what_was_expected(tmp_path, rule, key):
    import yaml

    path = tmp_path / "days.yml"
    path.write_text(yaml.safe_dump({"节": rule}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateInputError) as error:
        days.load(path)
    assert f"key '{key}'" in str(error.value) and "expected" in str(error.value)
