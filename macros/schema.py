"""Front-matter schema for every content page, checked before anything renders.

Each kind of page (plan, section, activity, guide) has its own keys. A bad
value stops the build with the file, the key and what was expected.
"""

from .errors import TemplateInputError


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


def _material_hide(path, key, value):
    return _list_of(["navigation", "toc", "footer", "feedback", "tags", "path"])(path, key, value)


def build_schemas(taxonomy, variable_names):
    """Return {kind: {key: (required, checker)}} from the taxonomy."""
    themes = list(taxonomy["themes"])
    common = {
        "title": (True, _text),
        "kind": (True, _one_of(["plan", "section", "activity", "page"])),
        "description": (False, _text),
        "synonyms": (False, _text_list),
        "hide": (False, _material_hide),
    }
    return {
        "plan": {
            **common,
            "plan_type": (True, _one_of(list(taxonomy["plan_types"]))),
            "level": (True, _one_of(taxonomy["levels"])),
            "usage": (True, _text),
            "author_role": (True, _text),
            "change_notes": (True, _text_list),
            "issuer": (True, _list_of(variable_names)),
            "themes": (False, _list_of(themes)),
        },
        "section": {
            **common,
            "section_type": (True, _one_of(taxonomy["section_types"])),
            "level": (True, _one_of(taxonomy["levels"])),
        },
        "activity": {
            **common,
            "summary": (True, _text),
            "themes": (True, _list_of(themes)),
            "months": (True, _months),
            "audience": (True, _text_list),
            "organisers": (True, _text_list),
            "partners": (False, _text_list),
            "records": (True, _text_list),
        },
        "page": dict(common),
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
