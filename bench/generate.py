"""A copy of the project with N× today's content, for benchmarks (never
committed: write it under a temporary directory).

Every content page (kind activity, plan or section) gets N-1 copies next to
it, `<name>--x02.md` ... , titled `<title>（副本02）`; listings, the calendar
and the nav pick them up like any new page. `canonical()` maps a copy's URL
back to its original, so a benchmark can score results at any scale.

    python bench/generate.py --factor 20 --out /tmp/site-20x
"""

import argparse
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import copy_project  # noqa: E402  (the same copy the tests break)

COPIED_KINDS = {"activity", "plan", "document", "section"}
COPY_SUFFIX = re.compile(r"--x\d{2,}(?=/|$)")


def split_front_matter(text):
    """(meta, body) of a Markdown page with YAML front matter."""
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + 5 :]


def content_pages(docs):
    for path in sorted(docs.rglob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        if meta and meta.get("kind") in COPIED_KINDS and not COPY_SUFFIX.search(path.stem):
            yield path, meta, body


def add_copies(docs, factor):
    """Write factor-1 copies of each content page; return the number written."""
    written = 0
    for path, meta, body in list(content_pages(docs)):
        for n in range(2, factor + 1):
            tag = f"{n:02d}"
            copy = dict(meta, title=f"{meta['title']}（副本{tag}）")
            front = yaml.safe_dump(copy, allow_unicode=True, sort_keys=False)
            path.with_name(f"{path.stem}--x{tag}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
            written += 1
    return written


def generate(dest, factor):
    """A project at `dest` with `factor`× the content pages; returns dest."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    dest = copy_project(Path(dest))
    add_copies(dest / "docs", factor)
    return dest


def canonical(url):
    """'activities/x--x07/' -> 'activities/x/'."""
    return COPY_SUFFIX.sub("", url)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    generate(args.out, args.factor)
    pages = sum(1 for _ in content_pages(args.out / "docs"))
    print(f"{args.out}: {pages} content pages, {args.factor}× each")


if __name__ == "__main__":
    sys.exit(main())
