"""The body of a Word document (word/document.xml) written as XML text.

python-docx builds the constant parts once (skeleton.py); writing each
paragraph through it cost about 90 ms a document, so the body is written
here directly: paragraphs with the skeleton's styles, runs with their fonts
named for every script (text pasted elsewhere keeps its look), tables.

Marked places that download.js fills in the browser:
- a variable value is one run between <w:bookmarkStart w:name="var_<name>_<n>"/>
  and <w:bookmarkEnd/>, n counting that variable's occurrences from 1; its
  <w:t> always has xml:space="preserve";
- a table the reader's choices fill (Block.name) has a bookmark
  "tbl_<name>" in its header row; each body cell holds one run.
"""

import re
from xml.sax.saxutils import escape

from .skeleton import (BODY_FONT, BODY_SIZE, HEADING_FONTS, HEADING_STYLES, LINE_PITCH, SIGNATURE_STYLE, TABLE_STYLE,
                       TEXT_WIDTH, TITLE_FONT, TITLE_SIZE, TITLE_STYLE)

BOOKMARK_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
TABLE_FONT, TABLE_HEADER_FONT, TABLE_SIZE = BODY_FONT, "黑体", 14  # 4号 in tables, header in 黑体
TABLE_LINE = 400  # exact 20 pt lines in table cells (twips)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return escape(_XML_FORBIDDEN.sub("", text))


HIGHLIGHT = '<w:highlight w:val="yellow"/>'  # fill-ins stay yellow in Word, as on the page


def _run_properties(font, half_points, bold=False, highlight=False):
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    size = f'<w:sz w:val="{half_points}"/>'
    return f"<w:rPr>{fonts}{'<w:b/>' if bold else ''}{size}{HIGHLIGHT if highlight else ''}</w:rPr>"


def _run(text, font, half_points, bold=False, highlight=False, preserve=False):
    parts = []
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append("<w:br/>")
        if line or preserve:
            space = ' xml:space="preserve"' if preserve or line != line.strip() else ""
            parts.append(f"<w:t{space}>{xml_text(line)}</w:t>")
    return f"<w:r>{_run_properties(font, half_points, bold, highlight)}{''.join(parts)}</w:r>"


class BodyWriter:
    """Blocks (blocks.py) -> the XML of the document body, in order."""

    def __init__(self, style_ids):
        self.style_ids = style_ids
        self.bookmark_id = 0
        self.occurrences = {}
        self.parts = []

    def write(self, blocks):
        first_signature = True
        for block in blocks:
            if block.kind == "table":
                self.table(block)
                continue
            extra = ""
            if block.kind == "signature" and first_signature:
                extra = f'<w:spacing w:before="{LINE_PITCH.twips}"/>'  # one empty line above the issuer
                first_signature = False
            style = self.style_of(block)
            style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
            ppr = f"<w:pPr>{style_xml}{extra}</w:pPr>"
            font = self.font_of(block)
            size = int((TITLE_SIZE if block.kind == "title" else BODY_SIZE).pt * 2)
            self.parts.append(f"<w:p>{ppr}{self.runs(block.runs, font, size)}</w:p>")
        return "".join(self.parts)

    def style_of(self, block):
        name = {"title": TITLE_STYLE, "heading": HEADING_STYLES.get(block.level), "signature": SIGNATURE_STYLE}.get(block.kind)
        return self.style_ids[name] if name else None

    @staticmethod
    def font_of(block):
        return {"title": TITLE_FONT, "heading": HEADING_FONTS.get(block.level, BODY_FONT)}.get(block.kind, BODY_FONT)

    def runs(self, runs, font, size):
        out = []
        for run in runs:
            if run.var:
                out.append(self.marked_value(run, font, size))
            else:
                out.append(_run(run.text, font, size, bold=run.bold, highlight=run.fill))
        return "".join(out)

    def bookmark(self, name):
        if not BOOKMARK_NAME.fullmatch(name) or len(name) > 40:  # Word's bookmark name rules
            raise ValueError(f"{name!r} cannot be a Word bookmark name (letters, digits, _; at most 40)")
        self.bookmark_id += 1
        return (f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{name}"/>',
                f'<w:bookmarkEnd w:id="{self.bookmark_id}"/>')

    def marked_value(self, run, font, size):
        """One run between bookmark var_<name>_<n>: download.js replaces its text."""
        n = self.occurrences[run.var] = self.occurrences.get(run.var, 0) + 1
        start, end = self.bookmark(f"var_{run.var}_{n}")
        return start + _run(run.text, font, size, bold=run.bold, highlight=run.fill, preserve=True) + end

    # --- Tables --------------------------------------------------------------

    def table(self, block):
        """A bordered table as wide as the text: w:tblW and w:tblGrid both set
        (WPS reads the grid), header row repeated on each page. A table without
        bookmarks (a blank 台账 form: the same for every activity) is written
        once and its XML reused."""
        if block.name or any(run.var for cells in block.rows for runs, _ in cells for run in runs):
            self.parts.append(self.table_xml(block))
            return
        key = (self.style_ids[TABLE_STYLE], tuple(block.widths or ()), block.row_height,
               tuple(tuple((tuple(runs), is_header) for runs, is_header in cells) for cells in block.rows))
        if key not in _TABLES:
            if len(_TABLES) >= 64:
                _TABLES.clear()
            _TABLES[key] = self.table_xml(block)
        self.parts.append(_TABLES[key])

    def table_xml(self, block):
        columns = max(len(row) for row in block.rows)
        widths = _twips(block.widths or _widths_from_text(block.rows, columns), TEXT_WIDTH.twips)
        borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                          for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        xml = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_ids[TABLE_STYLE]}"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
               f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
               "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
        for index, cells in enumerate(block.rows):
            header = all(is_header for _, is_header in cells)
            row_pr = "<w:tblHeader/>" if header and index == 0 else ""
            if block.row_height and not header:
                row_pr += f'<w:trHeight w:val="{block.row_height}" w:hRule="atLeast"/>'
            xml.append(f"<w:tr><w:trPr><w:cantSplit/>{row_pr}</w:trPr>")
            for column, (runs, is_header) in enumerate(cells):
                mark = self.bookmark(f"tbl_{block.name}") if block.name and index == 0 and column == 0 else ("", "")
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                           + self.cell_paragraph(runs, is_header, mark, fillable=bool(block.name)) + "</w:tc>")
            for column in range(len(cells), columns):  # a short row: empty cells keep the grid
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        return "".join(xml)

    def cell_paragraph(self, runs, is_header, mark, fillable):
        font = TABLE_HEADER_FONT if is_header else TABLE_FONT
        align = '<w:jc w:val="center"/>' if is_header else ""
        ppr = (f'<w:pPr><w:spacing w:line="{TABLE_LINE}" w:lineRule="exact"/>'
               f'<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>{align}</w:pPr>')
        if not runs and fillable:  # an empty cell of a table the browser fills holds one run
            body = _run("", font, TABLE_SIZE * 2, preserve=True)
        else:
            body = self.runs(runs, font, TABLE_SIZE * 2)
        return f"<w:p>{ppr}{mark[0]}{mark[1]}{body}</w:p>"


_TABLES = {}  # the XML of tables without bookmarks, by their content


def _widths_from_text(rows, columns):
    """Relative column widths from the longest text of each column (2 to 12 characters)."""
    longest = [2] * columns
    for cells in rows:
        for column, (runs, _) in enumerate(cells):
            longest[column] = max(longest[column], min(12, sum(len(r.text) for r in runs)))
    return longest


def _twips(relative, total):
    """Scale relative widths to `total` twips; the last column takes the rounding."""
    scale = total / sum(relative)
    widths = [int(w * scale) for w in relative]
    widths[-1] += total - sum(widths)
    return widths
