"""Table geometry of the Word file: column widths, where each cell of a row
starts and ends, and the row heights of one-page forms among the documents.

GB/T 9704-2012 sets no size for table text (5.2.2: 3号 unless 特定情况);
tables here are 4号 (14 pt) on 20 pt lines, their header in 黑体. A
document that is a form to fill in by hand (ONE_PAGE_FORMS: the 推荐表) is
one A4 page: its cells are 小四 (12 pt) on 16 pt lines (6 mm rows: a
name typed or written), its title half a line above the rest, its captions 黑体 4号, its two 盖章 rows side by side, and
its rows to write in (TALL_ROWS) take the height the page leaves, never less
than MIN_SHARE of their full height: a form that cannot fit fails the build.
The page leaves room for each value at the longest a reader may give it
(Run.room), since the browser puts the reader's values into the finished file.
"""

import math
from dataclasses import replace

from .skeleton import CHARS_PER_LINE, LINE_PITCH, TEXT_WIDTH
from .titles import break_title

TABLE_SIZE, TABLE_LINE = 14, 400  # 4号 in tables, exact 20 pt lines (twips)
FORM_SIZE, FORM_LINE = 12, 320  # 小四 in one-page forms, exact 16 pt lines (twips)
CAPTION_SIZE, CAPTION_LINE, CAPTION_BEFORE = 14, 400, 60  # 黑体 4号 captions between a form's tables
FORM_TITLE_AFTER = LINE_PITCH.twips // 2  # half a blank line under a form's title
CELL_MARGIN = 57  # left and right cell margins (twips)
BORDER = 10  # a row's border in LibreOffice's layout (twips, rounded up)
ONE_PAGE_FORMS = ("推荐表",)  # documents (by their title's ending) laid out as one-page forms
# Rows of a page's table where a seal or signature goes: at least this tall (twips).
TALL_ROWS = {"盖章": 1701, "签字": 1134, "事迹": 1701}
MIN_SHARE = 0.7  # a form's tall rows shrink to fit one page, to no less than this share
# A 1-inch photo (25 x 35 mm) in a 29 x 36 mm cell beside the first five rows.
PHOTO_WIDTH, PHOTO_HEIGHT, PHOTO_ROWS = 1644, 2041, 5
PAIR_LABEL_CHARS = 7  # the label of each half of a paired 盖章 row, in form characters
FORM_LABEL_CHARS = 10  # the label column of a form's two-column table, at most (longer labels wrap)
PAGE_TWIPS = 22 * LINE_PITCH.twips  # the text block's height: 225 mm
FORM_SLACK = 340  # room for rounding in Word, WPS and LibreOffice (twips)


def is_form(blocks):
    return bool(blocks) and blocks[0].kind == "title" and blocks[0].text.endswith(ONE_PAGE_FORMS)


def width_chars(text):
    """Width in characters: CJK full, ASCII half."""
    return sum(0.5 if ord(c) < 0x2000 else 1 for c in text)


def cell_text(cell):
    runs, _ = cell
    return "".join(run.text for run in runs)


def budget_text(runs):
    """The runs' text with each value at the longest a reader may give it
    (Run.room full-width characters where that is wider than the build's):
    what a one-page form must leave room for."""
    return "".join(run.text + "字" * math.ceil(run.room - width_chars(run.text)) if run.var else run.text for run in runs)


def body_lines(runs, indent=2):
    """Lines a paragraph of the runs takes (2: its first-line indent), each
    value at its longest."""
    return sum(max(1, math.ceil((width_chars(p) + indent) / CHARS_PER_LINE)) for p in budget_text(runs).split("\n"))


def tall_height(text):
    """The full height of a row to write in, by its label; 0 for other rows."""
    return max((h for word, h in TALL_ROWS.items() if word in text), default=0)


# --- Columns -----------------------------------------------------------------


def column_widths(block):
    """The widths of a table's columns in twips, as wide as the text; headers
    on one line where they can be."""
    rows = block.rows[:-1] if block.pair_last else block.rows  # a paired row has its own cells
    columns = max(len(row) for row in rows)
    header_row = block.rows[0] if all(is_header for _, is_header in block.rows[0]) else []
    headers = [cell_text(cell) for cell in header_row]
    if block.form and columns == 2 and not block.widths:  # label and value: the value takes the rest
        label = min(FORM_LABEL_CHARS, max(width_chars(cell_text(cells[0])) for cells in rows))
        first = round(label * FORM_SIZE * 20) + 2 * CELL_MARGIN + 60
        widths = [first, TEXT_WIDTH.twips - first]
    else:
        widths = _twips(block.widths or _widths_from_text(rows, columns), TEXT_WIDTH.twips)
    return _fit_headers(widths, headers, block.form)


def row_cells(block, widths):
    """Per row, the (start, end) in twips of each of its cells, the photo
    cell last in the rows beside it; and the table's grid (every boundary)."""
    total, rows, body_row = sum(widths), [], 0
    edges = [sum(widths[:n]) for n in range(len(widths) + 1)]
    for cells in block.rows:
        header = all(is_header for _, is_header in cells)
        if block.pair_last and cells is block.rows[-1]:
            half, label = total // 2, PAIR_LABEL_CHARS * FORM_SIZE * 20 + 2 * CELL_MARGIN
            spans = [(0, label), (label, half), (half, half + label), (half + label, total)]
        elif block.photo and (header or body_row < PHOTO_ROWS):
            spans = [(0, edges[1]), (edges[1], total - PHOTO_WIDTH), (total - PHOTO_WIDTH, total)]
        elif block.photo:
            spans = [(0, edges[1]), (edges[1], total)]
        else:
            spans = list(zip(edges, edges[1:]))
        if not header:
            body_row += 1
        rows.append(spans)
    grid = sorted({edge for spans in rows for span in spans for edge in span})
    return rows, [b - a for a, b in zip(grid, grid[1:])], grid


def _fit_headers(widths, headers, form=False):
    """Widen columns whose header would break (a header cell holds its text
    on one line, 黑体 plus the cell margins), taking the room from the
    columns with most to spare; when all headers cannot fit, leave widths."""
    size = FORM_SIZE if form else TABLE_SIZE
    need = [round(width_chars(text) * size * 20) + 2 * CELL_MARGIN + 30 for text in headers]
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


# --- One-page forms ----------------------------------------------------------


def pair_seal_rows(block):
    """A form's table ending in two 盖章 rows of two cells: one row, side by side."""
    last = block.rows[-2:]
    if (
        len(block.rows) > 2
        and all(len(cells) == 2 and "盖章" in cell_text(cells[0]) for cells in last)
        and not any(is_header for cells in last for _, is_header in cells)
    ):
        return replace(block, rows=[*block.rows[:-2], last[0] + last[1]], pair_last=True)
    return block


def _lines(text, width, size):
    """Lines `text` takes in a cell `width` twips wide (a millimetre of
    margin for the line-breaking rules of each program)."""
    per_line = max(1, math.floor((width - 2 * CELL_MARGIN - 60) / (size * 20)))
    return sum(max(1, math.ceil(width_chars(piece) / per_line)) for piece in text.split("\n"))


def fit_form(blocks):
    """A form's blocks with the heights of its table rows (Block.heights,
    at least these), so that the whole form takes one page."""
    fixed, tall = 0, []  # tall: (block index, row index, full height, natural height)
    natural = {}
    for index, block in enumerate(blocks):
        if block.kind == "title":
            fixed += (len(break_title(block.text)) + 1) * LINE_PITCH.twips + FORM_TITLE_AFTER
        elif block.kind == "form-caption":
            fixed += CAPTION_LINE + CAPTION_BEFORE
        elif block.kind == "table":
            widths = column_widths(block)
            spans, _, _ = row_cells(block, widths)
            photo_rows = 0
            for row, (cells, edges) in enumerate(zip(block.rows, spans)):
                # A row is as tall as the build's text needs (it grows in
                # Word with a longer value); the page keeps room for the longest.
                lines = [
                    (_lines(cell_text(cell), b - a, FORM_SIZE), _lines(budget_text(cell[0]), b - a, FORM_SIZE))
                    for cell, (a, b) in zip(cells, edges)
                ]
                height = max(now for now, _ in lines) * FORM_LINE + BORDER
                budget = max(longest for _, longest in lines) * FORM_LINE + BORDER
                header = all(is_header for _, is_header in cells)
                if block.photo and not header and photo_rows < PHOTO_ROWS:
                    photo_rows += 1
                    height = max(height, math.ceil(PHOTO_HEIGHT / PHOTO_ROWS))
                    budget = max(budget, height)
                natural[index, row] = height
                full = 0 if header else tall_height(cell_text(cells[0]))
                if full > budget:
                    tall.append((index, row, full, height))
                else:
                    fixed += budget
        else:
            fixed += body_lines(block.runs, indent=2 if block.kind == "body" else 0) * LINE_PITCH.twips
    room = PAGE_TWIPS - FORM_SLACK - fixed
    wanted = sum(full for _, _, full, _ in tall)
    share = 1.0 if room >= wanted else room / wanted if wanted else 0.0
    if tall and share < MIN_SHARE or room < 0:
        over = (wanted * MIN_SHARE - room) / 56.7
        raise ValueError(
            f"the form does not fit one A4 page: {over:.0f} mm too long with each value at its longest "
            "(data/variables.yml max_length); shorten a row or a max_length, or split the form"
        )
    heights = dict(natural)
    for index, row, full, height in tall:
        heights[index, row] = max(height, math.floor(full * share))
    return [
        replace(block, heights=[heights[index, row] for row in range(len(block.rows))]) if block.kind == "table" else block
        for index, block in enumerate(blocks)
    ]
