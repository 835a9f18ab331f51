"""A .docx file: the skeleton's constant parts plus one document's body,
zipped with Python's zipfile (bench/zip_bench.py measured it against the
hand-written writer this replaced: see bench/README.md).
"""

import functools
import io
import zipfile
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from . import skeleton
from .body import BodyWriter

# Entry times mean nothing (the dates are in core.xml): a fixed one, so equal
# parts give equal bytes.
ENTRY_TIME = (2020, 1, 1, 0, 0, 0)

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>\
<dc:description>按 GB/T 9704-2012《党政机关公文格式》排版</dc:description><dc:language>{language}</dc:language>\
<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>"""


@functools.cache
def _constant():
    """(parts in their order, body prefix, body suffix, style ids)."""
    parts, style_ids = skeleton.build()
    document = parts[skeleton.DOCUMENT_PART].decode("utf-8")
    body_start = document.index("<w:body>") + len("<w:body>")
    sect_start = document.index("<w:sectPr")
    return parts, document[:body_start], document[sect_start:], style_ids


def write_docx(blocks, title, author):
    """The .docx bytes of `blocks` (see blocks.py)."""
    parts, prefix, suffix, style_ids = _constant()
    body = BodyWriter(style_ids).write(blocks)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = CORE.format(title=escape(title), author=escape(author), language=skeleton.LANGUAGE, now=now)
    return zip_parts(
        {**parts, skeleton.DOCUMENT_PART: (prefix + body + suffix).encode("utf-8"), skeleton.CORE_PART: core.encode("utf-8")}
    )


def zip_parts(parts):
    """The zip of {part name: bytes}, in their order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ENTRY_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()
