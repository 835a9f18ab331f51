"""Listings generated from the catalog: by theme, by month, by type.

They return Markdown with links relative to the page being rendered, so
MkDocs checks every link (a broken one fails the strict build).
"""

import posixpath
from html import escape
from itertools import groupby

from . import kinds
from .plan.days import label, month_in
from .plan.schedule import choice_mark

MONTH_NAMES = {m: f"{m}月" for m in range(1, 13)}
# An edition's 本区通知 (macros/editions/district.py writes it), shown on its home page.
NOTICE = "guide/notice.md"


def link(entry, from_path):
    target = posixpath.relpath(entry.src_path, posixpath.dirname(from_path) or ".")
    return f"[{entry.title}]({target})"


def _cell(text):
    return text.replace("|", "&#124;").replace("\n", " ")


def activity_table(entries, from_path):
    rows = ["| 活动 | 主题 | 月份 | 简介 |", "| --- | --- | --- | --- |"]
    for e in entries:
        months = "、".join(MONTH_NAMES[m] for m in e.meta["months"])
        rows.append(f"| {link(e, from_path)} | {'、'.join(e.meta['themes'])} | {months} | {_cell(e.meta['summary'])} |")
    return "\n".join(rows)


def by_theme(catalog, from_path):
    activities = catalog.of_kind("activity")
    parts = []
    for theme, description in catalog.taxonomy["themes"].items():
        matching = [e for e in activities if theme in e.meta["themes"]]
        if not matching:
            continue
        parts.append(f"## {theme}\n\n{description}。共 {len(matching)} 项。\n\n" + activity_table(matching, from_path))
    return "\n\n".join(parts)


def calendar(catalog, from_path, year):
    """Each month's activities: one held on a day only in that day's month of
    `year` (with its date), the others in every month they may be held in;
    a choice made here takes the month it stands in."""
    year = int(year)
    activities = catalog.of_kind("activity")
    # A row of month links first: on a phone the list is dozens of screens long.
    jump = " ".join(f'<a href="#month-{month}">{name}</a>' for month, name in MONTH_NAMES.items())
    parts = [f'<nav class="tpl-month-jump" aria-label="跳到月份">{jump}</nav>']
    for month, name in MONTH_NAMES.items():
        matching = [e for e in activities if _in_month(e, catalog.days, month, year)]
        items = (
            "\n".join(
                f"- {link(e, from_path)}{_day_label(e, catalog.days, year)}（{'、'.join(e.meta['themes'])}）：{e.meta['summary']} "
                f"{choice_mark(e, catalog.days, year, month=month)}"
                for e in matching
            )
            or "- 本月没有固定活动，可安排常态化志愿服务。"
        )
        parts.append(f"## {name} {{ #month-{month} }}\n\n{items}")
    return "\n\n".join(parts)


def _in_month(entry, days, month, year):
    day = entry.meta.get("day")
    return month_in(days, day, year) == month if day else month in entry.meta["months"]


def _day_label(entry, days, year):
    day = entry.meta.get("day")
    return f"　{label(days, day, year)}" if day else ""


def by_type(catalog, kind_name, from_path):
    """The pages of a kind under one heading per type of the taxonomy (with
    its description, where the taxonomy gives one), in taxonomy order."""
    kind = kinds.of(kind_name)
    types = catalog.taxonomy[kind.types]
    entries = catalog.of_kind(kind_name)
    detail = (lambda e: f"：{e.meta[kind.listing_detail]}") if kind.listing_detail else (lambda e: "")
    parts = []
    for type_name in types:
        matching = [e for e in entries if e.meta[kind.type_key] == type_name]
        if not matching:
            continue
        items = "\n".join(f"- {link(e, from_path)}{_level_after(e)}{detail(e)}" for e in matching)
        description = f"{types[type_name]}。\n\n" if isinstance(types, dict) else ""
        parts.append(f"## {type_name}\n\n{description}{items}")
    return "\n\n".join(parts)


def _level_after(entry):
    """「（街道）」 after a link, unless the title already ends with it (工作目标（街道）)."""
    level = f"（{entry.meta['level']}）"
    return "" if entry.title.endswith(level) else level


def plans_with_schedule(catalog, from_path):
    """The plans whose tables 我的年度计划 fills (front matter `schedule`)."""
    plans = [e for e in catalog.of_kind("plan") if e.meta.get("schedule")]
    return "\n".join(f"- {link(e, from_path)}（{e.meta['level']}）" for e in plans)


def plan_chooser(catalog, from_path):
    """The home page table: what you have to write -> the template(s) for it."""
    rows = ["| 要写的材料 | 模板 | 什么时候用 |", "| --- | --- | --- |"]
    for kind in (kinds.of(name) for name in kinds.names(chooser=True)):
        entries = catalog.of_kind(kind.name)
        for type_name in catalog.taxonomy[kind.types]:
            for e in (e for e in entries if e.meta[kind.type_key] == type_name):
                rows.append(f"| {type_name}（{e.meta['level']}） | {link(e, from_path)} | {_cell(e.meta['usage'])} |")
    return "\n".join(rows)


def records_checklist(records):
    """The 台账 checklist of an activity, from its `records` front matter: the
    markup of a Markdown task list (Material's look), with each item's text
    inside the box's label, so the box has a name (WCAG, axe-core)."""
    items = "".join(
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled>'
        f'<span class="task-list-indicator"></span> {escape(record)}</label></li>\n'
        for record in records
    )
    return f'<ul class="task-list">\n{items}</ul>'


def change_log(catalog, from_path):
    """The 更新记录 page: pages with a `changes` line, by `updated` date, newest first."""
    changed = sorted((e for e in catalog.entries if e.meta.get("changes")), key=lambda e: e.title)
    changed.sort(key=lambda e: e.meta["updated"], reverse=True)  # stable: titles stay in order within a date
    parts = []
    for updated, entries in groupby(changed, key=lambda e: e.meta["updated"]):
        items = "\n".join(f"- {link(e, from_path)}：{e.meta['changes']}" for e in entries)
        parts.append(f"## {updated.year}年{updated.month}月{updated.day}日\n\n{items}")
    return "\n\n".join(parts) or "目前还没有更新记录。"
