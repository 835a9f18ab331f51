#!/usr/bin/env python3
"""Does a text repeat the reference documents? A check that needs no copy of them.

The reference documents are sample plans collected from template websites: they
show what the templates must cover, but their sentences are not ours to reuse,
and not ours to publish either. So the project keeps only fingerprints of them
(data/originality-fingerprints.bin): a 64-bit hash of every run of WINDOW
ideographs they hold. A text repeats a reference document where WINDOW
consecutive ideographs of it hash to a stored fingerprint; touching windows
join into one run, reported with its file, line and length.

Texts are compared as the shared tool (shared/tools/originality.py) compares
them: Chinese ideographs only (punctuation, spaces and Latin text are left
out), Traditional characters folded to Simplified by OpenCC, each reference
document on its own (a run never spans two of them).

usage:
  python tools/originality.py PATH...              check files and folders (exit 1 on a run)
  python tools/originality.py --make SEEDS_DIR     rewrite the fingerprints from the *.txt
                                                   files of SEEDS_DIR (make fingerprints SEEDS=…)
"""

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WINDOW = 24  # the shortest run that counts as copied (the shared tool's limit)
FINGERPRINTS = Path(__file__).resolve().parent.parent / "data/originality-fingerprints.bin"
_MAGIC = b"tpl-originality-fingerprints 1"
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
TEXT_SUFFIXES = {".md", ".markdown", ".yml", ".yaml", ".html", ".txt", ".json", ".py", ".js", ".csv"}


@cache
def _fold():
    """Traditional -> Simplified; without it a copied text in Traditional would pass."""
    try:
        import opencc
    except ImportError:
        raise SystemExit(
            "tools/originality.py needs OpenCC (requirements-dev.txt: pip install -r requirements-dev.txt)"
        ) from None
    return opencc.OpenCC("t2s").convert


def ideographs(text):
    """(the ideographs of `text` after folding, their offsets in the folded text, the folded text)."""
    folded = _fold()(text)
    found = list(_IDEOGRAPH.finditer(folded))
    return "".join(m.group() for m in found), [m.start() for m in found], folded


def _hash(window):
    return int.from_bytes(hashlib.blake2b(window.encode("utf-8"), digest_size=8).digest(), "big")


def fingerprints_of(texts):
    """The sorted fingerprints of every WINDOW-ideograph run of each text."""
    prints = set()
    for text in texts:
        chars = ideographs(text)[0]
        prints.update(_hash(chars[i : i + WINDOW]) for i in range(len(chars) - WINDOW + 1))
    return sorted(prints)


def write(path, prints):
    header = _MAGIC + f" window={WINDOW} count={len(prints)}\n".encode()
    path.write_bytes(header + b"".join(p.to_bytes(8, "big") for p in prints))


def load(path=FINGERPRINTS):
    """The fingerprints stored at `path`, as a set of ints."""
    data = Path(path).read_bytes()
    header, _, body = data.partition(b"\n")
    fields = dict(part.partition(b"=")[::2] for part in header.removeprefix(_MAGIC).split())
    if (
        not header.startswith(_MAGIC)
        or fields.get(b"window") != str(WINDOW).encode()
        or fields.get(b"count") != str(len(body) // 8).encode()
        or len(body) % 8
    ):
        raise ValueError(f"{path}: expected a fingerprint file written by tools/originality.py --make (window {WINDOW})")
    return {int.from_bytes(body[i : i + 8], "big") for i in range(0, len(body), 8)}


@dataclass(frozen=True)
class Run:
    """WINDOW or more consecutive ideographs of a text that stand in a reference document."""

    path: str
    line: int
    length: int
    text: str

    def __str__(self):
        shown = self.text[:40] + ("…" if self.length > 40 else "")
        return f"{self.path}:{self.line}: {self.length} ideographs copied: {shown}"


def runs_in(text, prints, path="-"):
    """Every run of `text` whose windows are all fingerprints in `prints`."""
    chars, offsets, folded = ideographs(text)
    found, start, end = [], None, None
    for i in range(len(chars) - WINDOW + 1):
        if _hash(chars[i : i + WINDOW]) not in prints:
            continue
        if start is not None and i == end - WINDOW + 1:  # the next window of the run: extend it
            end = i + WINDOW
            continue
        if start is not None:
            found.append((start, end))
        start, end = i, i + WINDOW
    if start is not None:
        found.append((start, end))
    return [Run(path, folded.count("\n", 0, offsets[s]) + 1, e - s, chars[s:e]) for s, e in found]


def text_files(paths):
    files = []
    for path in map(Path, paths):
        files += sorted(f for f in path.rglob("*") if f.is_file() and f.suffix in TEXT_SUFFIXES) if path.is_dir() else [path]
    return files


def check(paths, prints=None):
    """The runs of every text file under `paths` (files or folders)."""
    prints = load() if prints is None else prints
    return [run for f in text_files(paths) for run in runs_in(f.read_text(encoding="utf-8", errors="ignore"), prints, str(f))]


def make(seeds, out=FINGERPRINTS):
    sources = sorted(Path(seeds).glob("*.txt"))
    if not sources:
        raise SystemExit(f"{seeds}: expected the reference documents as *.txt files")
    prints = fingerprints_of(p.read_text(encoding="utf-8", errors="ignore") for p in sources)
    write(Path(out), prints)
    return len(sources), len(prints)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--make", metavar="SEEDS_DIR", help="rewrite the fingerprints from these reference documents")
    parser.add_argument("--fingerprints", default=str(FINGERPRINTS), help="the fingerprint file (default: %(default)s)")
    parser.add_argument("paths", nargs="*", help="files or folders to check")
    args = parser.parse_args(argv)
    if args.make:
        documents, count = make(args.make, args.fingerprints)
        print(f"{args.fingerprints}: {count} fingerprints of {documents} reference documents")
        return 0
    if not args.paths:
        parser.error("give the files or folders to check, or --make SEEDS_DIR")
    found = check(args.paths, load(args.fingerprints))
    for run in found:
        print(run)
    longest = max((run.length for run in found), default=0)
    print(
        f"runs of {WINDOW}+ ideographs shared with the reference documents: {len(found)}"
        + (f" (longest {longest})" if found else "")
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
