"""The plain-text download: the blocks as paragraphs separated by blank lines,
tables as Markdown tables; and the same text as segments, strings and
[variable, value] pairs, for download.js to put the reader's values in. A
table the browser fills (data-tpl-table) is one pair ["tbl:<name>", its text].
"""

TABLE_PREFIX = "tbl:"


def text_segments(blocks):
    """The plain text as strings and [variable, value] pairs, in order."""
    segments = []

    def add(part):
        if isinstance(part, str) and segments and isinstance(segments[-1], str):
            segments[-1] += part
        elif part:
            segments.append(part)

    def add_runs(runs):
        for run in runs:
            add([run.var, run.text] if run.var else run.text)

    for index, block in enumerate(blocks):
        if index:
            add("\n")  # a blank line between paragraphs
        if block.kind == "table" and block.name:
            add([TABLE_PREFIX + block.name, markdown_table(block.rows)])
        elif block.kind == "table":
            for row_number, row in enumerate(block.rows):
                add("|")
                for runs, _ in row:
                    add(" ")
                    add_runs(runs)
                    add(" |")
                add("\n")
                if row_number == 0:  # Markdown's header separator
                    add("|" + " --- |" * len(row) + "\n")
        else:
            add_runs(block.runs)
            add("\n")
    return segments


def plain_text(segments):
    """The text with the values in `segments` (the build's own values)."""
    return "".join(part if isinstance(part, str) else part[1] for part in segments)


def markdown_table(rows):
    """A table as Markdown rows, the header separated (as text_segments writes it)."""
    lines = []
    for number, row in enumerate(rows):
        lines.append("| " + " | ".join("".join(run.text for run in runs) for runs, _ in row) + " |")
        if number == 0:
            lines.append("|" + " --- |" * len(row))
    return "\n".join(lines) + "\n"
