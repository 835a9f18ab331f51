"""The kinds of page, each declared once: what its front matter holds, how it
is typed, labelled, numbered, signed, downloaded, checked, listed and placed
in the nav. Schema, catalog, navigation, listings, the search index, the Word
export, `make check`, the templates (overrides/main.html) and the browser's
data all read these entries, so adding a kind is one entry here plus its pages.

Front-matter fields are (required, checker spec) pairs, resolved by schema.py:
  text, line, text_list, date, flag, months, hide, schedule  plain checkers
  day                               a day of data/days.yml (its months follow from it)
  issuer, dated                     need the edition's variable names
  taxonomy:<key>                    one of the names in taxonomy.yml <key>
  taxonomy-list:<key>               a non-empty list of such names
  one_of:<a>,<b>                    one of these values
No MkDocs import here: this is the domain, read by any build tool.
"""

from dataclasses import dataclass

# Field groups shared by several kinds (their order is the order errors list keys in).
COMMON = {
    "title": (True, "text"),
    "kind": (True, "kind"),
    "description": (False, "text"),
    "synonyms": (False, "text_list"),
    "hide": (False, "hide"),
}
# What a district needs to see what changed upstream (guide/district-edition).
TRACKED = {
    "updated": (True, "date"),
    "changes": (False, "line"),
    "based_on": (False, "date"),  # an edition's replacement page: the upstream `updated` it follows
}
# Documents a reader downloads as a 公文: who issues them and how they are dated.
OFFICIAL = {
    "level": (True, "taxonomy:levels"),
    "usage": (True, "text"),
    "author_role": (True, "text"),
    "change_notes": (True, "text_list"),
    "issuer": (True, "issuer"),
    "dated": (True, "dated"),
}

# What a page offers for download (word/files.py): a 公文 and its plain text,
# or an activity's 活动方案, 信息稿 and 台账 forms.
DOWNLOADS_OFFICIAL, DOWNLOADS_ACTIVITY = "official", "activity"


@dataclass(frozen=True)
class Kind:
    name: str
    fields: dict  # {key: (required, checker spec)}, in the order errors list them
    label: str = ""  # search results: 活动范例, 计划模板 …
    type_key: str | None = None  # the front-matter key naming its type (plan_type …)
    types: str | None = None  # the taxonomy.yml key listing those types (plan_types …)
    many_types: bool = False  # type_key holds a list (an activity's themes): grouped by the first
    nav_order: str | None = None  # within its nav group: "level" (taxonomy order) or "month" (its first)
    numbered: bool = False  # 公文 heading numbers 一、（一）1. (numbering.py)
    official: bool = False  # ends with the issuers and the 成文日期 (official.py)
    document_text: bool = False  # text a reader copies and downloads (tpl-doc; content gates)
    downloads: str | None = None  # DOWNLOADS_OFFICIAL, DOWNLOADS_ACTIVITY or None
    required_headings: tuple = ()  # level-2 headings the page must have (checked by check.py)
    intro: str | None = None  # the theme partial above the page (overrides/main.html)
    chooser: bool = False  # on the home page's 要写的材料 table (listings.plan_chooser)
    listing_detail: str | None = None  # front-matter key shown after a listed page's level


ACTIVITY_HEADINGS = ("活动目的", "时间地点", "活动流程", "分工", "安全保障", "信息稿", "台账清单")

KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "plan",
            {
                **COMMON,
                **TRACKED,
                **OFFICIAL,
                "plan_type": (True, "taxonomy:plan_types"),
                "themes": (False, "taxonomy-list:themes"),
                "schedule": (False, "schedule"),
            },  # carries the 月度活动安排表 and 责任分工表 (schema.SCHEDULES)
            label="计划模板",
            type_key="plan_type",
            types="plan_types",
            nav_order="level",
            numbered=True,
            official=True,
            document_text=True,
            downloads=DOWNLOADS_OFFICIAL,
            intro="partials/plan-intro.html",
            chooser=True,
            listing_detail="usage",
        ),
        Kind(
            "document",
            {**COMMON, **TRACKED, **OFFICIAL, "doc_type": (True, "taxonomy:document_types")},
            label="公文范例",
            type_key="doc_type",
            types="document_types",
            nav_order="level",
            numbered=True,
            official=True,
            document_text=True,
            downloads=DOWNLOADS_OFFICIAL,
            intro="partials/plan-intro.html",
            chooser=True,
            listing_detail="usage",
        ),
        Kind(
            "section",
            {**COMMON, **TRACKED, "section_type": (True, "taxonomy:section_types"), "level": (True, "taxonomy:levels")},
            label="通用章节",
            type_key="section_type",
            types="section_types",
            nav_order="level",
            numbered=True,
            document_text=True,
        ),
        Kind(
            "activity",
            {
                **COMMON,
                **TRACKED,
                "summary": (True, "text"),
                "themes": (True, "taxonomy-list:themes"),
                # months: when it may be held; an activity held on a day (day: 端午节,
                # data/days.yml) has the months that day falls in instead (schema.validate).
                "months": (False, "months"),
                "day": (False, "day"),
                "audience": (True, "text_list"),
                "organisers": (True, "text_list"),
                "partners": (False, "text_list"),
                "records": (True, "text_list"),
                "forms": (False, "taxonomy-list:ledger_forms"),
                "annual": (False, "flag"),  # in the default yearly schedule of the plans
                # who holds it: its 活动方案 is titled and signed by the community (default), village or unit
                "level": (False, "one_of:社区,村,单位"),
            },
            label="活动范例",
            type_key="themes",
            types="themes",
            many_types=True,
            nav_order="month",
            document_text=True,
            downloads=DOWNLOADS_ACTIVITY,
            required_headings=ACTIVITY_HEADINGS,
            intro="partials/activity-intro.html",
        ),
        # listing: a page that lists others (indexes, calendar); search ranks it
        # by its own title only, never above the pages it lists.
        Kind("page", {**COMMON, "listing": (False, "flag")}),
    )
}


def of(name):
    """The Kind of a kind name (front matter `kind`, already validated)."""
    return KINDS[name]


def names(**flags):
    """Kind names with all the given attributes, in declaration order: names(official=True)."""
    return [k.name for k in KINDS.values() if all(getattr(k, flag) == value for flag, value in flags.items())]


def type_of(meta):
    """The single type of a page (plan_type …) for labels; None for kinds without one."""
    kind = KINDS[meta["kind"]]
    if kind.type_key is None or kind.many_types:
        return None
    return meta.get(kind.type_key)


def group_of(meta, taxonomy):
    """(rank in taxonomy order, name) of the type a page is grouped under; None without one."""
    kind = KINDS[meta["kind"]]
    if kind.type_key is None:
        return None
    value = meta[kind.type_key][0] if kind.many_types else meta[kind.type_key]
    return list(taxonomy[kind.types]).index(value), value


def order_within(meta, taxonomy):
    kind = KINDS[meta["kind"]]
    if kind.nav_order == "level":
        return (taxonomy["levels"].index(meta["level"]),)
    if kind.nav_order == "month":
        return (meta["months"][0],)
    return ()
