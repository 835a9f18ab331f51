"""An edition's replacement pages against the upstream pages they replace.

A local page at the same path as an upstream page replaces it (editions.py).
Its `based_on:` records the upstream `updated:` date the local copy was
written from, so after merging upstream a district sees which replacements
fell behind (`make check`). The build refuses a based_on that cannot be true:
one later than the upstream page, or on a page that replaces nothing.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateInputError
from ..frontmatter import DATE_EXPECTED
from ..frontmatter import read as read_front_matter
from ..paths import DOCS, ROOT


@dataclass(frozen=True)
class Replacement:
    src: str  # the docs path, e.g. activities/neighbours-day.md
    local: Path
    upstream: Path | None  # None: the local page replaces no upstream page
    based_on: object  # as written (a date when valid)
    updated: object  # the upstream page's updated:, as written
    changes: str | None = None  # the upstream page's changes: line

    @property
    def behind(self):
        """The upstream page changed after the local copy was written (or we cannot tell)."""
        if self.upstream is None or not _is_date(self.updated):
            return False
        return not _is_date(self.based_on) or self.updated > self.based_on


def _is_date(value):
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def shown(path):
    """A path as messages name it: relative to the project."""
    return Path(path).relative_to(ROOT).as_posix()


def _meta(path):
    return read_front_matter(path.read_text(encoding="utf-8"), shown(path))[1]


def replacement(edition, src):
    """The local page `src` as a Replacement; None when it neither replaces nor has based_on."""
    if not src.endswith(".md"):
        return None
    local, upstream = edition.local_docs / src, DOCS / src
    based_on = _meta(local).get("based_on")
    if upstream.is_file():
        meta = _meta(upstream)
        return Replacement(src, local, upstream, based_on, meta.get("updated"), meta.get("changes"))
    if based_on is not None:
        return Replacement(src, local, None, based_on, None)
    return None


def replacements(edition):
    """The edition's Markdown pages that replace an upstream page or carry based_on."""
    return [r for r in (replacement(edition, src) for src in edition.local_pages()) if r is not None]


def check(replacement):
    """Raise if the replacement's based_on cannot be true."""
    r = replacement
    if r.based_on is None:
        return
    where, upstream = shown(r.local), f"docs/{r.src}"
    if not _is_date(r.based_on):
        raise TemplateInputError(where, "based_on", DATE_EXPECTED, r.based_on)
    if r.upstream is None:
        raise TemplateInputError(
            where,
            "based_on",
            f"no based_on: this page replaces no upstream page ({upstream} does not exist); "
            "based_on is the upstream updated: date a replacement page was written from",
            r.based_on.isoformat(),
        )
    if not _is_date(r.updated):
        raise TemplateInputError(
            where, "based_on", f"no based_on: the upstream page {upstream} has no updated: date", r.based_on.isoformat()
        )
    if r.based_on > r.updated:
        raise TemplateInputError(
            where,
            "based_on",
            f"a date not later than the upstream page's updated: {r.updated.isoformat()} ({upstream})",
            r.based_on.isoformat(),
        )


def check_all(edition):
    """The build's check: every based_on of the edition is possible."""
    for replacement in replacements(edition):
        check(replacement)
