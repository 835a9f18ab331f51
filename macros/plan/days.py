"""The days activities are held on (data/days.yml), as dates of a given year.

Lunar festivals move every year (端午 2026-06-19, 2027-06-09), so no month is
written by hand for them: an activity names its day (front matter `day`) and
the schedule, the calendar and the browser place it in that day's month of
the plan's year. Lunar dates and solar terms come from lunar-python, pinned in
requirements.txt; nothing here is computed by our own astronomy.

The browser does not convert dates itself: the build writes every day's date
for a span of years (table()), and the reader's 年度 picks the column.
"""

import datetime
import functools
import hashlib
import json
import os
from importlib.metadata import version

from ..datafiles import load_yaml
from ..errors import TemplateInputError
from ..paths import CACHE, DATA

DAYS_FILE = DATA / "days.yml"
# Years the browser can place activities in: a reader may plan a year or two
# back (a summary) and several ahead; the range is checked by tests.
YEARS = range(2020, 2046)
RULES = ("lunar", "solar", "term", "weekday", "month")
LUNAR_PYTHON = version("lunar-python")  # a new release may correct dates: part of the cache key


def load(path=DAYS_FILE):
    days = load_yaml(path, "a mapping of day names to one rule each")
    for name, rule in days.items():
        _check(path, name, rule)
    return days


def _check(path, name, rule):
    key = f"{name}"
    if not isinstance(rule, dict) or len(rule) != 1 or next(iter(rule)) not in RULES:
        raise TemplateInputError(path, key, f"one rule: {', '.join(RULES)}", rule)
    ((kind, value),) = rule.items()
    try:
        # Checked by computing a date: a bad month, day or term fails here.
        date_in(rule, 2026)
    except Exception as error:  # lunar-python raises a bare Exception for a bad lunar date
        raise TemplateInputError(path, f"{key}.{kind}", _EXPECTED[kind], value) from error


_EXPECTED = {
    "lunar": 'a lunar "month-day" such as "5-5"',
    "solar": 'a calendar "month-day" such as "12-4"',
    "term": "the name of a solar term such as 清明",
    "weekday": "[month, which one (1-5), weekday 1-7 with Monday 1]",
    "month": "a month from 1 to 12",
}


def _month_day(text):
    if not isinstance(text, str):
        raise TypeError(text)
    month, day = (int(part) for part in text.split("-"))
    return month, day


def date_in(rule, year):
    """The date of a day's rule in `year`; a `month` rule gives the month's first day."""
    ((kind, value),) = rule.items()
    if kind == "solar":
        return datetime.date(year, *_month_day(value))
    if kind == "month":
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(value)
        return datetime.date(year, value, 1)
    if kind == "weekday":
        month, which, weekday = value
        if not (1 <= which <= 5 and 1 <= weekday <= 7):
            raise ValueError(value)
        first = datetime.date(year, month, 1)
        day = first + datetime.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (which - 1))
        if day.month != month:
            raise ValueError(value)
        return day
    from lunar_python import Lunar  # imported only when a lunar day is asked for

    if kind == "lunar":
        month, day = _month_day(value)
        solar = Lunar.fromYmd(year, month, day).getSolar()
    else:
        solar = _solar_terms(year)[value]
        if solar.getYear() != year:
            raise ValueError(value)
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


@functools.cache
def _solar_terms(year):
    """The solar terms of the lunar year around the middle of `year` (slow: once a year)."""
    from lunar_python import Solar

    return Solar.fromYmd(year, 7, 1).getLunar().getJieQiTable()


def months_of(days, name, years=YEARS):
    """The months a day falls in over the years the site plans for (端午: 5 and 6)."""
    return sorted({_month(text) for text in table(days, years)[name].values()})


def _month(text):
    return int(text.split("-")[0])


def month_in(days, name, year):
    return date_in(days[name], year).month


def table(days, years=YEARS):
    """{day: {year: "month-day"}} for the browser; a `month` rule gives "month"."""
    key = json.dumps([days, list(years)], ensure_ascii=False, sort_keys=True)
    return json.loads(_table(key))


@functools.cache
def _table(key):
    """The table as JSON, computed once a process and kept in .cache across builds
    (lunar-python takes about 0.3 s for the years), keyed by the rules and years."""
    path = CACHE / "days" / (hashlib.sha256(f"{key}{LUNAR_PYTHON}".encode()).hexdigest()[:16] + ".json")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    days, years = json.loads(key)
    found = {name: {} for name in days}
    for year in years:  # year by year: lunar-python keeps only the latest lunar year it computed
        for name, rule in days.items():
            d = date_in(rule, year)
            found[name][str(year)] = str(rule["month"]) if "month" in rule else f"{d.month}-{d.day}"
    text = json.dumps(found, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)  # whole or not at all, even with two builds at once
    return text


def label(days, name, year):
    """How the calendar names the day: 端午节（6月19日）, 爱国卫生月（4月）."""
    rule = days[name]
    if "month" in rule:
        return f"{name}（{rule['month']}月）"
    d = date_in(rule, year)
    return f"{name}（{d.month}月{d.day}日）"
