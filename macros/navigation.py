"""Expand the top-level nav: each `folder/index.md` entry of mkdocs.yml gets
the folder's pages as children, ordered from their front matter. New pages,
upstream or from a district edition, need no hand-kept nav entry.
"""

import posixpath


def _order(entry, taxonomy):
    meta = entry.meta
    kind_rank = {"page": 0, "plan": 1, "section": 1, "activity": 1}[meta["kind"]]
    if meta["kind"] == "plan":
        key = (list(taxonomy["plan_types"]).index(meta["plan_type"]), taxonomy["levels"].index(meta["level"]))
    elif meta["kind"] == "section":
        key = (taxonomy["section_types"].index(meta["section_type"]), taxonomy["levels"].index(meta["level"]))
    elif meta["kind"] == "activity":
        key = (meta["months"][0],)
    else:
        key = ()
    return (kind_rank, key, meta["title"], entry.src_path)


def expand(nav, catalog):
    expanded = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if isinstance(target, str) and target.endswith("/index.md"):
                folder = posixpath.dirname(target)
                children = sorted(
                    (e for e in catalog.entries if posixpath.dirname(e.src_path) == folder and e.src_path != target),
                    key=lambda e: _order(e, catalog.taxonomy),
                )
                item = {title: [target] + [e.src_path for e in children]}
        expanded.append(item)
    return expanded
