"""Number document headings the way 公文 does: 一、（一）1.（1）.

Sections are shared between plans, so a section cannot know its own number:
the numbers are added to the rendered Markdown of each document page.
"""

import re

from .errors import TemplateInputError

_DIGITS = "零一二三四五六七八九"
_HEADING = re.compile(r"^(#{2,5})[ \t]+(.*?)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A 章程's chapters are numbered by the writer (第一章 总则): kept as written.
CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章")
_ALREADY_NUMBERED = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）)")


def chinese_numeral(n):
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, up to 99."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    text = "" if tens == 0 else ("" if tens == 1 else _DIGITS[tens]) + "十"
    return text + (_DIGITS[ones] if ones else "")


def label(level, n):
    return {
        2: f"{chinese_numeral(n)}、",
        3: f"（{chinese_numeral(n)}）",
        4: f"{n}.",
        5: f"（{n}）",
    }[level]


def number_headings(markdown, path):
    """Prefix h2-h5 with their 公文 numbers; counters restart under each parent."""
    counters = {2: 0, 3: 0, 4: 0, 5: 0}
    lines, in_fence = [], False
    for lineno, line in enumerate(markdown.split("\n"), 1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            level, text = len(match.group(1)), match.group(2)
            if level == 2 and CHAPTER.match(text):
                lines.append(line)
                continue
            if _ALREADY_NUMBERED.match(text):
                raise TemplateInputError(
                    path, f"line {lineno}", "a heading without a number (numbers are added automatically)", text
                )
            counters[level] += 1
            for deeper in range(level + 1, 6):
                counters[deeper] = 0
            line = f"{match.group(1)} {label(level, counters[level])}{text}"
        lines.append(line)
    return "\n".join(lines)
