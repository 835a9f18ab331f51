"""Which downloads a page offers: one list, read by the page (the download
links, overrides/partials/downloads.html) and by the export (export.py), so
a link and its file can never disagree.

Files sit next to the page's index.html, named after the page's file:
  plans and documents  <slug>.docx, <slug>.txt (+ .txt.json)
  activities           <slug>-plan.docx (活动方案), <slug>-news.docx and .txt
                       (信息稿), <slug>-form-<k>.docx (台账表格, k = the form's
                       place in taxonomy.yml ledger_forms, from 1)

A reader saves them as 「{社区}{年度}年{标题}.docx」 (save_as), with the
edition's defaults here and the reader's own values in the browser
(download.js replaces the leading holder name and year).
"""

import re
from dataclasses import dataclass

from .. import kinds

DEFAULT_FORM_COUNT = 5  # an activity without `forms` offers the first five


@dataclass(frozen=True)
class Download:
    part: str  # "document", "plan", "news" or "form"
    format: str  # "docx" or "text"
    file: str  # the file's name next to the page
    save_as: str  # the name the reader's browser saves it under
    label: str  # the link text
    form: str = ""  # for part "form": the ledger form's name


# Whose name leads a file's name, by the page's level (front matter).
NAME_HOLDERS = {"村": "village", "街道": "street", "区县": "district", "单位": "unit"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')  # reserved in Windows file names
MAX_NAME = 80


def save_as(meta, title, suffix, values, generic=False):
    """「{社区}{年度}年{标题}{suffix}」, safe on Windows, at most 80 characters.
    generic: a plan's or document's title names its level where the holder's
    name goes (社区年度……计划): the level word gives way to the name."""
    level = meta.get("level", "社区")
    holder = values[NAME_HOLDERS.get(level, "community")].text
    if generic:
        title = title.removeprefix(level)
    prefix = _UNSAFE.sub("", f"{holder}{values['year'].text}年")
    title = _UNSAFE.sub("", title.removeprefix("年"))[: max(1, MAX_NAME - len(prefix) - len(suffix))]  # 2026年度, not 2026年年度
    return prefix + title + suffix


def forms_of(meta, taxonomy):
    names = list(taxonomy["ledger_forms"])
    return meta.get("forms") or names[:DEFAULT_FORM_COUNT]


def has_downloads(entry):
    return kinds.of(entry.kind).downloads is not None


def downloads(entry, taxonomy, page_name, values):
    """The downloads of a catalog entry; page_name is the page's file name (its
    slug); values: the edition's variables (variables.as_values), for the names
    the files are saved under."""
    meta = entry.meta
    offered = kinds.of(entry.kind).downloads
    if offered == kinds.DOWNLOADS_OFFICIAL:
        return [
            Download(
                "document",
                "docx",
                f"{page_name}.docx",
                save_as(meta, meta["title"], ".docx", values, generic=True),
                "下载 Word（公文格式）",
            ),
            Download(
                "document", "text", f"{page_name}.txt", save_as(meta, meta["title"], ".txt", values, generic=True), "下载纯文本"
            ),
        ]
    if offered != kinds.DOWNLOADS_ACTIVITY:
        return []
    names = list(taxonomy["ledger_forms"])
    title = meta["title"]
    found = [
        Download(
            "plan", "docx", f"{page_name}-plan.docx", save_as(meta, f"{title}活动方案", ".docx", values), "活动方案（Word）"
        ),
        Download("news", "docx", f"{page_name}-news.docx", save_as(meta, f"{title}信息稿", ".docx", values), "信息稿（Word）"),
        Download("news", "text", f"{page_name}-news.txt", save_as(meta, f"{title}信息稿", ".txt", values), "信息稿（纯文本）"),
    ]
    for form in forms_of(meta, taxonomy):
        k = names.index(form) + 1
        found.append(
            Download("form", "docx", f"{page_name}-form-{k}.docx", save_as(meta, f"{title}{form}", ".docx", values), form, form)
        )
    return found
