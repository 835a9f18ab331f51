"""The 月度活动安排表 and 责任分工表 of plans whose front matter says
`schedule: common` or `schedule: topic`, and the 第四卷 主题活动 table of the
台账目录 (ledger_table(), {{ ledger_table() }} in a page), built from the
activities' front matter.

The build fills them with the activities of the plan's topic and level
(default_items), each once in the month it happens in the plan's year, so a
plan never shows an empty table; the
reader's own choices (我的年度计划, my-plan.js) replace those rows in the
page, the copied text and the downloads. The tables carry data-tpl-table,
which the Word writer turns into a bookmark the browser finds (word/body.py).
The default rows are made from choice items like those the browser stores
(choice()), by the steps schedule.js takes (schedule_rows, duties_rows,
party_rule), so both sides give the same rows for the same choices
(tests/test_schedule.py compares them in Chromium for each level).

The browser reads the activities from assets/data/activities.js (a script,
so it loads from file:// too), written after the build by write_data().
"""

import json
from html import escape
from pathlib import Path

from ..errors import TemplateInputError
from ..schema import SCHEDULES
from ..variables import escape_text
from ..word.files import forms_of
from .days import YEARS, month_in, table

SCHEDULE_COLUMNS = ("月份", "活动内容", "责任人", "参与单位")
DUTIES_COLUMNS = ("工作任务", "牵头人", "配合单位", "完成时限")
LEDGER_COLUMNS = ("序号", "月份", "活动名称", "台账材料", "页码")
# Column widths in characters of the 公文 line (28), for the Word file: 月份
# and 完成时限 hold 「12月」「12月底」 and their header on one line (4号 黑体),
# 责任人 a five-character name, 活动内容 and 工作任务 names of 12 characters.
# In the 台账目录, 序号 and 页码 get 2 (the Word writer widens a column to hold
# its header, word/tables.py) so that 台账材料 holds 13 characters a line: an
# activity's usual seven materials in 3 lines, not 4 (LibreOffice: 5 pages to 4).
WIDTHS = {"schedule": (3, 12, 5, 8), "duties": (11, 5, 8, 4), "ledger": (2, 3, 8, 13, 2)}
# An activity's 台账 in the order it is bound: its 活动方案, its forms (as its
# page lists them), its 信息稿 (the files its page offers, word/files.py).
PLAN_PAPER, NEWS_PAPER = "活动方案", "信息稿"
DATA_FILE = "assets/data/activities.js"
NONE = "—"


def activity_id(entry):
    """A stable name of an activity: its path without .md (activities/neighbours-day)."""
    return entry.src_path.removesuffix(".md")


# Activities name a community's bodies; a village's plan names the village's,
# and a street's plan gives each activity to its 文明办 with the communities.
# One rule per level, applied to a row's lead and partners by party_rule()
# here and, from the same rule written into the table (data-tpl-parties), by
# the browser to the reader's chosen activities (schedule.js).
VILLAGE_BODIES = {
    "社区党组织": "村党组织",
    "社区居委会": "村民委员会",
    "社区志愿服务队": "村志愿服务队",
    "社区卫生服务中心": "村卫生室",
    "社区文艺队": "村文艺队",
    "社区文艺团队": "村文艺队",
    "社区法律顾问": "村法律顾问",
    "社区民警": "驻村民警",
    "社区妇联": "村妇联",
    "社区退役军人服务站": "村退役军人服务站",
    "物业服务企业": "村民小组",
}
STREET_LEAD, STREET_PARTNER = "街道文明办", "各社区（村）"
# lead: who leads every activity; first: partners named first; drop: partners
# whose names start so are left out; rename: body -> the level's body.
LEVEL_RULES = {
    "村": {"rename": VILLAGE_BODIES},
    "街道": {"lead": STREET_LEAD, "first": [STREET_PARTNER], "drop": ["社区", "街道", "物业"]},
}


def party_rule(lead, partners, rule):
    """(lead, partners) of a row as a plan whose level has `rule` names them."""
    rename = rule.get("rename", {})
    lead = rule.get("lead") or rename.get(lead, lead)
    kept = [rename.get(p, p) for p in partners if not p.startswith(tuple(rule.get("drop", ())))]
    return lead, list(dict.fromkeys(rule.get("first", []) + kept))


def parties(entry):
    """(lead, partners) of an activity as a community's plan names it: its
    first organiser, and its partners (else its other organisers)."""
    lead, others = entry.meta["organisers"][0], entry.meta.get("partners", [])
    return lead, list(dict.fromkeys(others or entry.meta["organisers"][1:]))


def choice(month, entry):
    """A chosen activity in one month, as the browser stores it (store.js, choose.js)."""
    lead, partners = parties(entry)
    return {"id": activity_id(entry), "title": entry.title, "month": month, "lead": lead, "partners": "、".join(partners)}


def _split(names):
    return [name.strip() for name in names.split("、") if name.strip()]


def _by_month(items):
    """In month order; within a month in the order given (schedule.js byMonth)."""
    return sorted(items, key=lambda item: item["month"])


def _at_level(item, rule):
    lead, partners = party_rule(item["lead"].strip(), _split(item["partners"]), rule)
    return {**item, "lead": lead, "partners": partners}


def schedule_rows(items, rule=None):
    """Choices (choice()) -> rows of the 月度活动安排表."""
    rows = []
    for item in (_at_level(item, rule or {}) for item in _by_month(items)):
        rows.append((f"{item['month']}月", item["title"], item["lead"] or NONE, "、".join(item["partners"]) or NONE))
    return rows


def duties_rows(items, rule=None):
    """One row per activity, in the order of its first month: its lead(s),
    partners and the end of its last month as the deadline."""
    tasks = {}
    for item in (_at_level(item, rule or {}) for item in _by_month(items)):
        task = tasks.setdefault(item["id"], {"title": item["title"], "leads": [], "partners": [], "last": 0})
        task["leads"] += [name for name in [item["lead"]] if name and name not in task["leads"]]
        task["partners"] += [name for name in item["partners"] if name not in task["partners"]]
        task["last"] = max(task["last"], item["month"])
    return [
        (t["title"], "、".join(t["leads"]) or NONE, "、".join(t["partners"]) or NONE, f"{t['last']}月底") for t in tasks.values()
    ]


def materials(meta, taxonomy):
    """The 台账 materials of an activity (front matter `meta`) in binding order."""
    return [PLAN_PAPER, *forms_of(meta, taxonomy), NEWS_PAPER]


def ledger_rows(items, known, default):
    """Choices (choice()) -> rows of the 台账目录's 第四卷: one per chosen
    activity and month, in month order, numbered within the volume, with its
    materials (known: {id: [names]}; default: those of an activity the site no
    longer has) and an empty 页码 for the writer to fill after binding."""
    rows = []
    for number, item in enumerate(_by_month(items), 1):
        names = known.get(item["id"], default)
        rows.append((str(number), f"{item['month']}月", item["title"], "、".join(names), ""))
    return rows


def choice_mark(entry, days, year, large=False, month=None):
    """The empty mark that choose.js turns into a "加入年度计划" button: what a
    choice of this activity needs, so pages never load all activities for it.
    A choice takes one month: `month` (the calendar's month the mark stands in),
    else the day's month in the reader's 年度 (data-tpl-day-months: the month of
    each year from the first of days.YEARS, one hex digit a year; without a
    年度 of the reader's, the site's `year`), else the first month the
    activity may be held in (data-tpl-months lists them all, first the one)."""
    lead, partners = parties(entry)
    attributes = {
        "data-tpl-choose": activity_id(entry),
        "data-tpl-title": entry.title,
        "data-tpl-months": " ".join(map(str, [month] if month else _first_month(entry, days, int(year)))),
        "data-tpl-lead": lead,
        "data-tpl-partners": "、".join(partners),
    }
    if entry.meta.get("day") and not month:
        attributes["data-tpl-day-months"] = day_months_code(days, entry.meta["day"])
    text = " ".join(f'{name}="{escape_text(value)}"' for name, value in attributes.items())
    return f"<span {text}{' data-tpl-choose-large' if large else ''}></span>"


def _first_month(entry, days, year):
    if entry.meta.get("day"):
        return [month_in(days, entry.meta["day"], year)]
    return entry.meta["months"]


def day_months_code(days, day):
    """ "2020:2322…": the day's month in each year from 2020, one hex digit a year."""
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


def _on_topic(activity, plan, how):
    """Which activities a plan lists before the reader chooses (schema.SCHEDULES)."""
    meta = activity.meta
    if how == "common":
        return bool(meta.get("annual")) or meta.get("level") == plan.meta["level"]
    themes = plan.meta.get("themes", [])
    return meta["themes"][0] in themes or bool(meta.get("annual") and set(themes) & set(meta["themes"]))


def default_items(catalog, plan, year, how=None):
    """The choices (choice()) of a plan before the reader chooses (how: its
    `schedule`, or one of schema.SCHEDULES for a page without one): each activity
    once. One held on a day goes to that day's month; the others, fewest
    choices first, each to whichever of its months has the fewest activities
    so far (earliest on a tie), so a plan does not crowd everything into
    January and March, the first months most activities may be held in."""
    level, how = plan.meta["level"], how or plan.meta["schedule"]
    chosen = [e for e in catalog.of_kind("activity") if _fits_level(e, level) and _on_topic(e, plan, how)]
    placed = [(month_of(e, catalog.days, year), e) for e in chosen if e.meta.get("day")]
    load = {month: 0 for month in range(1, 13)}
    for month, _ in placed:
        load[month] += 1
    for e in sorted((e for e in chosen if not e.meta.get("day")), key=lambda e: (len(e.meta["months"]), e.src_path)):
        month = min(e.meta["months"], key=lambda m: (load[m], m))
        load[month] += 1
        placed.append((month, e))
    return [choice(month, e) for month, e in sorted(placed, key=lambda item: (item[0], item[1].title))]


def _table(name, columns, rows, rule, extra=""):
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    widths = " ".join(map(str, WIDTHS[name]))
    # The level's rule, for the rows schedule.js makes from the reader's choices;
    # rename as [name, new name] pairs: no "}}" in the page (template syntax, test_build.py).
    data = {**rule, "rename": list(rule["rename"].items())} if rule and "rename" in rule else rule
    parties = f' data-tpl-parties="{escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")))}"' if rule else ""
    return f'<table data-tpl-table="{name}" data-widths="{widths}"{parties}{extra}>\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>'


def section_markdown(catalog, plan_path, year):
    """The plan's last section: both tables, under headings the numbering labels."""
    plan = catalog.by_path[plan_path]
    items = default_items(catalog, plan, int(year))
    rule = LEVEL_RULES.get(plan.meta["level"])
    if not items:
        raise TemplateInputError(
            plan_path, "schedule", f"activities for its default schedule ({SCHEDULES[plan.meta['schedule']]})", "none"
        )
    return (
        "\n\n".join(
            [
                "## 活动安排和责任分工",
                "全年主要活动按月安排如下，各责任人按表落实，活动结束后及时整理台账。",
                "### 月度活动安排表",
                _table("schedule", SCHEDULE_COLUMNS, schedule_rows(items, rule), rule),
                "### 责任分工表",
                _table("duties", DUTIES_COLUMNS, duties_rows(items, rule), rule),
            ]
        )
        + "\n"
    )


LEDGER_DEFAULT = "common"  # the 台账目录 lists the annual plan's common set until the reader chooses


def ledger_table(catalog, page_path, year):
    """The 第四卷 主题活动 table of a 台账目录 page (its level's common set, as in
    the annual plan, until the reader chooses). schedule.js fills it from the
    reader's choices with the materials in assets/data/activities.js (`ledger`);
    data-tpl-ledger: the materials of an activity the site no longer has."""
    page = catalog.by_path[page_path]
    items = default_items(catalog, page, int(year), how=LEDGER_DEFAULT)
    if not items:
        raise TemplateInputError(page_path, "ledger_table()", f"activities for it ({SCHEDULES[LEDGER_DEFAULT]})", "none")
    known = {activity_id(e): materials(e.meta, catalog.taxonomy) for e in catalog.of_kind("activity")}
    default = materials({}, catalog.taxonomy)
    extra = f' data-tpl-ledger="{escape(json.dumps(default, ensure_ascii=False, separators=(",", ":")))}"'
    return "\n" + _table("ledger", LEDGER_COLUMNS, ledger_rows(items, known, default), None, extra) + "\n"


def write_data(config, catalog):
    """assets/data/activities.js: what the browser needs of every activity."""
    activities = []
    for e in catalog.of_kind("activity"):
        activities.append(
            {
                "id": activity_id(e),
                "title": e.title,
                "url": e.url,
                "months": e.meta["months"],
                "organisers": e.meta["organisers"],
                "partners": e.meta.get("partners", []),
                "annual": bool(e.meta.get("annual")),
                "ledger": materials(e.meta, catalog.taxonomy),
                **({"dayMonths": day_months_code(catalog.days, e.meta["day"])} if e.meta.get("day") else {}),
            }
        )
    path = Path(config["site_dir"]) / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(activities, ensure_ascii=False, separators=(",", ":"))
    path.write_text(f"window.tplActivities={data};\n", encoding="utf-8")
