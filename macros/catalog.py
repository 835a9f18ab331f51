"""The catalog: every content page's validated front matter, read before rendering.

Listings, the calendar and the search dictionary are generated from it, so a
page that is added (upstream or by a district edition) appears everywhere.
"""

from dataclasses import dataclass
from pathlib import Path

from .datafiles import load_yaml
from .errors import TemplateInputError
from .frontmatter import read as read_front_matter
from .kinds import names
from .paths import DATA, ROOT
from .plan.days import load as load_days
from .schema import build_schemas, validate

TAXONOMY_FILE = DATA / "taxonomy.yml"
# The kinds whose text a reader copies and downloads (the content gates check them).
DOCUMENT_KINDS = set(names(document_text=True))  # kinds.py


@dataclass(frozen=True)
class Entry:
    src_path: str  # relative to docs_dir, with forward slashes
    meta: dict
    source: str = ""  # the file, as error messages name it (docs/… or districts/<slug>/docs/…)
    # Where MkDocs writes the page (from its File, in the adapter's on_files):
    url: str = ""  # "activities/neighbours-day/"
    name: str = ""  # "neighbours-day" ("index" for an index.md)
    dest_path: str = ""  # site_dir/activities/neighbours-day/index.html

    @property
    def kind(self):
        return self.meta["kind"]

    @property
    def title(self):
        return self.meta["title"]


class Catalog:
    def __init__(self, entries, taxonomy, days=None):
        self.entries = sorted(entries, key=lambda e: e.src_path)
        self.taxonomy = taxonomy
        self.days = days or {}  # data/days.yml: the days activities are held on
        self.by_path = {e.src_path: e for e in self.entries}

    def of_kind(self, kind):
        return [e for e in self.entries if e.kind == kind]


TAXONOMY_KEYS = ("themes", "plan_types", "document_types", "section_types", "levels", "ledger_forms", "date_variables")


def load_taxonomy(path=TAXONOMY_FILE):
    taxonomy = load_yaml(path, f"a mapping with {', '.join(TAXONOMY_KEYS)}")
    for key in TAXONOMY_KEYS:
        if not taxonomy.get(key):
            raise TemplateInputError(path, key, "a non-empty list or mapping", taxonomy.get(key))
    for name, form in taxonomy["ledger_forms"].items():
        _check_form(path, f"ledger_forms.{name}", form)
    return taxonomy


def _check_form(path, key, form):
    """A 台账 table: header columns, their widths in characters, blank rows
    (a count) or row labels (a list; the first column then holds them)."""
    if not isinstance(form, dict) or set(form) != {"columns", "widths", "rows"}:
        raise TemplateInputError(path, key, "a mapping with exactly columns, widths, rows", form)
    columns, widths, rows = form["columns"], form["widths"], form["rows"]
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
        raise TemplateInputError(path, f"{key}.columns", "a non-empty list of column titles", columns)
    if (
        not isinstance(widths, list)
        or len(widths) != len(columns)
        or not all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in widths)
    ):
        raise TemplateInputError(path, f"{key}.widths", f"{len(columns)} positive whole numbers (one per column)", widths)
    if sum(widths) > 28:
        raise TemplateInputError(path, f"{key}.widths", "at most 28 characters in all (the 公文 line)", sum(widths))
    if isinstance(rows, bool) or not (
        isinstance(rows, int)
        and 0 < rows <= 40
        or isinstance(rows, list)
        and rows
        and all(isinstance(r, str) and r for r in rows)
    ):
        raise TemplateInputError(path, f"{key}.rows", "a number of blank rows (1-40) or a list of row labels", rows)


def build_catalog(files, variable_names):
    """Validate the front matter of every Markdown page in `files` (MkDocs'
    Files: read for their source, URL and destination, nothing kept)."""
    taxonomy, days = load_taxonomy(), load_days()
    schemas = build_schemas(taxonomy, variable_names, days)
    entries = []
    for file in files.documentation_pages():
        path = file.abs_src_path or file.src_uri
        _, meta = read_front_matter(file.content_string, path)
        meta = validate(path, meta, schemas)
        entries.append(Entry(file.src_uri, meta, _shown(path), file.url, file.name, file.abs_dest_path))
    return Catalog(entries, taxonomy, days)


def _shown(path):
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
