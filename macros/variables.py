"""The variable system: every name, year and formula a reader must change.

Values render as <span data-var="name">value</span> so the browser can swap
in the reader's own values; the text is HTML-escaped and protected from
Markdown so that a value like "<script>" or "a*b*" shows as typed.
"""

from .datafiles import load_yaml
from .errors import TemplateInputError
from .paths import DATA

DEFINITIONS_FILE = DATA / "variables.yml"
# line: a name, year or formula (one short line, never empty);
# text: a paragraph the reader writes about the community (empty by default).
MAX_LENGTHS = {"line": 60, "text": 500}
MAX_LENGTH = MAX_LENGTHS["line"]
GROUPS = ("本社区", "本社区情况", "街道和区县", "村（涉农社区）", "单位", "年度和日期", "当前提法")
REQUIRED_KEYS, OPTIONAL_KEYS = {"label", "value", "help", "group"}, {"type"}

# One table, applied in one pass: the HTML specials and the characters that
# Python-Markdown would treat as syntax inside inline HTML. Two passes (HTML,
# then Markdown) escaped the "#" of "&#x27;" again, so an apostrophe reached
# pages, Word and text as the six characters "&#x27;".
_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    **{c: f"&#{ord(c)};" for c in "\\`*_[]{}#+!|~"},
})


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

    def __init__(self, name, text, label=""):
        self.name = name
        self.text = text or prompt(label)
        self.empty = not text

    def __str__(self):
        if self.empty:
            return (f'<span data-var="{self.name}" class="tpl-fill" data-prompt="{escape_text(self.text)}" '
                    f'title="请在“我的信息”中填写">{escape_text(self.text)}</span>')
        return f'<span data-var="{self.name}">{escape_text(self.text)}</span>'

    __html__ = __str__

    def __repr__(self):
        return f"Value({self.name!r}, {self.text!r})"


def check_text(path, name, text, kind="line"):
    """A line must be a short, non-empty single line; a text at most a paragraph."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise TemplateInputError(path, name, "a line of text", text)
    text = str(text).strip()
    limit = MAX_LENGTHS[kind]
    if kind == "text":
        if len(text) > limit:
            raise TemplateInputError(path, name, f"a text of at most {limit} characters", text)
        return text
    if not text or "\n" in text or len(text) > limit:
        raise TemplateInputError(path, name, f"one non-empty line of at most {limit} characters", text)
    return text


def load_definitions(path=DEFINITIONS_FILE):
    """Read variables.yml: {name: {label, value, help}}, validated."""
    raw = load_yaml(path, "a mapping of variable names to {label, value, help, group}")
    definitions = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict) or not REQUIRED_KEYS <= set(entry) <= REQUIRED_KEYS | OPTIONAL_KEYS:
            raise TemplateInputError(path, name, "a mapping with the keys label, value, help, group (and optionally type)", entry)
        kind = entry.get("type", "line")
        if kind not in MAX_LENGTHS:
            raise TemplateInputError(path, f"{name}.type", f"one of {', '.join(MAX_LENGTHS)}", kind)
        if entry["group"] not in GROUPS:
            raise TemplateInputError(path, f"{name}.group", f"one of {', '.join(GROUPS)}", entry["group"])
        definitions[name] = {
            "label": check_text(path, f"{name}.label", entry["label"]),
            "value": check_text(path, f"{name}.value", entry["value"], kind),
            "help": str(entry["help"]),
            "group": entry["group"],
            "type": kind,
            "max_length": MAX_LENGTHS[kind],
        }
    return definitions


def apply_overrides(definitions, overrides, path):
    """Replace default values by an edition's; unknown names are typos and fail."""
    merged = {name: dict(entry) for name, entry in definitions.items()}
    for name, text in overrides.items():
        if name not in merged:
            raise TemplateInputError(path, name, f"one of the variables {', '.join(definitions)}", "unknown key")
        merged[name]["value"] = check_text(path, name, text, merged[name]["type"])
    return merged


def as_values(definitions):
    return {name: Value(name, entry["value"], entry["label"]) for name, entry in definitions.items()}
