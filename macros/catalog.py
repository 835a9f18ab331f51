"""The catalog: every content page's validated front matter, read before rendering.

Listings, the calendar and the search dictionary are generated from it, so a
page that is added (upstream or by a district edition) appears everywhere.
"""

from dataclasses import dataclass

from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from .datafiles import load_yaml
from .paths import DATA
from .schema import build_schemas, validate

TAXONOMY_FILE = DATA / "taxonomy.yml"


@dataclass(frozen=True)
class Entry:
    src_path: str  # relative to docs_dir, with forward slashes
    meta: dict

    @property
    def kind(self):
        return self.meta["kind"]

    @property
    def title(self):
        return self.meta["title"]

    def built_file(self, config):
        """The page as MkDocs builds it (url, abs_dest_path), for post-build steps."""
        return File(self.src_path, config["docs_dir"], config["site_dir"], config["use_directory_urls"])


class Catalog:
    def __init__(self, entries, taxonomy):
        self.entries = sorted(entries, key=lambda e: e.src_path)
        self.taxonomy = taxonomy
        self.by_path = {e.src_path: e for e in self.entries}

    def of_kind(self, kind):
        return [e for e in self.entries if e.kind == kind]


def load_taxonomy(path=TAXONOMY_FILE):
    return load_yaml(path, "a mapping with themes, plan_types, section_types, levels")


def build_catalog(files, variable_names):
    """Validate the front matter of every Markdown page in `files`."""
    taxonomy = load_taxonomy()
    schemas = build_schemas(taxonomy, variable_names)
    entries = []
    for file in files.documentation_pages():
        _, meta = get_data(file.content_string)
        path = file.abs_src_path or file.src_uri
        entries.append(Entry(file.src_uri, validate(path, meta, schemas)))
    return Catalog(entries, taxonomy)


# Set by the on_files hook for the build in progress; read by the macros.
current = None
