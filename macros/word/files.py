"""Which downloads a page offers: one list, read by the page (the download
links, overrides/partials/downloads.html) and by the export (export.py), so
a link and its file can never disagree.

Files sit next to the page's index.html, named after the page's file:
  plans and documents  <slug>.docx, <slug>.md (+ .md.json)
  activities           <slug>-plan.docx (活动方案), <slug>-news.docx and .md
                       (信息稿), <slug>-form-<k>.docx (台账表格, k = the form's
                       place in taxonomy.yml ledger_forms, from 1)
"""

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


def forms_of(meta, taxonomy):
    names = list(taxonomy["ledger_forms"])
    return meta.get("forms") or names[:DEFAULT_FORM_COUNT]


def has_downloads(entry):
    return kinds.of(entry.kind).downloads is not None


def downloads(entry, taxonomy, page_name):
    """The downloads of a catalog entry; page_name is the page's file name (its slug)."""
    meta = entry.meta
    offered = kinds.of(entry.kind).downloads
    if offered == kinds.DOWNLOADS_OFFICIAL:
        return [
            Download("document", "docx", f"{page_name}.docx", f"{meta['title']}.docx", "下载 Word（公文格式）"),
            Download("document", "text", f"{page_name}.md", f"{meta['title']}.md", "下载纯文本"),
        ]
    if offered != kinds.DOWNLOADS_ACTIVITY:
        return []
    names = list(taxonomy["ledger_forms"])
    title = meta["title"]
    found = [
        Download("plan", "docx", f"{page_name}-plan.docx", f"{title}活动方案.docx", "活动方案（Word）"),
        Download("news", "docx", f"{page_name}-news.docx", f"{title}信息稿.docx", "信息稿（Word）"),
        Download("news", "text", f"{page_name}-news.md", f"{title}信息稿.md", "信息稿（纯文本）"),
    ]
    for form in forms_of(meta, taxonomy):
        k = names.index(form) + 1
        found.append(Download("form", "docx", f"{page_name}-form-{k}.docx", f"{title}{form}.docx", form, form))
    return found
