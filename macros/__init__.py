"""mkdocs-macros entry point: variables and macros that pages use.

Modules, one job each (subpackages where a feature spans several):
  variables   the variable system (defaults, overrides, escaping)
  schema      front-matter rules;  catalog  all pages' validated front matter
  frontmatter reads front matter, naming a YAML mistake (MkDocs drops the block)
  listings    generated tables and calendars;  numbering  公文 heading numbers
  navigation  the nav, generated from front matter
  quality, check   the content gates, and `make check` that runs them on an edition
  official    issuer and 成文日期 of plans and documents
  kinds       the kinds of page (plan, document, …), each declared once
  plan/       days of each year, the 月度活动安排表 / 责任分工表 and the 台账目录 第四卷 (schedule)
  editions/   district editions, their replacement pages (upstream), the offline zip
  search/     the site's search index: tokens, page units, the sharded index
  word/       Word and plain-text downloads (see word/__init__.py)
  build       one build's state (edition, offline mode, catalog), made by hooks
  hooks       the MkDocs adapter: one plugin object whose events call the above
"""

from . import kinds, listings
from .build import KEY as BUILD_KEY
from .errors import TemplateInputError
from .frontmatter import read as read_front_matter
from .numbering import number_headings
from .plan import schedule
from .variables import as_values, fill_html

NUMBERED_KINDS = set(kinds.names(numbered=True))


def _page_path(env):
    return env.page.file.src_uri


def _build(env):
    """The build in progress (build.Build), put in the config by macros/hooks.py."""
    if BUILD_KEY not in env.conf:
        raise RuntimeError("the build is made by macros/hooks.py (on_config); is it listed under hooks: in mkdocs.yml?")
    return env.conf[BUILD_KEY]


def _current_catalog(env):
    return _build(env).require_catalog()


def define_env(env):
    edition = _build(env).edition
    definitions = edition.definitions
    for name, value in as_values(definitions).items():
        if name in env.variables:
            raise TemplateInputError("data/variables.yml", name, "a name not already used by mkdocs-macros", "taken")
        env.variables[name] = value

    @env.macro
    def fill(prompt):
        """A fill-in prompt for facts only the writer knows (numbers, names, dates)."""
        return fill_html(prompt)

    compiled_sections = {}  # a section is inserted by several plans: read and compile it once a build

    @env.macro
    def section(name, title=None):
        """Insert a section page's body under a level-2 heading (its section type by default)."""
        src = f"sections/{name}.md"
        if ".." in name.split("/") or name.startswith("/"):  # only pages of docs/sections/
            raise TemplateInputError(
                _page_path(env), f"section('{name}')", "the name of a page in docs/sections/ (no ../ and no leading /)", name
            )
        source = edition.find_doc(src)
        if source is None:
            raise TemplateInputError(_page_path(env), f"section('{name}')", f"an existing file docs/{src}", "missing")
        if source not in compiled_sections:
            body, meta = read_front_matter(source.read_text(encoding="utf-8"), src)
            compiled_sections[source] = (meta, env.env.from_string(body) if meta.get("kind") == "section" else None)
        meta, template = compiled_sections[source]
        if meta.get("kind") != "section":
            raise TemplateInputError(src, "kind", "section (only section pages can be inserted)", meta.get("kind"))
        rendered = template.render(**env.variables)
        return f"## {title or meta['section_type']}\n\n{rendered.strip()}\n"

    @env.macro
    def ledger_checklist():
        """The 台账 checklist of the current activity, from its `records` front matter."""
        return listings.records_checklist(env.page.meta["records"])

    @env.macro
    def ledger_table():
        """The 台账目录's 第四卷 主题活动: the chosen activities and their 台账 (plan/schedule.py)."""
        return schedule.ledger_table(_current_catalog(env), _page_path(env), env.variables["year"].text)

    @env.macro
    def activities_by_theme():
        return listings.by_theme(_current_catalog(env), _page_path(env))

    @env.macro
    def activity_calendar():
        return listings.calendar(_current_catalog(env), _page_path(env), env.variables["year"].text)

    @env.macro
    def all_activities():
        return listings.activity_table(_current_catalog(env).of_kind("activity"), _page_path(env))

    @env.macro
    def plans_by_type():
        return listings.by_type(_current_catalog(env), "plan", _page_path(env))

    @env.macro
    def plans_with_schedule():
        return listings.plans_with_schedule(_current_catalog(env), _page_path(env))

    @env.macro
    def plan_chooser():
        return listings.plan_chooser(_current_catalog(env), _page_path(env))

    @env.macro
    def documents_by_type():
        return listings.by_type(_current_catalog(env), "document", _page_path(env))

    @env.macro
    def sections_by_type():
        return listings.by_type(_current_catalog(env), "section", _page_path(env))

    @env.macro
    def pages_by_type(kind):
        """The pages of a kind (kinds.py) under their types, e.g. a new kind's index page."""
        return listings.by_type(_current_catalog(env), kind, _page_path(env))

    @env.macro
    def change_log():
        return listings.change_log(_current_catalog(env), _page_path(env))

    @env.macro
    def count(kind):
        return len(_current_catalog(env).of_kind(kind))

    @env.macro
    def site_name():
        """The edition's name (macros/hooks.py sets it after mkdocs-macros copied `config`)."""
        return env.conf["site_name"]

    @env.macro
    def edition_notice():
        """A district edition's 本区通知 (its docs/guide/notice.md), boxed on its home page."""
        entry = _current_catalog(env).by_path.get(listings.NOTICE)
        if entry is None:
            return ""
        description = entry.meta.get("description", "")
        return f'!!! note "本区通知"\n\n    {listings.link(entry, _page_path(env))}{"：" + description if description else ""}\n'

    _check_no_shadowing(env)


def _check_no_shadowing(env):
    """mkdocs-macros merges front matter into the template variables, so a
    front-matter key named like a variable or macro would silently hide it."""
    keys = {key for kind in kinds.KINDS.values() for key in kind.fields}
    clashes = keys & (set(env.variables) | set(env.macros))
    if clashes:
        raise TemplateInputError(
            "macros/kinds.py", ", ".join(sorted(clashes)), "front-matter keys distinct from variable and macro names", "clash"
        )


def on_post_page_macros(env):
    meta = env.page.meta
    if meta.get("schedule"):
        env.markdown = (
            env.markdown.rstrip()
            + "\n\n"
            + schedule.section_markdown(_current_catalog(env), _page_path(env), env.variables["year"].text)
        )
    if meta.get("kind") in NUMBERED_KINDS:
        env.markdown = number_headings(env.markdown, _page_path(env))
