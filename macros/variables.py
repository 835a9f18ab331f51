"""The variable system: every name, year and formula a reader must change.

Values render as <span data-var="name">value</span> so the browser can swap
in the reader's own values; the text is HTML-escaped and protected from
Markdown so that a value like "<script>" or "a*b*" shows as typed.
"""

from html import escape

from .datafiles import load_yaml
from .errors import TemplateInputError
from .paths import DATA

DEFINITIONS_FILE = DATA / "variables.yml"
MAX_LENGTH = 60
ENTRY_KEYS = {"label", "value", "help"}

# Characters that Python-Markdown would treat as syntax inside inline HTML.
_MARKDOWN_SAFE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}#+!|~"})


def escape_text(text):
    """HTML-escape and neutralise Markdown syntax in a user-supplied value."""
    return escape(text, quote=True).translate(_MARKDOWN_SAFE)


def fill_html(prompt):
    """A fill-in prompt for a fact only the writer knows: yellow 〔prompt〕."""
    return f'<mark class="tpl-fill" title="请根据实际情况填写">〔{escape_text(prompt)}〕</mark>'


class Value:
    """A variable as pages see it: prints as marked-up text, `.text` is plain."""

    def __init__(self, name, text):
        self.name = name
        self.text = text

    def __str__(self):
        return f'<span data-var="{self.name}">{escape_text(self.text)}</span>'

    __html__ = __str__

    def __repr__(self):
        return f"Value({self.name!r}, {self.text!r})"


def check_text(path, name, text):
    """A value must be a short, non-empty single line of text."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise TemplateInputError(path, name, "a line of text", text)
    text = str(text).strip()
    if not text or "\n" in text or len(text) > MAX_LENGTH:
        raise TemplateInputError(path, name, f"one non-empty line of at most {MAX_LENGTH} characters", text)
    return text


def load_definitions(path=DEFINITIONS_FILE):
    """Read variables.yml: {name: {label, value, help}}, validated."""
    raw = load_yaml(path, "a mapping of variable names to {label, value, help}")
    definitions = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != ENTRY_KEYS:
            raise TemplateInputError(path, name, "a mapping with exactly the keys label, value, help", entry)
        definitions[name] = {
            "label": check_text(path, f"{name}.label", entry["label"]),
            "value": check_text(path, f"{name}.value", entry["value"]),
            "help": str(entry["help"]),
        }
    return definitions


def apply_overrides(definitions, overrides, path):
    """Replace default values by an edition's; unknown names are typos and fail."""
    merged = {name: dict(entry) for name, entry in definitions.items()}
    for name, text in overrides.items():
        if name not in merged:
            raise TemplateInputError(path, name, f"one of the variables {', '.join(definitions)}", "unknown key")
        merged[name]["value"] = check_text(path, name, text)
    return merged


def as_values(definitions):
    return {name: Value(name, entry["value"]) for name, entry in definitions.items()}
