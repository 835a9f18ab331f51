"""Expand the top-level nav: each `folder/index.md` entry of mkdocs.yml gets
the folder's pages as children, ordered from their front matter. New pages,
upstream or from a district edition, need no hand-kept nav entry.

Documents are grouped one level deeper, by their kind's type (kinds.py:
activities by their first theme, plans by plan type …). With Material's navigation.prune a
page then carries only its own group's links, not every page of the site:
without the groups each page embedded the whole list and the build grew with
the square of the page count (make bench, issue 8).
"""

import posixpath
from itertools import groupby

from . import kinds


def _group(entry, taxonomy):
    """(rank, label) of the nav group of a document (its kind's type, kinds.py); None for plain pages."""
    return kinds.group_of(entry.meta, taxonomy)


def _order(entry, taxonomy):
    meta = entry.meta
    group = _group(entry, taxonomy)
    within = kinds.order_within(meta, taxonomy)
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
            ((title, target),) = item.items()
            if isinstance(target, str) and target.endswith("/index.md"):
                folder = posixpath.dirname(target)
                members = sorted(
                    (e for e in catalog.entries if posixpath.dirname(e.src_path) == folder and e.src_path != target),
                    key=lambda e: _order(e, catalog.taxonomy),
                )
                item = {title: [target] + _children(members, catalog.taxonomy)}
        expanded.append(item)
    return expanded
