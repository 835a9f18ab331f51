"""What makes a page an official document (公文): its issuer and its date.

Plans and documents end with the issuing bodies and the 成文日期. Each kind of
document has its own date (front matter `dated`): a date variable (the plan's
issue_date in January, summary_date in December…), a fill-in the writer
completes, or none (minutes, bulletins and forms carry no signature date).
"""

from .kinds import names
from .schema import DATED_FILL, DATED_NONE
from .variables import fill_html

OFFICIAL_KINDS = set(names(official=True))  # kinds.py


def date_html(meta, values):
    dated = meta["dated"]
    if dated == DATED_NONE:
        return None
    if dated == DATED_FILL:
        return fill_html("成文日期")
    return str(values[dated])


def signature_html(meta, values):
    """The 落款: issuers, then the date; nothing when there is neither."""
    lines = [str(values[name]) for name in meta["issuer"]]
    date = date_html(meta, values)
    if date is not None:
        lines.append(date)
    if not lines:
        return ""
    return '<div class="tpl-signature">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"
