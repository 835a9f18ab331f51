"""The 月度活动安排表 and 责任分工表 of plans whose front matter says
`schedule: true`, built from the activities' front matter.

The build fills them with the activities marked `annual: true` (what nearly
every community does each year), so a plan never shows an empty table; the
reader's own choices (我的年度计划, my-plan.js) replace those rows in the
page, the copied text and the downloads. The tables carry data-tpl-table,
which the Word writer turns into a bookmark the browser finds (word/body.py).

The browser reads the activities from assets/data/activities.js (a script,
so it loads from file:// too), written after the build by write_data().
"""

import json
from html import escape
from pathlib import Path

from .errors import TemplateInputError
from .variables import escape_text

SCHEDULE_COLUMNS = ("月份", "活动内容", "责任人", "参与单位")
DUTIES_COLUMNS = ("工作任务", "牵头人", "配合单位", "完成时限")
# Column widths in characters of the 公文 line (28), for the Word file.
WIDTHS = {"schedule": (4, 10, 6, 8), "duties": (10, 6, 8, 4)}
DATA_FILE = "assets/data/activities.js"
NONE = "—"


def activity_id(entry):
    """A stable name of an activity: its path without .md (activities/neighbours-day)."""
    return entry.src_path.removesuffix(".md")


def schedule_rows(items):
    """items: [(month, entry)] -> rows of the 月度活动安排表, in month order."""
    return [(f"{month}月", e.title, e.meta["organisers"][0], "、".join(e.meta.get("partners", [])) or NONE)
            for month, e in sorted(items, key=lambda item: (item[0], item[1].title))]


def duties_rows(items):
    """One row per activity: its task, lead, partners and the end of its last month."""
    months = {}
    for month, e in items:
        months.setdefault(e.src_path, (e, []))[1].append(month)
    rows = []
    for e, in_months in sorted(months.values(), key=lambda item: (min(item[1]), item[0].title)):
        others = e.meta.get("partners", []) or e.meta["organisers"][1:]
        rows.append((e.title, e.meta["organisers"][0], "、".join(others) or NONE, f"{max(in_months)}月底"))
    return rows


def choice_mark(entry, large=False):
    """The empty mark that choose.js turns into a "加入年度计划" button: what a
    choice of this activity needs, so pages never load all activities for it."""
    meta = entry.meta
    partners = meta.get("partners", []) or meta["organisers"][1:]
    attributes = {
        "data-tpl-choose": activity_id(entry), "data-tpl-title": entry.title,
        "data-tpl-months": " ".join(map(str, meta["months"])), "data-tpl-lead": meta["organisers"][0],
        "data-tpl-partners": "、".join(partners),
    }
    text = " ".join(f'{name}="{escape_text(value)}"' for name, value in attributes.items())
    return f'<span {text}{" data-tpl-choose-large" if large else ""}></span>'


def default_items(catalog):
    return [(month, e) for e in catalog.of_kind("activity") if e.meta.get("annual") for month in e.meta["months"]]


def _table(name, columns, rows):
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    widths = " ".join(map(str, WIDTHS[name]))
    return f'<table data-tpl-table="{name}" data-widths="{widths}">\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>'


def section_markdown(catalog, plan_path):
    """The plan's last section: both tables, under headings the numbering labels."""
    items = default_items(catalog)
    if not items:
        raise TemplateInputError(plan_path, "schedule", "at least one activity with annual: true (the default schedule of the plan)", "none")
    return "\n\n".join([
        "## 活动安排和责任分工",
        "全年主要活动按月安排如下，各责任人按表落实，活动结束后及时整理台账。",
        "### 月度活动安排表",
        _table("schedule", SCHEDULE_COLUMNS, schedule_rows(items)),
        "### 责任分工表",
        _table("duties", DUTIES_COLUMNS, duties_rows(items)),
    ]) + "\n"


def write_data(config, catalog):
    """assets/data/activities.js: what the browser needs of every activity."""
    activities = []
    for e in catalog.of_kind("activity"):
        activities.append({
            "id": activity_id(e), "title": e.title, "url": e.built_file(config).url,
            "months": e.meta["months"], "organisers": e.meta["organisers"],
            "partners": e.meta.get("partners", []), "annual": bool(e.meta.get("annual")),
        })
    path = Path(config["site_dir"]) / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(activities, ensure_ascii=False, separators=(",", ":"))
    path.write_text(f"window.tplActivities={data};\n", encoding="utf-8")
