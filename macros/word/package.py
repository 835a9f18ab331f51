"""A .docx file: the skeleton's constant parts plus one document's body.

The constant parts are deflated once per build and copied as they are into
every file; only document.xml and core.xml are compressed per document.
"""

import functools
import struct
import zlib
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from . import skeleton
from .body import BodyWriter

_DOS_TIME, _DOS_DATE = 0, (2020 - 1980) << 9 | 1 << 5 | 1  # entry times mean nothing: the dates are in core.xml
_UTF8_NAMES = 0x0800
DEFLATED = 8

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>\
<dc:description>按 GB/T 9704-2012《党政机关公文格式》排版</dc:description><dc:language>{language}</dc:language>\
<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>"""


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
        """The local header, or with its offset the central directory header."""
        fields = (20, _UTF8_NAMES, self.method, _DOS_TIME, _DOS_DATE, self.crc, len(self.data), self.size, len(self.name))
        if offset is None:
            return struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + self.name
        return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0o644 << 16, offset) + self.name


@functools.cache
def _constant():
    """(entries before document.xml's place, after, body prefix, body suffix, style ids)."""
    parts, style_ids = skeleton.build()
    document = parts[skeleton.DOCUMENT_PART].decode("utf-8")
    body_start = document.index("<w:body>") + len("<w:body>")
    sect_start = document.index("<w:sectPr")
    entries = [(name, None if name in (skeleton.DOCUMENT_PART, skeleton.CORE_PART) else _Entry(name, data, DEFLATED))
               for name, data in parts.items()]
    return entries, document[:body_start], document[sect_start:], style_ids


def write_docx(blocks, title, author):
    """The .docx bytes of `blocks` (see blocks.py)."""
    entries, prefix, suffix, style_ids = _constant()
    body = BodyWriter(style_ids).write(blocks)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = CORE.format(title=escape(title), author=escape(author), language=skeleton.LANGUAGE, now=now)
    variable = {
        skeleton.DOCUMENT_PART: _Entry(skeleton.DOCUMENT_PART, (prefix + body + suffix).encode("utf-8"), DEFLATED),
        skeleton.CORE_PART: _Entry(skeleton.CORE_PART, core.encode("utf-8"), DEFLATED),
    }
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
