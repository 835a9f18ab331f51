"""Expand the top-level nav: each `folder/index.md` entry of mkdocs.yml gets
the folder's pages as children, ordered from their front matter. New pages,
upstream or from a district edition, need no hand-kept nav entry.

Documents are grouped one level deeper (activities by their first theme, plans
by plan type, documents by document type, sections by section type). With Material's navigation.prune a
page then carries only its own group's links, not every page of the site:
without the groups each page embedded the whole list and the build grew with
the square of the page count (make bench, issue 8).
"""

import posixpath
from itertools import groupby


def _group(entry, taxonomy):
    """(rank, label) of the nav group of a document; None for plain pages."""
    meta = entry.meta
    if meta["kind"] == "activity":
        theme = meta["themes"][0]
        return list(taxonomy["themes"]).index(theme), theme
    if meta["kind"] == "plan":
        return list(taxonomy["plan_types"]).index(meta["plan_type"]), meta["plan_type"]
    if meta["kind"] == "document":
        return list(taxonomy["document_types"]).index(meta["doc_type"]), meta["doc_type"]
    if meta["kind"] == "section":
        return taxonomy["section_types"].index(meta["section_type"]), meta["section_type"]
    return None


def _order(entry, taxonomy):
    meta = entry.meta
    group = _group(entry, taxonomy)
    within = ()
    if meta["kind"] in ("plan", "document", "section"):
        within = (taxonomy["levels"].index(meta["level"]),)
    elif meta["kind"] == "activity":
        within = (meta["months"][0],)
    return (group is not None, group or (0, ""), within, meta["title"], entry.src_path)


def _children(entries, taxonomy):
    """Plain pages first, then one {group label: [pages]} per group."""
    items = []
    for group, members in groupby(entries, key=lambda e: _group(e, taxonomy)):
        paths = [e.src_path for e in members]
        if group is None:
            items += paths
        else:
            items.append({group[1]: paths})
    return items


def expand(nav, catalog):
    expanded = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if isinstance(target, str) and target.endswith("/index.md"):
                folder = posixpath.dirname(target)
                members = sorted(
                    (e for e in catalog.entries if posixpath.dirname(e.src_path) == folder and e.src_path != target),
                    key=lambda e: _order(e, catalog.taxonomy),
                )
                item = {title: [target] + _children(members, catalog.taxonomy)}
        expanded.append(item)
    return expanded
