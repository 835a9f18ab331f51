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

from .days import YEARS, month_in, table
from .errors import TemplateInputError
from .schema import SCHEDULES
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


# Activities name a community's bodies; a village's plan names the village's,
# and a street's plan gives each activity to its 文明办 with the communities.
VILLAGE_BODIES = {"社区党组织": "村党组织", "社区居委会": "村民委员会", "社区志愿服务队": "村志愿服务队",
                  "社区卫生服务中心": "村卫生室", "社区文艺队": "村文艺队", "社区文艺团队": "村文艺队",
                  "社区法律顾问": "村法律顾问", "社区民警": "驻村民警", "社区妇联": "村妇联",
                  "社区退役军人服务站": "村退役军人服务站", "物业服务企业": "村民小组"}
STREET_LEAD, STREET_PARTNER = "街道文明办", "各社区（村）"


def parties(entry, level="社区", with_organisers=False):
    """(lead, partners) of an activity as a plan of `level` names them."""
    lead, others = entry.meta["organisers"][0], entry.meta.get("partners", [])
    if with_organisers and not others:
        others = entry.meta["organisers"][1:]
    if level == "村":
        lead, others = VILLAGE_BODIES.get(lead, lead), [VILLAGE_BODIES.get(p, p) for p in others]
    elif level == "街道":
        lead, others = STREET_LEAD, [STREET_PARTNER] + [p for p in others if not p.startswith(("社区", "街道", "物业"))]
    return lead, list(dict.fromkeys(others))


def schedule_rows(items, level="社区"):
    """items: [(month, entry)] -> rows of the 月度活动安排表, in month order."""
    rows = []
    for month, e in sorted(items, key=lambda item: (item[0], item[1].title)):
        lead, others = parties(e, level)
        rows.append((f"{month}月", e.title, lead, "、".join(others) or NONE))
    return rows


def duties_rows(items, level="社区"):
    """One row per activity: its task, lead, partners and the end of its last month."""
    months = {}
    for month, e in items:
        months.setdefault(e.src_path, (e, []))[1].append(month)
    rows = []
    for e, in_months in sorted(months.values(), key=lambda item: (min(item[1]), item[0].title)):
        lead, others = parties(e, level, with_organisers=True)
        rows.append((e.title, lead, "、".join(others) or NONE, f"{max(in_months)}月底"))
    return rows


def choice_mark(entry, days, year, large=False, month=None):
    """The empty mark that choose.js turns into a "加入年度计划" button: what a
    choice of this activity needs, so pages never load all activities for it.
    A choice takes one month: `month` (the calendar's month the mark stands in),
    else the day's month in the reader's 年度 (data-tpl-day-months: the month of
    each year from the first of days.YEARS, one hex digit a year; without a
    年度 of the reader's, the site's `year`), else the first month the
    activity may be held in (data-tpl-months lists them all, first the one)."""
    lead, partners = parties(entry, with_organisers=True)
    attributes = {
        "data-tpl-choose": activity_id(entry), "data-tpl-title": entry.title,
        "data-tpl-months": " ".join(map(str, [month] if month else _first_month(entry, days, int(year)))),
        "data-tpl-lead": lead,
        "data-tpl-partners": "、".join(partners),
    }
    if entry.meta.get("day") and not month:
        attributes["data-tpl-day-months"] = day_months_code(days, entry.meta["day"])
    text = " ".join(f'{name}="{escape_text(value)}"' for name, value in attributes.items())
    return f'<span {text}{" data-tpl-choose-large" if large else ""}></span>'


def _first_month(entry, days, year):
    if entry.meta.get("day"):
        return [month_in(days, entry.meta["day"], year)]
    return entry.meta["months"]


def day_months_code(days, day):
    """"2020:2322…": the day's month in each year from 2020, one hex digit a year."""
    by_year = table(days)[day]
    return f"{YEARS[0]}:" + "".join(f"{int(by_year[str(y)].split('-')[0]):x}" for y in YEARS)


def month_of(entry, days, year):
    """The one month an activity is scheduled in: its day's month that year
    (端午 2026 in 6月, 2028 in 5月), else the first month it may be held in."""
    day = entry.meta.get("day")
    return month_in(days, day, year) if day else entry.meta["months"][0]


def _fits_level(activity, level):
    """A village's or unit's own activity belongs to its plans only; the
    community's activities serve communities, villages and streets."""
    own = activity.meta.get("level", "社区")
    return own == level if own != "社区" else level != "单位"


def _on_topic(activity, plan):
    """Which activities a plan lists before the reader chooses (schema.SCHEDULES)."""
    meta = activity.meta
    if plan.meta["schedule"] == "common":
        return bool(meta.get("annual")) or meta.get("level") == plan.meta["level"]
    themes = plan.meta.get("themes", [])
    return meta["themes"][0] in themes or bool(meta.get("annual") and set(themes) & set(meta["themes"]))


def default_items(catalog, plan, year):
    """[(month, activity)] of a plan before the reader chooses: each activity
    once. One held on a day goes to that day's month; the others, fewest
    choices first, each to whichever of its months has the fewest activities
    so far (earliest on a tie), so a plan does not crowd everything into
    January and March, the first months most activities may be held in."""
    level = plan.meta["level"]
    chosen = [e for e in catalog.of_kind("activity") if _fits_level(e, level) and _on_topic(e, plan)]
    placed = [(month_of(e, catalog.days, year), e) for e in chosen if e.meta.get("day")]
    load = {month: 0 for month in range(1, 13)}
    for month, _ in placed:
        load[month] += 1
    for e in sorted((e for e in chosen if not e.meta.get("day")), key=lambda e: (len(e.meta["months"]), e.src_path)):
        month = min(e.meta["months"], key=lambda m: (load[m], m))
        load[month] += 1
        placed.append((month, e))
    return placed


def _table(name, columns, rows):
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    widths = " ".join(map(str, WIDTHS[name]))
    return f'<table data-tpl-table="{name}" data-widths="{widths}">\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>'


def section_markdown(catalog, plan_path, year):
    """The plan's last section: both tables, under headings the numbering labels."""
    plan = catalog.by_path[plan_path]
    items = default_items(catalog, plan, int(year))
    level = plan.meta["level"]
    if not items:
        raise TemplateInputError(plan_path, "schedule", f"activities for its default schedule ({SCHEDULES[plan.meta['schedule']]})", "none")
    return "\n\n".join([
        "## 活动安排和责任分工",
        "全年主要活动按月安排如下，各责任人按表落实，活动结束后及时整理台账。",
        "### 月度活动安排表",
        _table("schedule", SCHEDULE_COLUMNS, schedule_rows(items, level)),
        "### 责任分工表",
        _table("duties", DUTIES_COLUMNS, duties_rows(items, level)),
    ]) + "\n"


def write_data(config, catalog):
    """assets/data/activities.js: what the browser needs of every activity."""
    activities = []
    for e in catalog.of_kind("activity"):
        activities.append({
            "id": activity_id(e), "title": e.title, "url": e.built_file(config).url,
            "months": e.meta["months"], "organisers": e.meta["organisers"],
            "partners": e.meta.get("partners", []), "annual": bool(e.meta.get("annual")),
            **({"dayMonths": day_months_code(catalog.days, e.meta["day"])} if e.meta.get("day") else {}),
        })
    path = Path(config["site_dir"]) / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(activities, ensure_ascii=False, separators=(",", ":"))
    path.write_text(f"window.tplActivities={data};\n", encoding="utf-8")
