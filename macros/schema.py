"""Front-matter schema for every content page, checked before anything renders.

Each kind of page has its own keys, declared in kinds.py.
A bad value stops the build with the file, the key and what was expected.
"""

import datetime

from .errors import TemplateInputError
from .frontmatter import DATE_EXPECTED
from .kinds import KINDS

# dated: how a document is dated under its issuer (its 成文日期).
DATED_FILL, DATED_NONE = "fill", "none"
# schedule: which activities a plan's 月度活动安排表 lists before the reader chooses (plan/schedule.py).
SCHEDULES = {
    "common": "the activities nearly every community holds each year (annual: true) and those of the plan's own level",
    "topic": "the activities whose first theme is one of the plan's themes, and the annual ones sharing a theme",
}


def _schedule(path, key, value):
    if value not in SCHEDULES:
        raise TemplateInputError(path, key, f"one of {', '.join(SCHEDULES)} ({'; '.join(SCHEDULES.values())})", value)
    return value


class _Day:
    """The `day` checker: a day of data/days.yml; knows the months it falls in."""

    def __init__(self, days):
        self.days = days

    def __call__(self, path, key, value):
        return _one_of(list(self.days))(path, key, value)

    def months(self, name):
        from .plan.days import months_of  # lunar-python is imported only when a page names a day

        return months_of(self.days, name)


def _text(path, key, value):
    if not isinstance(value, str) or not value.strip():
        raise TemplateInputError(path, key, "a non-empty text", value)
    return plain_text(path, key, value.strip())


def plain_text(path, key, value):
    """Front-matter text goes into titles, navigation, listings and the theme's
    attributes as it is: markup there would run on the page, and a straight "
    ends an attribute (issue 17). So these three are refused."""
    if any(c in value for c in '<>"'):
        raise TemplateInputError(
            path, key, 'text without < > or " (they would become markup on the page; write 《》 ＜＞ “” instead)', value
        )
    return value


def _text_list(path, key, value):
    if not isinstance(value, list) or not value:
        raise TemplateInputError(path, key, "a non-empty list of texts", value)
    return [_text(path, f"{key}[{i}]", item) for i, item in enumerate(value)]


def _one_of(allowed):
    def check(path, key, value):
        if value not in allowed:
            raise TemplateInputError(path, key, f"one of {', '.join(map(str, allowed))}", value)
        return value

    return check


def _list_of(allowed):
    def check(path, key, value):
        if not isinstance(value, list) or not value:
            raise TemplateInputError(path, key, f"a non-empty list of {', '.join(map(str, allowed))}", value)
        for i, item in enumerate(value):
            _one_of(allowed)(path, f"{key}[{i}]", item)
        if len(set(value)) != len(value):
            raise TemplateInputError(path, key, "a list without repeated values", value)
        return value

    return check


def _months(path, key, value):
    months = list(range(1, 13))
    if not isinstance(value, list) or not value:
        raise TemplateInputError(path, key, "a non-empty list of months 1-12", value)
    for i, item in enumerate(value):
        if isinstance(item, bool) or item not in months:
            raise TemplateInputError(path, f"{key}[{i}]", "a month from 1 to 12", item)
    return sorted(set(value))


def _date(path, key, value):
    """A calendar date written YYYY-MM-DD (YAML reads it as a date)."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TemplateInputError(path, key, DATE_EXPECTED, value)
    return value


def _line(path, key, value):
    text = _text(path, key, value)
    if "\n" in text:
        raise TemplateInputError(path, key, "one line of text", value)
    return text


def _flag(path, key, value):
    if not isinstance(value, bool):
        raise TemplateInputError(path, key, "true or false", value)
    return value


def _issuer(variable_names):
    """The issuing bodies under the text (variable names); [] for no 落款."""

    def check(path, key, value):
        if value == []:
            return value
        return _list_of(variable_names)(path, key, value)

    return check


def _material_hide(path, key, value):
    return _list_of(["navigation", "toc", "footer", "feedback", "tags", "path"])(path, key, value)


def _checker(spec, taxonomy, variable_names, days):
    """The checker of a field spec of kinds.py (its module docstring lists them)."""
    plain = {
        "text": _text,
        "line": _line,
        "text_list": _text_list,
        "date": _date,
        "flag": _flag,
        "months": _months,
        "hide": _material_hide,
    }
    if spec in plain:
        return plain[spec]
    if spec == "kind":
        return _one_of(list(KINDS))
    if spec == "schedule":
        return _schedule
    if spec == "day":
        return _Day(days or {})
    if spec == "issuer":
        return _issuer(variable_names)
    if spec == "dated":
        dates = [name for name in taxonomy["date_variables"] if name in variable_names] or taxonomy["date_variables"]
        return _one_of([DATED_FILL, DATED_NONE, *dates])
    rule, _, argument = spec.partition(":")
    if rule.startswith("taxonomy") and not taxonomy.get(argument):
        raise TemplateInputError("data/taxonomy.yml", argument, f"the names a field of macros/kinds.py takes ({spec})", "missing")
    if rule == "taxonomy":
        return _one_of(list(taxonomy[argument]))
    if rule == "taxonomy-list":
        return _list_of(list(taxonomy[argument]))
    if rule == "one_of":
        return _one_of(argument.split(","))
    raise ValueError(f"macros/kinds.py: unknown field spec {spec!r}")


def build_schemas(taxonomy, variable_names, days=None):
    """Return {kind: {key: (required, checker)}} from the kinds (kinds.py) and the taxonomy."""
    return {
        name: {key: (required, _checker(spec, taxonomy, variable_names, days)) for key, (required, spec) in kind.fields.items()}
        for name, kind in KINDS.items()
    }


def validate(path, meta, schemas):
    """Check one page's front matter; return it with normalised values."""
    if not isinstance(meta, dict) or "kind" not in meta:
        raise TemplateInputError(path, "kind", f"front matter with a kind: one of {', '.join(schemas)}", meta or None)
    kind = _one_of(list(schemas))(path, "kind", meta["kind"])
    schema = schemas[kind]
    for key in meta:
        if key not in schema:
            raise TemplateInputError(path, key, f"a known key for kind '{kind}' ({', '.join(schema)})", "unknown key")
    checked = {}
    for key, (required, check) in schema.items():
        if key in meta:
            checked[key] = check(path, key, meta[key])
        elif required:
            raise TemplateInputError(path, key, f"this key, required for kind '{kind}'", "missing")
    if "day" in schema:
        _months_of_day(path, checked, schema["day"][1])
    return checked


def _months_of_day(path, checked, day):
    """An activity has months, or a day whose months follow from the calendar."""
    if "day" in checked and "months" in checked:
        raise TemplateInputError(
            path, "months", "no months beside day (they follow from the day's date each year)", checked["months"]
        )
    if "day" not in checked and "months" not in checked:
        raise TemplateInputError(path, "months", "this key (or day), required for this kind", "missing")
    if "day" in checked:
        checked["months"] = day.months(checked["day"])
