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
from dataclasses import replace
from xml.sax.saxutils import escape

from .blocks import Run
from .layout import arrange, kept_together, signature_places
from .skeleton import (
    BODY_FONT,
    BODY_SIZE,
    CHARS_PER_LINE,
    HEADING_FONTS,
    HEADING_STYLES,
    LINE_PITCH,
    SIGNATURE_STYLE,
    TABLE_STYLE,
    TEXT_WIDTH,
    TITLE_FONT,
    TITLE_SIZE,
    TITLE_STYLE,
)
from .tables import (
    CAPTION_BEFORE,
    CAPTION_LINE,
    CAPTION_SIZE,
    CELL_MARGIN,
    FORM_LINE,
    FORM_SIZE,
    FORM_TITLE_AFTER,
    PHOTO_HEIGHT,
    PHOTO_ROWS,
    TABLE_LINE,
    TABLE_SIZE,
    column_widths,
    is_form,
    row_cells,
    tall_height,
)
from .titles import BREAK_HINT, break_title

BOOKMARK_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
TABLE_FONT, TABLE_HEADER_FONT = BODY_FONT, "黑体"  # table header in 黑体
CENTRED_COLUMNS = {"序号", "月份"}  # short values: centred under their header
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return escape(_XML_FORBIDDEN.sub("", text))


# Fill-ins are not highlighted: a yellow highlight prints (Word and WPS print
# highlights), and a form handed in must not carry it. The 〔〕 around each
# prompt already mark it, on screen and on paper; a value the reader writes
# in its place (download.js) simply replaces the bracketed prompt.
HIGHLIGHT = ""
_KEEP_NEXT, _KEEP_LINES = "<w:keepNext/>", "<w:keepLines/>"
LABEL_FONT = "黑体"  # 附件 labels and the 出席/列席/请假 labels of a 纪要
# The order of w:pPr children the schema requires (Word rejects others).
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "spacing", "ind", "jc", "outlineLvl")
_PPR_CHILD = re.compile(r"<w:(\w+)[^>]*/>")
_CHAR_TWIPS = TEXT_WIDTH.twips / CHARS_PER_LINE  # one body character (16 pt condensed to the 28-character line)


def _run_properties(font, half_points, bold=False, highlight=False):
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    size = f'<w:sz w:val="{half_points}"/>'
    return f"<w:rPr>{fonts}{'<w:b/>' if bold else ''}{size}{HIGHLIGHT if highlight else ''}</w:rPr>"


def _run(text, font, half_points, bold=False, highlight=False, preserve=False):
    parts = []
    for index, line in enumerate(text.replace(BREAK_HINT, "").split("\n")):
        if index:
            parts.append("<w:br/>")
        if line or preserve:
            space = ' xml:space="preserve"' if preserve or line != line.strip() else ""
            parts.append(f"<w:t{space}>{xml_text(line)}</w:t>")
    return f"<w:r>{_run_properties(font, half_points, bold, highlight)}{''.join(parts)}</w:r>"


def _indent(left=0.0, right=0.0, first_line=0.0, hanging=0.0):
    """w:ind in characters (Word's *Chars) and in twips (LibreOffice, WPS)."""
    twips = lambda chars: str(round(chars * _CHAR_TWIPS))  # noqa: E731
    chars = lambda value: str(round(value * 100))  # noqa: E731
    first = (
        f'w:hanging="{twips(hanging)}" w:hangingChars="{chars(hanging)}"'
        if hanging
        else f'w:firstLine="{twips(first_line)}" w:firstLineChars="{chars(first_line)}"'
    )
    return (
        f'<w:ind w:left="{twips(left)}" w:leftChars="{chars(left)}" w:right="{twips(right)}" '
        f'w:rightChars="{chars(right)}" {first}/>'
    )


def _ordered(ppr_children):
    """Self-closing w:pPr children in the schema's order."""
    found = _PPR_CHILD.findall(ppr_children)
    pieces = [m.group(0) for m in _PPR_CHILD.finditer(ppr_children)]
    return "".join(p for _, p in sorted(zip(found, pieces), key=lambda item: _PPR_ORDER.index(item[0])))


# Paragraph formats of the kinds layout.py adds (7.3.2 主送, 7.3.4 附件说明, 附件).
PARAGRAPH_FORMATS = {
    "addressee": _indent(),  # flush left
    "annex-note-first": f'<w:spacing w:before="{LINE_PITCH.twips}"/>' + _indent(left=5, hanging=3),  # 附件：1. …
    "annex-note": _indent(left=5),  # 2. … under the 1.
    "annex-label": "<w:pageBreakBefore/>" + _indent(),  # 附件1, top left of a new page
    "annex-title": f'<w:spacing w:before="{LINE_PITCH.twips}" w:after="{LINE_PITCH.twips}"/>'
    + _indent()
    + '<w:jc w:val="center"/>',
    "chapter": _indent() + '<w:jc w:val="center"/>',  # 第一章　总则: centred (layout.py)
    # a one-page form's caption between its tables (tables.py): 黑体 4号, flush left
    "form-caption": f'<w:spacing w:before="{CAPTION_BEFORE}" w:line="{CAPTION_LINE}" w:lineRule="exact"/>' + _indent(),
}


class BodyWriter:
    """Blocks (blocks.py) -> the XML of the document body, in order."""

    def __init__(self, style_ids):
        self.style_ids = style_ids
        self.bookmark_id = 0
        self.occurrences = {}
        self.parts = []

    def write(self, blocks):
        form = is_form(blocks)
        blocks = arrange(blocks)
        keep = kept_together(blocks)
        signature = signature_places(blocks, CHARS_PER_LINE)
        first_signature = True
        for index, block in enumerate(blocks):
            if block.kind == "table":
                if index and blocks[index - 1].kind == "table":  # two tables in a row: Word and LibreOffice join them
                    self.parts.append("<w:p/>")
                self.table(block, keep_last_row=index in keep)
                continue
            extra = ""
            if index in keep:
                extra += _KEEP_NEXT + (_KEEP_LINES if keep[index] else "<w:widowControl/>")
            if block.kind == "signature":
                extra += _KEEP_NEXT if index + 1 < len(blocks) and blocks[index + 1].kind == "signature" else ""
                extra += _KEEP_LINES
                if first_signature:  # one empty line above the issuer (room for the seal)
                    extra += f'<w:spacing w:before="{LINE_PITCH.twips}"/>'
                    first_signature = False
                place = signature[index]
                extra += _indent(left=place["left"], right=place["right"]) + f'<w:jc w:val="{place["align"]}"/>'
            elif block.kind in PARAGRAPH_FORMATS:
                extra += PARAGRAPH_FORMATS[block.kind]
            elif block.kind == "title" and form:  # half a blank line under a one-page form's title
                extra += f'<w:spacing w:after="{FORM_TITLE_AFTER}"/>'
            style = self.style_of(block)
            style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
            ppr = f"<w:pPr>{style_xml}{_ordered(extra)}</w:pPr>"
            font = self.font_of(block)
            size = int((TITLE_SIZE if block.kind in ("title", "annex-title") else BODY_SIZE).pt * 2)
            size = CAPTION_SIZE * 2 if block.kind == "form-caption" else size
            if block.kind in ("title", "annex-title"):
                body = self.title_runs(block.runs, font, size)
            else:
                body = self.runs(block.runs, font, size, label_font=LABEL_FONT if block.kind == "labelled" else None)
            self.parts.append(f"<w:p>{ppr}{body}</w:p>")
        return "".join(self.parts)

    def style_of(self, block):
        name = {
            "title": TITLE_STYLE,
            "heading": HEADING_STYLES.get(block.level),
            "chapter": HEADING_STYLES[2],
            "signature": SIGNATURE_STYLE,
        }.get(block.kind)
        return self.style_ids[name] if name else None

    @staticmethod
    def font_of(block):
        return {
            "title": TITLE_FONT,
            "annex-title": TITLE_FONT,
            "annex-label": LABEL_FONT,
            "form-caption": LABEL_FONT,
            "chapter": HEADING_FONTS[2],
            "heading": HEADING_FONTS.get(block.level, BODY_FONT),
        }.get(block.kind, BODY_FONT)

    def runs(self, runs, font, size, label_font=None):
        """Runs of a paragraph; bold is not kept (GB/T 9704 sets each level's
        font, and a bold lead phrase is none of them). With label_font, the
        paragraph's lead label up to its first "：" is set in that font."""
        out = []
        for n, run in enumerate(runs):
            if label_font and n == 0 and not run.var and "：" in run.text:
                label, rest = run.text.split("：", 1)
                out.append(_run(label + "：", label_font, size))
                run = replace(run, text=rest)
                if not rest:
                    continue
            if run.var:
                out.append(self.marked_value(run, font, size))
            else:
                out.append(_run(run.text, font, size, highlight=run.fill))
        return "".join(out)

    def title_runs(self, runs, font, size):
        """A title's runs with line breaks where titles.py balances it; a
        break is a run of its own, so a marked value stays one run."""
        text, atoms, offset = "", [], 0
        for run in runs:
            plain = run.text.replace(BREAK_HINT, "")
            if run.var or run.fill:
                atoms.append((offset, offset + len(plain)))
            text += run.text
            offset += len(plain)
        breaks = set(break_title(text, atoms))
        line_break = f"<w:r>{_run_properties(font, size)}<w:br/></w:r>"
        out, offset = [], 0
        for run in runs:
            plain = run.text.replace(BREAK_HINT, "")
            if offset in breaks and offset:
                out.append(line_break)
            if run.var:
                out.append(self.marked_value(run, font, size))
            else:
                cuts = [0] + [b - offset for b in sorted(breaks) if offset < b < offset + len(plain)] + [len(plain)]
                for i, (start, end) in enumerate(zip(cuts, cuts[1:])):
                    if i:
                        out.append(line_break)
                    out.append(_run(plain[start:end], font, size, highlight=run.fill))
            offset += len(plain)
        return "".join(out)

    def bookmark(self, name):
        if not BOOKMARK_NAME.fullmatch(name) or len(name) > 40:  # Word's bookmark name rules
            raise ValueError(f"{name!r} cannot be a Word bookmark name (letters, digits, _; at most 40)")
        self.bookmark_id += 1
        return (f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{name}"/>', f'<w:bookmarkEnd w:id="{self.bookmark_id}"/>')

    def marked_value(self, run, font, size):
        """One run between bookmark var_<name>_<n>: download.js replaces its text."""
        n = self.occurrences[run.var] = self.occurrences.get(run.var, 0) + 1
        start, end = self.bookmark(f"var_{run.var}_{n}")
        return start + _run(run.text, font, size, bold=run.bold, highlight=run.fill, preserve=True) + end

    # --- Tables --------------------------------------------------------------

    def table(self, block, keep_last_row=False):
        """A bordered table as wide as the text: w:tblW and w:tblGrid both set
        (WPS reads the grid), header row repeated on each page. A table without
        bookmarks (a blank 台账 form: the same for every activity) is written
        once and its XML reused."""
        if block.name or any(run.var for cells in block.rows for runs, _ in cells for run in runs):
            self.parts.append(self.table_xml(block, keep_last_row))
            return
        key = (
            self.style_ids[TABLE_STYLE],
            tuple(block.widths or ()),
            block.row_height,
            keep_last_row,
            block.photo,
            block.form,
            block.pair_last,
            tuple(block.heights or ()),
            tuple(block.row_heights or ()),
            tuple(tuple((tuple(runs), is_header) for runs, is_header in cells) for cells in block.rows),
        )
        if key not in _TABLES:
            if len(_TABLES) >= 64:
                _TABLES.clear()
            _TABLES[key] = self.table_xml(block, keep_last_row)
        self.parts.append(_TABLES[key])

    def table_xml(self, block, keep_last_row=False):
        header_row = block.rows[0] if all(is_header for _, is_header in block.rows[0]) else []
        headers = ["".join(r.text for r in runs) for runs, _ in header_row]
        spans, grid, edges = row_cells(block, column_widths(block))
        centred = {edges.index(spans[0][column][0]) for column, text in enumerate(headers) if text in CENTRED_COLUMNS}
        size, line = (FORM_SIZE, FORM_LINE) if block.form else (TABLE_SIZE, TABLE_LINE)
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        xml = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_ids[TABLE_STYLE]}"/>'
            f'<w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in grid) + "</w:tblGrid>"
        ]
        body_row = 0
        for index, cells in enumerate(block.rows):
            header = all(is_header for _, is_header in cells)
            row_pr = "<w:tblHeader/>" if header and index == 0 else ""
            first_text = "".join(r.text for r in cells[0][0]) if cells else ""
            if block.heights:
                row_pr += f'<w:trHeight w:val="{block.heights[index]}" w:hRule="atLeast"/>' if not header else ""
            elif block.row_heights and not header:
                row_pr += f'<w:trHeight w:val="{block.row_heights[min(body_row, len(block.row_heights) - 1)]}" w:hRule="exact"/>'
            elif block.row_height and not header:
                row_pr += f'<w:trHeight w:val="{block.row_height}" w:hRule="atLeast"/>'
            elif not header and tall_height(first_text):  # room for a seal or signature
                row_pr += f'<w:trHeight w:val="{tall_height(first_text)}" w:hRule="atLeast"/>'
            elif not header and block.photo and body_row < PHOTO_ROWS:
                row_pr += f'<w:trHeight w:val="{PHOTO_HEIGHT // PHOTO_ROWS}" w:hRule="atLeast"/>'
            row_spans = spans[index]
            photo_cell = ""
            if block.photo and len(row_spans) == 3:
                width = row_spans[2][1] - row_spans[2][0]
                photo_cell = self.photo_cell(width, "照片", size, line, header=True) if header else ""
                if not header:
                    photo_cell = self.photo_cell(width, "（粘贴照片）" if body_row == 0 else None, size, line)
                row_spans = row_spans[:2]
            if not header:
                body_row += 1
            keep = keep_last_row and index == len(block.rows) - 1
            xml.append(f"<w:tr><w:trPr><w:cantSplit/>{row_pr}</w:trPr>")
            for column, (start, end) in enumerate(row_spans):
                span = edges.index(end) - edges.index(start)
                span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                cell_pr = f'<w:tcW w:w="{end - start}" w:type="dxa"/>{span_xml}'
                if column >= len(cells):  # a short row: empty cells keep the grid
                    xml.append(f"<w:tc><w:tcPr>{cell_pr}</w:tcPr><w:p/></w:tc>")
                    continue
                runs, is_header = cells[column]
                mark = self.bookmark(f"tbl_{block.name}") if block.name and index == 0 and column == 0 else ("", "")
                xml.append(
                    f'<w:tc><w:tcPr>{cell_pr}<w:vAlign w:val="center"/></w:tcPr>'
                    + self.cell_paragraph(
                        runs,
                        is_header,
                        mark,
                        fillable=bool(block.name),
                        centred=is_header or edges.index(start) in centred,
                        keep=keep,
                        size=size,
                        line=line,
                    )
                    + "</w:tc>"
                )
            xml.append(photo_cell)
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        return "".join(xml)

    def photo_cell(self, width, text, size, line, header=False):
        """A cell of the photo column: the header, the merged cell's first part
        (with its prompt), or a continuation (text None)."""
        merge = "" if header else '<w:vMerge w:val="restart"/>' if text else "<w:vMerge/>"
        runs = [Run(text)] if text else []
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}<w:vAlign w:val="center"/></w:tcPr>'
            + self.cell_paragraph(runs, header, ("", ""), fillable=False, centred=True, size=size, line=line)
            + "</w:tc>"
        )

    def cell_paragraph(self, runs, is_header, mark, fillable, centred=False, keep=False, size=TABLE_SIZE, line=TABLE_LINE):
        font = TABLE_HEADER_FONT if is_header else TABLE_FONT
        # Centred, or (in a form's narrow cells) flush left: justified, an
        # unbreakable 「（盖章、日期）」 would spread the line before it apart.
        align = '<w:jc w:val="center"/>' if centred else '<w:jc w:val="left"/>' if size == FORM_SIZE else ""
        ppr = (
            f'<w:pPr>{_KEEP_NEXT if keep else ""}<w:spacing w:line="{line}" w:lineRule="exact"/>'
            f'<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>{align}</w:pPr>'
        )
        if not runs and fillable:  # an empty cell of a table the browser fills holds one run
            body = _run("", font, size * 2, preserve=True)
        else:
            body = self.runs(runs, font, size * 2)
        return f"<w:p>{ppr}{mark[0]}{mark[1]}{body}</w:p>"


_TABLES = {}  # the XML of tables without bookmarks, by their content
