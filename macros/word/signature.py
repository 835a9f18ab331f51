"""Whether a document's 落款 is sealed (加盖印章), and where GB/T 9704-2012
7.3.5 then puts the 署名 and the 成文日期.

Declared here as data, per kind of page and document type: plans, reports,
notices and decisions issued by a community's 党组织 and 居委会 carry their
seals; letters posted to residents (倡议书, 公开信) are signed without one.
"""

import re
from dataclasses import replace

# Document types (taxonomy document_types) whose 落款 carries no seal.
UNSEALED_DOC_TYPES = frozenset({"倡议书", "公开信"})
# Page kinds and the downloads of an activity that are sealed (others: documents by type).
SEALED_KINDS = frozenset({"plan"})
SEALED_ACTIVITY_PARTS = frozenset({"plan"})  # an activity's 活动方案, issued by 党组织 and 居委会

_DATE = re.compile(r"(\d{4}|〔[^〕]*〕)年.*日|〔[^〕]*日期[^〕]*〕|〔[^〕]*年月日[^〕]*〕")


def is_sealed(entry, part="document"):
    meta = entry.meta
    if entry.kind == "activity":
        return part in SEALED_ACTIVITY_PARTS
    if entry.kind in SEALED_KINDS:
        return True
    return meta.get("doc_type") not in UNSEALED_DOC_TYPES


def declare(blocks, entry, part):
    """The blocks with their signature lines marked sealed or not."""
    sealed = is_sealed(entry, part)
    return [replace(block, sealed=sealed) if block.kind == "signature" else block for block in blocks]


def is_date(text):
    return bool(_DATE.fullmatch(text.strip()))


def text_width(text):
    """Width in body characters: CJK full, ASCII half."""
    return sum(0.5 if ord(c) < 0x2000 else 1 for c in text)


def placement(issuers, date, line_chars, sealed):
    """Indents in characters for the 署名 lines and the date.

    Returns (issuer_layout, date_layout), each a dict with "align" ("center",
    "right" or "left") and "left"/"right" indents in characters.
    Sealed (7.3.5.1): the date 右空四字, each 署名 centred on the date.
    Unsealed (7.3.5.2): the 署名 右空二字, the date starting two characters
    right of the 署名's start; a date longer than that goes 右空二字 and the
    署名 moves left to stay two characters before it.
    """
    date_width = text_width(date) if date else 6.5  # 2026年1月10日
    if sealed:
        centre_from_right = 4 + date_width / 2
        issuer = {"align": "center", "left": max(0.0, line_chars - 2 * centre_from_right), "right": 0.0}
        return issuer, {"align": "right", "left": 0.0, "right": 4.0}
    longest = max((text_width(t) for t in issuers), default=0.0)
    if not issuers:
        return {}, {"align": "right", "left": 0.0, "right": 2.0}
    if date_width <= longest - 2:
        return (
            {"align": "right", "left": 0.0, "right": 2.0},
            {"align": "left", "left": line_chars - 2 - longest + 2, "right": 0.0},
        )
    return ({"align": "right", "left": 0.0, "right": 4 + date_width - longest}, {"align": "right", "left": 0.0, "right": 2.0})
