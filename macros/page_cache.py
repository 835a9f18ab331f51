"""Each page's downloads and search entry, kept across builds by content hash
(.cache/pages/, git-ignored; `make clean` removes it).

The background worker (background.py) turns a built page into its Word and
text files and its search entry. That output depends only on its inputs, so
it is stored under a hash of all of them and reused while none changes:

  the code      every .py file of the macros package, Python's version and
                the versions of the libraries that shape the files (lxml,
                python-docx): a change to the writer is a new key for all;
  the build     site name (a Word file's author), the edition's variables,
                taxonomy.yml (the forms' columns and rows);
  the page      its source path, URL, file name, front matter and the built
                article, which already holds everything the page's Markdown,
                macros and sections rendered to.

An entry is stored only after its page's work has succeeded, written to a
temporary name and renamed, so a failed or interrupted build leaves no entry
whose content is not the output for its key. An entry that cannot be read,
or is not what its reader expects (`shape`), is deleted with one warning line
and its output made again: a damaged cache costs time, never a build.
Entries no build has used for a week are removed.

A cached Word file keeps the creation time of the build that first wrote it.
"""

import hashlib
import json
import os
import pickle
import sys
import time
from functools import cache
from importlib import metadata
from pathlib import Path

from .paths import CACHE, ROOT

FOLDER = CACHE / "pages"
SUFFIX = ".pickle"
KEEP_UNUSED_S = 7 * 24 * 3600
LIBRARIES = ("lxml", "python-docx")


@cache
def code_version():
    """A hash of the code that writes the files: the macros package and its libraries."""
    digest = hashlib.sha256(sys.version.encode())
    for library in LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _digest(value):
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr).encode()).hexdigest()


class PageCache:
    """Look up and store one build's page outputs (any picklable value)."""

    def __init__(self, build_inputs, folder=FOLDER):
        self.folder = Path(folder)
        self.salt = _digest([code_version(), build_inputs])
        self.used = set()
        self.misses = 0

    def key(self, page_inputs):
        return _digest([self.salt, page_inputs])

    def get(self, key, shape=None):
        """The stored value, or None; `shape(value)` says whether it is one."""
        path = self.folder / (key + SUFFIX)
        try:
            with path.open("rb") as file:
                value = pickle.load(file)
            os.utime(path)  # used: kept by prune()
        except OSError:
            self.misses += 1
            return None
        except Exception as error:  # noqa: BLE001 - whatever a damaged file raises, it is rebuilt
            return self._discard(path, f"{type(error).__name__}: {str(error)[:80]}")
        if shape is not None and not _fits(shape, value):
            return self._discard(path, f"not the expected {type(value).__name__ if not isinstance(value, dict) else 'contents'}")
        self.used.add(path.name)
        return value

    def _discard(self, path, why):
        """A damaged entry: deleted, reported in one line, counted as a miss."""
        self.misses += 1
        path.unlink(missing_ok=True)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        # stderr, not MkDocs' log: under --strict a logged warning would fail the build it does not harm
        print(f"WARNING -  {shown} could not be used ({why}); deleted, its output is made again", file=sys.stderr, flush=True)
        return None

    def put(self, key, value):
        """Store the output of a page whose work has succeeded."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / (key + SUFFIX)
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            with temporary.open("wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:  # a cache that cannot be written only costs time
            temporary.unlink(missing_ok=True)
            return
        self.used.add(path.name)

    def prune(self):
        prune_stale(self.folder, self.used)


def _fits(shape, value):
    try:
        return bool(shape(value))
    except Exception:  # noqa: BLE001 - a check that cannot even look at the value: not a fit
        return False


def prune_stale(folder, used=()):
    """Remove the files of a cache folder (and leftover temporary files) that
    no build has used for a week, except the names in `used`."""
    if not Path(folder).is_dir():
        return
    oldest = time.time() - KEEP_UNUSED_S
    for path in Path(folder).iterdir():
        try:
            if path.name not in used and path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass
