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
from .titles import BREAK_HINT, break_title

BOOKMARK_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
TABLE_FONT, TABLE_HEADER_FONT, TABLE_SIZE = BODY_FONT, "黑体", 14  # 4号 in tables, header in 黑体
TABLE_LINE = 400  # exact 20 pt lines in table cells (twips)
CELL_MARGIN = 57  # left and right cell margins (twips)
CENTRED_COLUMNS = {"序号", "月份"}  # short values: centred under their header
# Rows of a page's table where a seal or signature goes: at least this tall (twips).
TALL_ROWS = {"盖章": 1701, "签字": 1134, "事迹": 1701}
PHOTO_WIDTH, PHOTO_HEIGHT, PHOTO_ROWS = 2098, 2835, 5  # a 2-inch photo (35 x 49 mm) beside the first five rows
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
}


class BodyWriter:
    """Blocks (blocks.py) -> the XML of the document body, in order."""

    def __init__(self, style_ids):
        self.style_ids = style_ids
        self.bookmark_id = 0
        self.occurrences = {}
        self.parts = []

    def write(self, blocks):
        blocks = arrange(blocks)
        keep = kept_together(blocks)
        signature = signature_places(blocks, CHARS_PER_LINE)
        first_signature = True
        for index, block in enumerate(blocks):
            if block.kind == "table":
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
            style = self.style_of(block)
            style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
            ppr = f"<w:pPr>{style_xml}{_ordered(extra)}</w:pPr>"
            font = self.font_of(block)
            size = int((TITLE_SIZE if block.kind in ("title", "annex-title") else BODY_SIZE).pt * 2)
            if block.kind in ("title", "annex-title"):
                body = self.title_runs(block.runs, font, size)
            else:
                body = self.runs(block.runs, font, size, label_font=LABEL_FONT if block.kind == "labelled" else None)
            self.parts.append(f"<w:p>{ppr}{body}</w:p>")
        return "".join(self.parts)

    def style_of(self, block):
        name = {"title": TITLE_STYLE, "heading": HEADING_STYLES.get(block.level), "signature": SIGNATURE_STYLE}.get(block.kind)
        return self.style_ids[name] if name else None

    @staticmethod
    def font_of(block):
        return {
            "title": TITLE_FONT,
            "annex-title": TITLE_FONT,
            "annex-label": LABEL_FONT,
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
            tuple(block.row_heights or ()),
            tuple(tuple((tuple(runs), is_header) for runs, is_header in cells) for cells in block.rows),
        )
        if key not in _TABLES:
            if len(_TABLES) >= 64:
                _TABLES.clear()
            _TABLES[key] = self.table_xml(block, keep_last_row)
        self.parts.append(_TABLES[key])

    def table_xml(self, block, keep_last_row=False):
        columns = max(len(row) for row in block.rows)
        header_row = block.rows[0] if all(is_header for _, is_header in block.rows[0]) else []
        headers = ["".join(r.text for r in runs) for runs, _ in header_row]
        widths = _twips(block.widths or _widths_from_text(block.rows, columns), TEXT_WIDTH.twips)
        widths = _fit_headers(widths, headers)
        if block.photo:  # a third column for the photo, taken from the second
            widths = [widths[0], widths[1] - PHOTO_WIDTH, PHOTO_WIDTH]
        centred = {column for column, text in enumerate(headers) if text in CENTRED_COLUMNS}
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        xml = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_ids[TABLE_STYLE]}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
        ]
        body_row = 0
        for index, cells in enumerate(block.rows):
            header = all(is_header for _, is_header in cells)
            row_pr = "<w:tblHeader/>" if header and index == 0 else ""
            first_text = "".join(r.text for r in cells[0][0]) if cells else ""
            if block.row_heights and not header:
                row_pr += f'<w:trHeight w:val="{block.row_heights[min(body_row, len(block.row_heights) - 1)]}" w:hRule="exact"/>'
            elif block.row_height and not header:
                row_pr += f'<w:trHeight w:val="{block.row_height}" w:hRule="atLeast"/>'
            elif not header and any(word in first_text for word in TALL_ROWS):  # room for a seal or signature
                row_pr += f'<w:trHeight w:val="{max(h for w, h in TALL_ROWS.items() if w in first_text)}" w:hRule="atLeast"/>'
            elif not header and block.photo and body_row < PHOTO_ROWS:
                row_pr += f'<w:trHeight w:val="{PHOTO_HEIGHT // PHOTO_ROWS}" w:hRule="atLeast"/>'
            photo_cell = ""
            if block.photo and header:
                photo_cell = self.photo_cell(widths[2], "照片", header=True)
            elif block.photo and body_row < PHOTO_ROWS:
                photo_cell = self.photo_cell(widths[2], "（粘贴照片）" if body_row == 0 else None)
            if not header:
                body_row += 1
            keep = keep_last_row and index == len(block.rows) - 1
            xml.append(f"<w:tr><w:trPr><w:cantSplit/>{row_pr}</w:trPr>")
            for column, (runs, is_header) in enumerate(cells):
                mark = self.bookmark(f"tbl_{block.name}") if block.name and index == 0 and column == 0 else ("", "")
                width, span = widths[column], ""
                if block.photo and column == 1 and not photo_cell:  # below the photo: the row's text spans its column
                    width, span = widths[1] + widths[2], '<w:gridSpan w:val="2"/>'
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}<w:vAlign w:val="center"/></w:tcPr>'
                    + self.cell_paragraph(
                        runs, is_header, mark, fillable=bool(block.name), centred=is_header or column in centred, keep=keep
                    )
                    + "</w:tc>"
                )
            xml.append(photo_cell)
            for column in range(len(cells), columns):  # a short row: empty cells keep the grid
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        return "".join(xml)

    def photo_cell(self, width, text, header=False):
        """A cell of the photo column: the header, the merged cell's first part
        (with its prompt), or a continuation (text None)."""
        merge = "" if header else '<w:vMerge w:val="restart"/>' if text else "<w:vMerge/>"
        runs = [Run(text)] if text else []
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}<w:vAlign w:val="center"/></w:tcPr>'
            + self.cell_paragraph(runs, header, ("", ""), fillable=False, centred=True)
            + "</w:tc>"
        )

    def cell_paragraph(self, runs, is_header, mark, fillable, centred=False, keep=False):
        font = TABLE_HEADER_FONT if is_header else TABLE_FONT
        align = '<w:jc w:val="center"/>' if centred else ""
        ppr = (
            f'<w:pPr>{_KEEP_NEXT if keep else ""}<w:spacing w:line="{TABLE_LINE}" w:lineRule="exact"/>'
            f'<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>{align}</w:pPr>'
        )
        if not runs and fillable:  # an empty cell of a table the browser fills holds one run
            body = _run("", font, TABLE_SIZE * 2, preserve=True)
        else:
            body = self.runs(runs, font, TABLE_SIZE * 2)
        return f"<w:p>{ppr}{mark[0]}{mark[1]}{body}</w:p>"


_TABLES = {}  # the XML of tables without bookmarks, by their content


def _fit_headers(widths, headers):
    """Widen columns whose header would break (a header cell holds its text
    on one line, 黑体 4号 plus the cell margins), taking the room from the
    columns with most to spare; when all headers cannot fit, leave widths."""
    need = [round(_width_chars(text) * TABLE_SIZE * 20) + 2 * CELL_MARGIN + 30 for text in headers]
    if not headers or sum(need) > sum(widths):
        return widths
    widths = list(widths)
    for column, needed in enumerate(need):
        while widths[column] < needed:
            spare = max((w - n, c) for c, (w, n) in enumerate(zip(widths, need)) if c != column)
            if spare[0] <= 0:
                return widths
            step = min(needed - widths[column], spare[0])
            widths[column] += step
            widths[spare[1]] -= step
    return widths


def _width_chars(text):
    return sum(0.5 if ord(c) < 0x2000 else 1 for c in text)


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
