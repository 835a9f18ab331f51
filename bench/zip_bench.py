"""The .docx container: Python's zipfile against the hand-written writer that
macros/word/package.py used until issue 19 (its constant parts deflated once
a build and copied into every file).

    .venv/bin/python bench/zip_bench.py [--files 200] [--repeat 5]

Writes the same document (the blocks of a long plan: headings, 120 body
paragraphs, a 30-row table) --files times with each writer, in turns, and
prints the median CPU milliseconds per file and what that is for the site's 803
Word files. Not a test: it measures and never fails on a number.
"""

import argparse
import functools
import io
import statistics
import struct
import sys
import time
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.word import package, skeleton  # noqa: E402
from macros.word.blocks import Block, Run  # noqa: E402
from macros.word.body import BodyWriter  # noqa: E402

SITE_FILES = 803


# --- The hand-written writer (macros/word/package.py at 2e3631b) -------------

_DOS_TIME, _DOS_DATE = 0, (2020 - 1980) << 9 | 1 << 5 | 1
DEFLATED = 8


class _Entry:
    def __init__(self, name, data, method):
        self.name = name.encode()
        self.crc = zlib.crc32(data)
        self.size = len(data)
        if method == DEFLATED:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            data = compressor.compress(data) + compressor.flush()
        self.method, self.data = method, data

    def header(self, offset=None):
        fields = (20, 0x0800, self.method, _DOS_TIME, _DOS_DATE, self.crc, len(self.data), self.size, len(self.name))
        if offset is None:
            return struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + self.name
        return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0o644 << 16, offset) + self.name


@functools.cache
def _constant():
    parts, prefix, suffix, style_ids = package._constant()
    entries = [
        (name, None if name in (skeleton.DOCUMENT_PART, skeleton.CORE_PART) else _Entry(name, data, DEFLATED))
        for name, data in parts.items()
    ]
    return entries, prefix, suffix, style_ids


def hand_written_container(document_xml, core_xml):
    """The hand-written zip of one document: only document.xml and core.xml deflated."""
    entries = _constant()[0]
    variable = {
        skeleton.DOCUMENT_PART: _Entry(skeleton.DOCUMENT_PART, document_xml, DEFLATED),
        skeleton.CORE_PART: _Entry(skeleton.CORE_PART, core_xml, DEFLATED),
    }
    return _assemble(entries, variable)


def zipfile_container(document_xml, core_xml):
    parts = skeleton.build()[0]
    return package.zip_parts({**parts, skeleton.DOCUMENT_PART: document_xml, skeleton.CORE_PART: core_xml})


def hand_written(blocks, title, author):
    entries, prefix, suffix, style_ids = _constant()
    body = BodyWriter(style_ids).write(blocks)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = package.CORE.format(title=escape(title), author=escape(author), language=skeleton.LANGUAGE, now=now)
    variable = {
        skeleton.DOCUMENT_PART: _Entry(skeleton.DOCUMENT_PART, (prefix + body + suffix).encode("utf-8"), DEFLATED),
        skeleton.CORE_PART: _Entry(skeleton.CORE_PART, core.encode("utf-8"), DEFLATED),
    }
    return _assemble(entries, variable)


def _assemble(entries, variable):
    chunks, directory, offset = [], [], 0
    for name, entry in entries:
        entry = entry or variable[name]
        local = entry.header()
        chunks += [local, entry.data]
        directory.append(entry.header(offset))
        offset += len(local) + len(entry.data)
    central = b"".join(directory)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), offset, 0)
    return b"".join(chunks) + central + end


# --- The measurement ---------------------------------------------------------


def sample_blocks():
    blocks = [Block("title", [Run("幸福社区2026年精神文明建设工作计划")], 1)]
    for n in range(1, 7):
        blocks.append(Block("heading", [Run(f"第{n}部分")], 2))
        blocks += [Block("body", [Run("围绕居民需求组织志愿服务、道德讲堂和邻里活动，" * 4)]) for _ in range(20)]
    header = [([Run(c)], True) for c in ("月份", "活动内容", "责任人", "参与单位")]
    rows = [
        [
            ([Run(f"{m % 12 + 1}月")], False),
            ([Run("邻居节")], False),
            ([Run("社区居委会")], False),
            ([Run("物业服务企业")], False),
        ]
        for m in range(30)
    ]
    blocks.append(Block("table", rows=[header, *rows], widths=(4, 10, 6, 8)))
    blocks.append(Block("signature", [Run("中共幸福社区委员会")]))
    return blocks


def measure(writer, args, files):
    started = time.process_time()  # CPU time: the machine may be shared
    for _ in range(files):
        writer(*args)
    return (time.process_time() - started) / files * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    blocks = sample_blocks()
    document_xml = hand_written(blocks, "计划", "x")  # any document's parts: the containers get the same two
    with zipfile.ZipFile(io.BytesIO(document_xml)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    inputs = (parts[skeleton.DOCUMENT_PART], parts[skeleton.CORE_PART])
    cases = {
        "whole file, zipfile (package.write_docx)": (package.write_docx, (blocks, "计划", "x")),
        "whole file, hand-written (2e3631b)": (hand_written, (blocks, "计划", "x")),
        "container only, zipfile (package.zip_parts)": (zipfile_container, inputs),
        "container only, hand-written": (hand_written_container, inputs),
    }
    times = {name: [] for name in cases}
    for _ in range(args.repeat):
        for name, (writer, writer_args) in cases.items():
            times[name].append(measure(writer, writer_args, args.files))
    print(f"| case | ms per file (median of {args.repeat} × {args.files}) | s for {SITE_FILES} files | bytes |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in times.items():
        writer, writer_args = cases[name]
        ms = statistics.median(values)
        print(f"| {name} | {ms:.2f} | {ms * SITE_FILES / 1000:.2f} | {len(writer(*writer_args))} |")


if __name__ == "__main__":
    main()
