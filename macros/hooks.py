"""MkDocs hooks (listed under hooks: in mkdocs.yml): the build steps that are
not macros. Loaded by file path, so it imports the macros package by name.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import catalog, editions, navigation  # noqa: E402
from macros.variables import MAX_LENGTH, as_values  # noqa: E402

DOCUMENT_KINDS = {"plan", "section", "activity"}


_nav_skeleton = None


def on_config(config):
    global _nav_skeleton
    editions._cached.cache_clear()
    edition = editions.current()  # fail before anything else if the edition is broken
    _nav_skeleton = config["nav"]
    # The 我的信息 form (overrides/partials/values-panel.html) lists these.
    config.extra["tpl_variables"] = [
        {"name": name, "max_length": MAX_LENGTH, **entry} for name, entry in edition.definitions.items()
    ]
    return config


def on_files(files, config):
    edition = editions.current()
    catalog.current = catalog.build_catalog(files, list(edition.definitions))
    config["nav"] = navigation.expand(_nav_skeleton, catalog.current)
    return files


def on_page_content(html, page, config, files):
    """Wrap the document part of a page so copy, print and download find it."""
    kind = page.meta.get("kind")
    if kind not in DOCUMENT_KINDS:
        return html
    signature = ""
    if kind == "plan":
        values = as_values(editions.current().definitions)
        lines = [values[name] for name in page.meta["issuer"]] + [values["issue_date"]]
        signature = '<div class="tpl-signature">' + "".join(f"<p>{v}</p>" for v in lines) + "</div>"
    return f'<div class="tpl-doc" id="tpl-doc" data-kind="{kind}">{html}{signature}</div>'


def on_post_build(config):
    """Steps that need the finished site (Word files, search index); one line each."""
