"""Compare two built sites file by file and print every difference.

    python tools/compare_site.py BEFORE_SITE AFTER_SITE [--max-lines N]

A refactor must leave the site a reader gets unchanged: pages, the search
index, the browser's data and every download. Files are compared byte for
byte, except where the bytes carry the time of the build and nothing else:

- .docx files are compared part by part (the unzipped XML): the zip's entry
  times and order are not content; in docProps/core.xml the created and
  modified times are masked (a Word file records when it was written);
- .gz files (sitemap.xml.gz) are compared decompressed: the gzip header holds
  the time it was written; in sitemap.xml the <lastmod> dates (the day of
  the build) are masked;
- the offline edition's script twins of Word files (<name>.docx.js, the file
  in base64, macros/editions/offline.py) are compared as the Word files they hold.

Exit status 0 when the sites are the same, 1 when anything differs.
"""

import argparse
import base64
import difflib
import gzip
import io
import re
import sys
import zipfile
from pathlib import Path

# The times in a Word file's core properties (macros/word/package.py CORE).
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_TWIN = re.compile(rb'^(.*\]=")([A-Za-z0-9+/=]*)(";\s*)$', re.S)  # offline.write_download_twins
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")  # MkDocs writes the build's date
MAX_LINE = 300  # characters of a diff line shown


def _files(root):
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _docx_parts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _CORE_TIMES.sub(rb"\1(time)\2", parts["docProps/core.xml"])
    return parts


def _text_diff(name, before, after, max_lines):
    """A unified diff of two texts, cut to max_lines; long lines are split at tags
    so one changed cell in a one-line page shows as one line."""

    def lines(data):
        text = data.decode("utf-8", errors="replace")
        return [line[:MAX_LINE] for line in re.sub(r"(?<=>)(?=<)", "\n", text).split("\n")]

    diff = list(difflib.unified_diff(lines(before), lines(after), f"before/{name}", f"after/{name}", n=1, lineterm=""))
    shown = diff[:max_lines]
    if len(diff) > max_lines:
        shown.append(f"… {len(diff) - max_lines} more diff lines")
    return shown


def _docx_differences(name, before, after, max_lines):
    try:
        a, b = _docx_parts(before), _docx_parts(after)
    except zipfile.BadZipFile as error:
        return [f"{name}: not a zip file ({error})"]
    out = []
    for part in sorted(set(a) | set(b)):
        if part not in a:
            out.append(f"{name}: part {part} only in after")
        elif part not in b:
            out.append(f"{name}: part {part} only in before")
        elif a[part] != b[part]:
            out.append(f"{name}: part {part} differs")
            out += ["    " + line for line in _text_diff(f"{name}/{part}", a[part], b[part], max_lines)]
    return out


def compare_bytes(name, before, after, max_lines):
    """Differences of one file as printable lines ([] when the same)."""
    if before == after:
        return []
    if name.endswith(".docx"):
        return _docx_differences(name, before, after, max_lines)
    if name.endswith(".docx.js"):
        a, b = _TWIN.match(before), _TWIN.match(after)
        if a and b and a.group(1) == b.group(1) and a.group(3) == b.group(3):
            return _docx_differences(name, base64.b64decode(a.group(2)), base64.b64decode(b.group(2)), max_lines)
    if name == "sitemap.xml" and _LASTMOD.sub(b"", before) == _LASTMOD.sub(b"", after):
        return []
    if name.endswith(".gz"):
        return compare_bytes(name.removesuffix(".gz"), gzip.decompress(before), gzip.decompress(after), max_lines)
    try:
        before.decode("utf-8"), after.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{name}: binary content differs ({len(before)} → {len(after)} bytes)"]
    return [f"{name}: differs"] + ["    " + line for line in _text_diff(name, before, after, max_lines)]


def compare(before_dir, after_dir, max_lines=40):
    """(differences as lines, number of files that differ) of two site folders."""
    before, after = _files(Path(before_dir)), _files(Path(after_dir))
    out, differing = [], 0
    for name in sorted(set(before) | set(after)):
        if name not in after:
            out.append(f"{name}: only in {before_dir}")
        elif name not in before:
            out.append(f"{name}: only in {after_dir}")
        else:
            lines = compare_bytes(name, before[name].read_bytes(), after[name].read_bytes(), max_lines)
            if not lines:
                continue
            out += lines
        differing += 1
    return out, differing, len(set(before) | set(after))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--max-lines", type=int, default=40, help="diff lines shown per file (default 40)")
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not Path(folder).is_dir():
            parser.error(f"{folder}: not a folder (expected a built site)")
    lines, differing, total = compare(args.before, args.after, args.max_lines)
    for line in lines:
        print(line)
    print(f"{differing} of {total} files differ.")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
