"""Write a page's downloads as soon as it is built (macros/background.py).

Plans and documents: the page's document as a 公文 and as plain text.
Activities: the 活动方案 (its purpose, time and place, participants, procedure,
roles and safety, signed and dated), the 信息稿, and its 台账 forms as A4
tables with the community and the activity filled in and blank rows.
Which files a page has is decided in files.py.
"""

import json
from dataclasses import replace
from pathlib import Path

from .. import kinds
from ..errors import BuildError
from ..numbering import label
from .blocks import Block, Run, document_element, read_blocks, read_elements
from .files import downloads
from .package import write_docx
from .signature import declare
from .skeleton import LINE_PITCH
from .tables import body_lines
from .text import plain_text, text_segments
from .titles import break_title

# The 活动方案: these parts of the activity page, in this order; 参加人员 comes
# from front matter. The 信息稿 part is its own download; 台账清单 is not sent.
PLAN_PARTS = ("活动目的", "时间地点", "参加人员", "活动流程", "分工", "安全保障")
PAGE_PARTS = kinds.ACTIVITY_HEADINGS  # required of every activity page, checked by check.py
# A form's page: 22 lines of 28.95 pt. The title (and one blank line under
# it), the lines of holder, activity, time and place above the table and the
# 记录人 line under it take theirs, each value at its longest, and one line
# stays spare; the table has the rest: 15 lines with a one-line title and one
# line each, as every form has been measured on one page in LibreOffice.
PAGE_LINES, SPARE_LINES = 22, 1
FORM_HEADER_ROW, FORM_SLACK = 500, 160  # the header row; room for rounding in Word, WPS, LibreOffice (twips)
# 活动记录表: lines to write per labelled row (others: one).
RECORD_ROW_LINES = {"参加人员和人数": 2, "活动内容和过程": 7, "主要成效": 3, "存在问题和改进": 3}
# An activity's level (front matter, 社区 by default): whose name heads its
# 活动方案 and forms, and who signs the plan.
HOLDERS = {
    "社区": ("community", ("party_org", "committee")),
    "村": ("village", ("village_party_org", "village_committee")),
    "单位": ("unit", ("unit_party_org", "unit")),
}


def export_page(config, catalog, entry, html, values):
    """Write the downloads of one built page (its HTML, or only its article)
    with the edition's values (variables.as_values); return the paths of the files written."""
    author = config["site_name"]
    folder = Path(entry.dest_path).parent
    folder.mkdir(parents=True, exist_ok=True)  # the page itself may not be written yet
    element = document_element(html, entry.source or entry.src_path, entry.kind)
    parts = _activity_parts(element, entry) if entry.kind == "activity" else None
    written = []
    for download in downloads(entry, catalog.taxonomy, entry.name, values):
        if download.part == "document":
            blocks = read_blocks(element)
        elif download.part == "plan":
            blocks = _activity_plan(entry, parts, values)
        elif download.part == "news":
            blocks = _news(entry, parts)
        else:
            blocks = _form(entry, download.form, catalog.taxonomy["ledger_forms"][download.form], values)
        blocks = with_room(declare(blocks, entry, download.part), values)
        written += _write(folder / download.file, download.format, blocks, download.save_as, author, entry)
    return written


def with_room(blocks, values):
    """The blocks with each value's room (Run.room): its variable's max_length."""

    def runs(items):
        return [replace(run, room=values[run.var].max_length) if run.var in values else run for run in items]

    return [
        replace(block, runs=runs(block.runs), rows=[[(runs(r), h) for r, h in row] for row in block.rows]) for block in blocks
    ]


def _write(path, file_format, blocks, title, author, entry):
    if file_format == "docx":
        try:
            path.write_bytes(write_docx(blocks, title=title.removesuffix(".docx"), author=author))
        except ValueError as error:
            raise BuildError(f"{entry.source}: cannot write {path.name}: {error}") from error
        return [path]
    segments = text_segments(blocks)
    path.write_text(plain_text(segments), encoding="utf-8-sig", newline="")  # CRLF written by plain_text
    Path(f"{path}.json").write_text(json.dumps(segments, ensure_ascii=False), encoding="utf-8")
    return [path, Path(f"{path}.json")]


# --- Activities --------------------------------------------------------------


def _activity_parts(element, entry):
    """{h2 text: [elements up to the next h2]} of an activity page; all of
    PAGE_PARTS must be there (the 活动方案 and 信息稿 are made of them)."""
    parts, current = {}, None
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "h2":
            current = parts.setdefault(child.text_content().strip(), [])
        elif current is not None:
            current.append(child)
    missing = [name for name in PAGE_PARTS if name not in parts]
    if missing:
        raise BuildError(
            f"{entry.source}: expected the level-2 headings {'、'.join(PAGE_PARTS)} "
            f"(the 活动方案 and 信息稿 downloads are made of them); missing {'、'.join(missing)}"
        )
    return parts


def _heading(level, n, text):
    return Block("heading", [Run(label(level, n) + text)], level)


def _holder(entry, values):
    """(level, the holder's name as a marked run, the issuers as marked runs)."""
    level = entry.meta.get("level", "社区")
    name, issuers = HOLDERS[level]
    return level, Run(values[name].text, var=name), [Run(values[i].text, var=i) for i in issuers]


def _activity_plan(entry, parts, values):
    meta = entry.meta
    _, holder, issuers = _holder(entry, values)
    blocks = [Block("title", [holder, Run(f"{meta['title']}活动方案")], 1)]
    for n, name in enumerate(PLAN_PARTS, 1):
        blocks.append(_heading(2, n, name))
        if name == "参加人员":
            blocks.append(
                Block("body", [Run("、".join(meta["audience"]) + "，预计"), Run("〔参加人数〕", fill=True), Run("人。")])
            )
            continue
        sub = 0
        for block in read_elements(parts[name]):
            if block.kind == "heading":  # h3 inside a part: （一）
                sub += 1
                block = _heading(3, sub, block.text)
            blocks.append(block)
    blocks += [Block("signature", [issuer]) for issuer in issuers]
    blocks.append(Block("signature", [Run("〔成文日期〕", fill=True)]))
    return blocks


def _news(entry, parts):
    """The 信息稿: its bold first line is the headline."""
    blocks = read_elements(parts["信息稿"])
    if not blocks or blocks[0].kind != "body":
        raise BuildError(f"{entry.source}: expected the 信息稿 to start with its headline in bold")
    headline = [Run(run.text, var=run.var, fill=run.fill) for run in blocks[0].runs]
    return [Block("title", headline, 1), *blocks[1:]]


def _form(entry, name, form, values):
    """A 台账 form on one A4 page: title, the holder, the activity, time and
    place, the table, who filled it in. The body rows share the height the
    page has left (PAGE_LINES), so a form never runs onto a second page."""
    level, holder, _ = _holder(entry, values)
    columns, widths, rows = form["columns"], form["widths"], form["rows"]
    header = [([Run(column)], True) for column in columns]
    title = f"{entry.meta['title']}{name}"
    above = with_room(  # the holder's line counted at the name's longest
        [
            Block("body", [Run(f"{level}："), holder]),
            Block("body", [Run("活动：" + entry.meta["title"])]),
            Block("body", [Run("时间：　　年　　月　　日　　　　地点：")]),
        ],
        values,
    )
    below = Block("body", [Run("记录人：　　　　　　　　审核人：")])
    lines = PAGE_LINES - len(break_title(title)) - 1 - sum(body_lines(block.runs) for block in [*above, below]) - SPARE_LINES
    room = lines * LINE_PITCH.twips - FORM_HEADER_ROW - FORM_SLACK
    if isinstance(rows, int):
        numbered = columns[0] == "序号"
        body = [[([Run(str(n))] if numbered and i == 0 else [], False) for i in range(len(columns))] for n in range(1, rows + 1)]
        heights = [room // rows] * rows
    else:
        body = [[([Run(row)], False)] + [([], False)] * (len(columns) - 1) for row in rows]
        shares = [RECORD_ROW_LINES.get(row, 1) for row in rows]
        heights = [room * share // sum(shares) for share in shares]
    return [
        Block("title", [Run(title)], 1),
        *above,
        Block("table", rows=[header, *body], widths=widths, row_heights=heights),
        below,
    ]
