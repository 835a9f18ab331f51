"""The Word file's arrangement of a page's blocks, per GB/T 9704-2012:

- 7.3.2 主送机关/称呼: the first line under the title ending in "：" is flush left;
- 7.3.4 附件说明: 「附件：1. ××」 one blank line under the body, 左空二字,
  further items aligned under the first; tables of a section listed in
  ANNEX_SECTIONS (the annual plan's schedule) leave the body and follow the
  signature as 附件, each on a new page under its 附件N label and title;
- 纪要: the labels 出席/列席/请假/缺席 in 黑体;
- 章程, 公约: the chapter headings 第一章　总则 … centred, 黑体 3号 (the
  practice of 章条 documents; GB/T 9704 gives 黑体 to the first level);
- 7.3.5 落款: kept on the page of the last lines of the body, placed as
  signature.py says for sealed and unsealed documents;
- a one-page form (推荐表, tables.py): a photo cell beside the first rows of
  its first table, its captions between tables in 黑体, its two 盖章 rows
  side by side, and row heights that keep it on one page.

The page shows the same text in its own order; only the Word file moves it.
"""

import re
from dataclasses import replace

from ..numbering import CHAPTER  # a 章程's chapter heading, numbered by its writer
from .blocks import Block, Run
from .signature import is_date, placement
from .tables import PHOTO_ROWS, fit_form, is_form, pair_seal_rows

ANNEX_SECTIONS = ("活动安排和责任分工",)  # h2 sections whose tables become 附件
MINUTES_LABELS = ("出席", "列席", "请假", "缺席")
_LABEL = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+\.|^（\d+）")
_NUMBERED = re.compile(r"^\d+[.．]")


def _unlabelled(text):
    return _LABEL.sub("", text, count=1)


def arrange(blocks):
    blocks = _annexes(blocks)
    blocks = _annex_note(blocks)
    form = is_form(blocks)
    out, photo, after_table = [], form, False
    for index, block in enumerate(blocks):
        if block.kind == "table" and form:
            block = pair_seal_rows(replace(block, form=True))
            if photo and len(block.rows[0]) == 2 and len(block.rows) > PHOTO_ROWS:
                block, photo = replace(block, photo=True), False  # the first two-column table of a 推荐表
            after_table = True
        elif form and after_table and block.kind == "body":
            block = replace(block, kind="form-caption")  # 家庭成员情况, 推荐意见: the caption of the next table
        if block.kind == "heading" and block.level == 2 and CHAPTER.match(block.text):
            block = replace(block, kind="chapter")
        if block.kind == "body":
            text = block.text
            if index and blocks[index - 1].kind == "title" and text.endswith("：") and len(text) <= 40:
                block = replace(block, kind="addressee")
            elif text.startswith(tuple(label + "：" for label in MINUTES_LABELS)) and block.runs and not block.runs[0].var:
                block = replace(block, kind="labelled")
        out.append(block)
    return fit_form(out) if form else out


def _annexes(blocks):
    """Move the tables of ANNEX_SECTIONS after the signature, as 附件."""
    start = next(
        (i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 2 and _unlabelled(b.text) in ANNEX_SECTIONS), None
    )
    if start is None:
        return blocks
    end = next(
        (
            i
            for i in range(start + 1, len(blocks))
            if blocks[i].kind == "signature" or (blocks[i].kind == "heading" and blocks[i].level <= 2)
        ),
        len(blocks),
    )
    kept, annexes, name = [blocks[start]], [], ""
    for block in blocks[start + 1 : end]:
        if block.kind == "heading":
            name = _unlabelled(block.text)
        elif block.kind == "table":
            annexes.append((name, block))
        else:
            kept.append(replace(block, runs=[replace(r, text=r.text.replace("如下", "见附件")) for r in block.runs]))
    if not annexes:
        return blocks
    rest = blocks[end:]
    body = blocks[:start] + kept
    signature_end = next((i for i, b in enumerate(rest) if b.kind != "signature"), len(rest))
    note = [Block("body", [Run("附件：")])] + [Block("body", [Run(f"{n}.{name}")]) for n, (name, _) in enumerate(annexes, 1)]
    after = []
    for n, (name, table) in enumerate(annexes, 1):
        label = f"附件{n}" if len(annexes) > 1 else "附件"
        after += [Block("annex-label", [Run(label)]), Block("annex-title", [Run(name)]), table]
    return body + note + rest[:signature_end] + after + rest[signature_end:]


def _annex_note(blocks):
    """「附件：」 followed by numbered lines, or 「附件：××」: the 附件说明 form."""
    out, index = [], 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "body" and block.text.startswith("附件：") and _after_body(blocks, index):
            items = []
            if block.text == "附件：":
                index += 1
                while index < len(blocks) and blocks[index].kind == "body" and _NUMBERED.match(blocks[index].text):
                    items.append(blocks[index])
                    index += 1
            else:
                index += 1
            if not items:
                out.append(replace(block, kind="annex-note-first"))
                continue
            first, *others = items
            out.append(replace(first, kind="annex-note-first", runs=[Run("附件："), *first.runs]))
            out += [replace(item, kind="annex-note") for item in others]
            continue
        out.append(block)
        index += 1
    return out


def _after_body(blocks, index):
    """A 附件 line belongs to the 附件说明 when only other 附件 lines and the
    signature follow it in the body (not a mention of 附件 inside the text)."""
    for block in blocks[index + 1 :]:
        if block.kind in ("signature", "annex-label"):
            return True
        if block.kind != "body" or not _NUMBERED.match(block.text):
            return False
    return True


def kept_together(blocks):
    """{index: keep lines too} of the blocks kept on the page of what follows:
    the last two body blocks before the 落款 (the last with all its lines),
    and a table followed by one last line (记录人/审核人 under a form)."""
    keep = {}
    first = next((i for i, b in enumerate(blocks) if b.kind == "signature"), None)
    if first is not None:
        previous = [i for i in range(first - 1, -1, -1) if blocks[i].kind != "title"][:2]
        for n, i in enumerate(previous):
            # The last paragraph whole when short; a long one gives its last two
            # lines (widow control) rather than leave a half-empty page.
            keep[i] = n == 0 and len(blocks[i].text) <= 4 * 28
            if blocks[i].kind == "table":
                break  # the table's last row holds on to what follows
    if len(blocks) >= 2 and blocks[-1].kind != "table" and blocks[-2].kind == "table":
        keep[len(blocks) - 2] = True
    return keep


def signature_places(blocks, line_chars):
    """{index: {"align", "left", "right"}} of the signature lines."""
    places = {}
    index = 0
    while index < len(blocks):
        if blocks[index].kind != "signature":
            index += 1
            continue
        end = index
        while end < len(blocks) and blocks[end].kind == "signature":
            end += 1
        group = list(range(index, end))
        date = group[-1] if is_date(blocks[group[-1]].text) else None
        issuers = [i for i in group if i != date]
        issuer_place, date_place = placement(
            [blocks[i].text for i in issuers], blocks[date].text if date is not None else "", line_chars, blocks[index].sealed
        )
        for i in issuers:
            places[i] = issuer_place
        if date is not None:
            places[date] = date_place
        index = end
    return places
