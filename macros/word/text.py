"""The plain-text download (.txt, UTF-8 with BOM, CRLF line ends: Notepad and
WPS on a Windows office PC open it as it is): the blocks as paragraphs
separated by blank lines, tables as tab-separated lines; and the same text as
segments, strings and [variable, value] pairs, for download.js to put the
reader's values in. A table the browser fills (data-tpl-table) is one pair
["tbl:<name>", its text], written as a Markdown table so schedule.js can
replace its body rows; plain_text (and download.js) turn it into
tab-separated lines.
"""

import re

from .titles import BREAK_HINT

TABLE_PREFIX = "tbl:"
NEWLINE = "\r\n"
_SEPARATOR = re.compile(r"^\|( --- \|)+$")
_CELL_BAR = re.compile(r"(?<!\\) \| ")


def text_segments(blocks):
    """The plain text as strings and [variable, value] pairs, in order (lines end in \\n)."""
    segments = []

    def add(part):
        if isinstance(part, str) and segments and isinstance(segments[-1], str):
            segments[-1] += part
        elif part:
            segments.append(part)

    def add_runs(runs):
        for run in runs:
            text = run.text.replace(BREAK_HINT, "")
            add([run.var, text] if run.var else text)

    for index, block in enumerate(blocks):
        if index:
            add("\n")  # a blank line between paragraphs
        if block.kind == "table" and block.name:
            add([TABLE_PREFIX + block.name, markdown_table(block.rows)])
        elif block.kind == "table":
            for row in block.rows:
                for column, (runs, _) in enumerate(row):
                    if column:
                        add("\t")
                    add_runs(runs)
                add("\n")
        else:
            add_runs(block.runs)
            add("\n")
    return segments


def plain_text(segments):
    """The text with the values in `segments` (the build's own values), CRLF."""
    parts = []
    for part in segments:
        if isinstance(part, str):
            parts.append(part)
        elif part[0].startswith(TABLE_PREFIX):
            parts.append(tab_separated(part[1]))
        else:
            parts.append(part[1])
    return "".join(parts).replace("\r\n", "\n").replace("\n", NEWLINE)


def markdown_table(rows):
    """A table as Markdown rows, the header separated (schedule.js fills its body)."""
    lines = []
    for number, row in enumerate(rows):
        lines.append("| " + " | ".join("".join(run.text for run in runs) for runs, _ in row) + " |")
        if number == 0:
            lines.append("|" + " --- |" * len(row))
    return "\n".join(lines) + "\n"


def tab_separated(markdown):
    """A Markdown table (markdown_table) as tab-separated lines; download.js does the same."""
    lines = []
    for line in markdown.splitlines():
        if not line or _SEPARATOR.match(line):
            continue
        cells = _CELL_BAR.split(line.removeprefix("| ").removesuffix(" |"))
        lines.append("\t".join(cell.replace("\\|", "|") for cell in cells))
    return "\n".join(lines) + "\n"
