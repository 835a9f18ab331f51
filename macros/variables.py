"""The variable system: every name, year and formula a reader must change.

Values render as <span data-var="name">value</span> so the browser can swap
in the reader's own values; the text is HTML-escaped and protected from
Markdown so that a value like "<script>" or "a*b*" shows as typed.
"""

import re

from .datafiles import load_yaml
from .errors import TemplateInputError
from .paths import DATA

DEFINITIONS_FILE = DATA / "variables.yml"
# line: a name, year or formula (one short line, never empty);
# text: a paragraph the reader writes about the community (empty by default).
MAX_LENGTHS = {"line": 60, "text": 500}
MAX_LENGTH = MAX_LENGTHS["line"]
GROUPS = ("本社区", "本社区情况", "街道和区县", "村（涉农社区）", "单位", "年度和日期", "当前提法")
REQUIRED_KEYS, OPTIONAL_KEYS = {"label", "value", "help", "group"}, {"type", "format", "max_length"}
DERIVED_KEYS = {"label", "derive", "help", "group"}  # a derived variable has no value of its own
YEAR = re.compile(r"^[0-9]{4}$")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# One table, applied in one pass: the HTML specials and the characters that
# Python-Markdown would treat as syntax inside inline HTML. Two passes (HTML,
# then Markdown) escaped the "#" of "&#x27;" again, so an apostrophe reached
# pages, Word and text as the six characters "&#x27;".
_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        **{c: f"&#{ord(c)};" for c in "\\`*_[]{}#+!|~"},
    }
)


def escape_text(text):
    """HTML-escape and neutralise Markdown syntax in a user-supplied value, exactly once."""
    return str(text).translate(_ESCAPES)


def fill_html(prompt):
    """A fill-in prompt for a fact only the writer knows: yellow 〔prompt〕."""
    return f'<mark class="tpl-fill" title="请根据实际情况填写">〔{escape_text(prompt)}〕</mark>'


def prompt(label):
    return f"〔{label}〕"


class Value:
    """A variable as pages see it: prints as marked-up text, `.text` is plain.
    An empty text variable prints as a fill-in showing its label."""

    def __init__(self, name, text, label="", max_length=MAX_LENGTH):
        self.name = name
        self.text = text or prompt(label)
        self.empty = not text
        self.max_length = max_length  # the longest value a reader may give it

    def __str__(self):
        if self.empty:
            return (
                f'<span data-var="{self.name}" class="tpl-fill" data-prompt="{escape_text(self.text)}" '
                f'title="请在“我的信息”中填写">{escape_text(self.text)}</span>'
            )
        return f'<span data-var="{self.name}">{escape_text(self.text)}</span>'

    __html__ = __str__

    def __repr__(self):
        return f"Value({self.name!r}, {self.text!r})"


def check_text(path, name, text, kind="line", limit=None):
    """A line must be a short, non-empty single line; a text at most a paragraph
    (`limit`: the variable's own max_length, else the kind's)."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise TemplateInputError(path, name, "a line of text", text)
    text = str(text).strip()
    limit = limit or MAX_LENGTHS[kind]
    if kind == "text":
        if len(text) > limit:
            raise TemplateInputError(path, name, f"a text of at most {limit} characters", text)
        return text
    if not text or "\n" in text or len(text) > limit:
        raise TemplateInputError(path, name, f"one non-empty line of at most {limit} characters", text)
    return text


def load_definitions(path=DEFINITIONS_FILE):
    """Read variables.yml: {name: {label, value, help, group, type, max_length,
    derive, format}}, validated; derived values computed from their sources."""
    raw = load_yaml(path, "a mapping of variable names to {label, value, help, group}")
    definitions = {}
    for name, entry in raw.items():
        derived = isinstance(entry, dict) and "derive" in entry
        required = DERIVED_KEYS if derived else REQUIRED_KEYS
        if not isinstance(entry, dict) or not required <= set(entry) <= required | OPTIONAL_KEYS:
            raise TemplateInputError(
                path,
                name,
                "a mapping with the keys label, value (or derive), help, group (and optionally type, format, max_length)",
                entry,
            )
        kind = entry.get("type", "line")
        if kind not in MAX_LENGTHS:
            raise TemplateInputError(path, f"{name}.type", f"one of {', '.join(MAX_LENGTHS)}", kind)
        if entry["group"] not in GROUPS:
            raise TemplateInputError(path, f"{name}.group", f"one of {', '.join(GROUPS)}", entry["group"])
        # A name printed in a one-page form has a shorter limit than the kind's,
        # one the forms stay on one page with (tests/test_word_layout.py fills
        # it in and renders them); the browser, the import and the editions
        # refuse a longer one.
        limit = entry.get("max_length", MAX_LENGTHS[kind])
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LENGTHS[kind]:
            raise TemplateInputError(path, f"{name}.max_length", f"a whole number from 1 to {MAX_LENGTHS[kind]}", limit)
        if entry.get("format", "year") != "year":
            raise TemplateInputError(path, f"{name}.format", "year (the only format there is)", entry["format"])
        definitions[name] = {
            "label": check_text(path, f"{name}.label", entry["label"]),
            "value": "" if derived else check_text(path, f"{name}.value", entry["value"], kind, limit),
            "help": str(entry["help"]),
            "group": entry["group"],
            "type": kind,
            "max_length": limit,
            "derive": check_rule(path, name, entry["derive"], raw) if derived else None,
            "format": entry.get("format"),
        }
        if definitions[name]["format"] == "year":
            check_year(path, name, definitions[name]["value"])
    return apply_derived(definitions, path)


def apply_overrides(definitions, overrides, path):
    """Replace default values by an edition's; unknown names are typos and fail.
    A derived value the edition does not set follows the edition's sources."""
    merged = {name: dict(entry) for name, entry in definitions.items()}
    for name, text in overrides.items():
        if name not in merged:
            raise TemplateInputError(path, name, f"one of the variables {', '.join(definitions)}", "unknown key")
        merged[name]["value"] = check_text(path, name, text, merged[name]["type"], merged[name]["max_length"])
        if merged[name]["format"] == "year":
            check_year(path, name, merged[name]["value"])
    check_stale_derived(definitions, merged, overrides, path)
    for name in overrides:
        merged[name]["derive"] = None  # set by the edition: fixed, in the browser too
    return apply_derived(merged, path)


# --- derived values (data/variables.yml `derive`) ------------------------------


def check_year(path, name, text):
    if not YEAR.match(str(text)):
        raise TemplateInputError(path, name, "a year of four digits, such as 2027 (年度只写四位数字)", text)


def check_rule(path, name, rule, raw):
    """A rule is a text with {name} placeholders of non-derived variables, or by_year."""
    if isinstance(rule, str):
        for source in PLACEHOLDER.findall(rule):
            if source not in raw or "derive" in raw[source]:
                raise TemplateInputError(
                    path, f"{name}.derive", "placeholders naming variables with a value of their own", source
                )
        return rule
    table = rule.get("by_year") if isinstance(rule, dict) and set(rule) == {"by_year"} else None
    if (
        not isinstance(table, dict)
        or not table
        or not all(isinstance(y, int) and isinstance(t, str) and t for y, t in table.items())
    ):
        raise TemplateInputError(path, f"{name}.derive", 'a text with {name} placeholders, or by_year: {year: "text"}', rule)
    return {"by_year": {str(year): text for year, text in sorted(table.items())}}


def derive(rule, values):
    """The value `rule` gives for `values` ({name: text}); values.js does the same."""
    if isinstance(rule, str):
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), rule)
    year = int(values["year"]) if YEAR.match(values.get("year", "")) else 0
    table = rule["by_year"]
    chosen = [text for first, text in table.items() if int(first) <= year]
    return chosen[-1] if chosen else next(iter(table.values()))


def apply_derived(definitions, path):
    values = {name: entry["value"] for name, entry in definitions.items()}
    for name, entry in definitions.items():
        if entry["derive"] is not None:
            entry["value"] = check_text(path, name, derive(entry["derive"], values), entry["type"], entry["max_length"])
    return definitions


def check_stale_derived(definitions, merged, overrides, path):
    """An edition that sets a derived name to the site's own default (a values.yml
    written before the rule existed) while its sources differ gets an error, not
    a plan signed 中共幸福社区委员会 by 金桥社区."""
    sources = {name: entry["value"] for name, entry in merged.items()}
    for name, text in overrides.items():
        rule = definitions[name]["derive"]
        if rule is None or str(text).strip() != definitions[name]["value"]:
            continue
        expected = derive(rule, sources)
        if expected != definitions[name]["value"]:
            raise TemplateInputError(
                path,
                name,
                f"the edition's own value or no line at all (without it: {expected})",
                f"{text} (the site's default, which does not match this edition)",
            )


def as_values(definitions):
    return {name: Value(name, entry["value"], entry["label"], entry["max_length"]) for name, entry in definitions.items()}
