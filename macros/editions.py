"""District editions: an edition is a folder districts/<slug>/ holding
values.yml (variable values) and docs/ (local pages, added to or replacing
upstream pages at the same path). Chosen with the DISTRICT environment variable.
"""

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafiles import load_yaml
from .errors import TemplateInputError
from .paths import DISTRICTS, DOCS
from .variables import apply_overrides, load_definitions

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


@dataclass(frozen=True)
class Edition:
    slug: str | None
    definitions: dict
    local_docs: Path | None

    def find_doc(self, src):
        """The file behind docs path `src`: the edition's own copy first."""
        for root in (self.local_docs, DOCS):
            if root is not None and (root / src).is_file():
                return root / src
        return None


def load(slug):
    definitions = load_definitions()
    if not slug:
        return Edition(None, definitions, None)
    if not SLUG.match(slug):
        raise TemplateInputError("DISTRICT", None, "a folder name of lowercase letters, digits and hyphens", slug)
    folder = DISTRICTS / slug
    if not folder.is_dir():
        raise TemplateInputError(folder, None, "an edition folder (create it with make new-district NAME=...)", "missing")
    values_file = folder / "values.yml"
    overrides = load_yaml(values_file, "a mapping of variable names to values")
    local_docs = folder / "docs"
    return Edition(slug, apply_overrides(definitions, overrides, values_file), local_docs if local_docs.is_dir() else None)


@lru_cache(maxsize=None)
def _cached(slug):
    return load(slug)


def current():
    return _cached(os.environ.get("DISTRICT", "").strip() or None)
