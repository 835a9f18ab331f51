"""Front-matter schema for every content page, checked before anything renders.

Each kind of page (plan, document, section, activity, page) has its own keys.
A bad value stops the build with the file, the key and what was expected.
"""

import datetime

from .errors import TemplateInputError
from .frontmatter import DATE_EXPECTED

# dated: how a document is dated under its issuer (its 成文日期).
DATED_FILL, DATED_NONE = "fill", "none"


def _text(path, key, value):
    if not isinstance(value, str) or not value.strip():
        raise TemplateInputError(path, key, "a non-empty text", value)
    return value.strip()


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


def build_schemas(taxonomy, variable_names):
    """Return {kind: {key: (required, checker)}} from the taxonomy."""
    themes = list(taxonomy["themes"])
    dates = [name for name in taxonomy["date_variables"] if name in variable_names] or taxonomy["date_variables"]
    common = {
        "title": (True, _text),
        "kind": (True, _one_of(["plan", "document", "section", "activity", "page"])),
        "description": (False, _text),
        "synonyms": (False, _text_list),
        "hide": (False, _material_hide),
    }
    # What a district needs to see what changed upstream (maintainers/district-edition).
    tracked = {
        "updated": (True, _date),
        "changes": (False, _line),
        "based_on": (False, _date),  # an edition's replacement page: the upstream `updated` it follows
    }
    # Documents a reader downloads as a 公文: who issues them and how they are dated.
    official = {
        "level": (True, _one_of(taxonomy["levels"])),
        "usage": (True, _text),
        "author_role": (True, _text),
        "change_notes": (True, _text_list),
        "issuer": (True, _issuer(variable_names)),
        "dated": (True, _one_of([DATED_FILL, DATED_NONE, *dates])),
    }
    return {
        "plan": {
            **common, **tracked, **official,
            "plan_type": (True, _one_of(list(taxonomy["plan_types"]))),
            "themes": (False, _list_of(themes)),
            "schedule": (False, _flag),  # carries the 月度活动安排表 and 责任分工表
        },
        "document": {
            **common, **tracked, **official,
            "doc_type": (True, _one_of(list(taxonomy["document_types"]))),
        },
        "section": {
            **common, **tracked,
            "section_type": (True, _one_of(taxonomy["section_types"])),
            "level": (True, _one_of(taxonomy["levels"])),
        },
        "activity": {
            **common, **tracked,
            "summary": (True, _text),
            "themes": (True, _list_of(themes)),
            "months": (True, _months),
            "audience": (True, _text_list),
            "organisers": (True, _text_list),
            "partners": (False, _text_list),
            "records": (True, _text_list),
            "forms": (False, _list_of(list(taxonomy["ledger_forms"]))),
            "annual": (False, _flag),  # in the default yearly schedule of the plans
            # who holds it: its 活动方案 is titled and signed by the community (default), village or unit
            "level": (False, _one_of(["社区", "村", "单位"])),
        },
        # listing: a page that lists others (indexes, calendar); search ranks it
        # by its own title only, never above the pages it lists.
        "page": {**common, "listing": (False, _flag)},
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
    return checked
