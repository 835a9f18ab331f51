"""MkDocs hooks (listed under hooks: in mkdocs.yml): the build steps that are
not macros. Loaded by file path, so it imports the macros package by name.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markupsafe import Markup  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import normalize_url  # noqa: E402

from macros import catalog, editions, jinja_cache, navigation, offline, official, quality, schedule, upstream  # noqa: E402
from macros.background import Background, PageWork  # noqa: E402
from macros.frontmatter import split as split_front_matter  # noqa: E402
from macros.official import OFFICIAL_KINDS  # noqa: E402
from macros.word import files as word_files  # noqa: E402
from macros.paths import DATA  # noqa: E402
from macros.variables import as_values  # noqa: E402



_nav_skeleton = None


def on_config(config):
    global _nav_skeleton
    editions.reload()
    edition = editions.current()  # fail before anything else if the edition is broken
    _nav_skeleton = config["nav"]
    if edition.site_name:
        config["site_name"] = edition.site_name
    # The 我的信息 form (overrides/partials/values-panel.html) lists these.
    config.extra["tpl_variables"] = [{"name": name, **entry} for name, entry in edition.definitions.items()]
    # Each page's compiled Markdown kept across builds (mkdocs-macros' plugin,
    # listed before these hooks, has made its environment by now).
    jinja_cache.cache_strings(config.plugins["macros"].env)
    if offline.enabled():  # make offline: pages that open from a folder (macros/offline.py)
        offline.configure(config)
    return config


def on_files(files, config):
    edition = editions.current()
    _add_local_pages(files, config, edition)
    catalog.current = catalog.build_catalog(files, list(edition.definitions))
    upstream.check_all(edition)  # after the schema: based_on is a date by then
    config["nav"] = navigation.expand(_nav_skeleton, catalog.current)
    _start_background(config)
    return files


_background = None


def _start_background(config):
    """Index and export each page as soon as it is built (macros/background.py)."""
    global _background
    if _background is not None:  # `mkdocs serve` builds again
        _background.abandon()
    _background = Background(PageWork(config, catalog.current))


def on_post_page(output, page, config):
    if page.file.src_uri in catalog.current.by_path:
        _background.send(page.file.src_uri, output)
    return output


def on_build_error(error):
    if _background is not None:
        _background.abandon()


def _add_local_pages(files, config, edition):
    """An edition's own pages: added, or replacing the upstream page at the same path."""
    for src in edition.local_pages():
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        files.append(File(src, str(edition.local_docs), config["site_dir"], config["use_directory_urls"]))


def on_serve(server, config, builder):
    """`make serve` also rebuilds when data files or the edition's folder change."""
    server.watch(str(DATA))
    edition = editions.current()
    if edition.slug:
        server.watch(str(editions.folder_of(edition.slug)))
    return server


_env, _panels, _my_plan = None, {}, None


def on_nav(nav, config, files):
    """Find 我的年度计划 once a build: the 我的信息 panel of every page links to it."""
    global _my_plan
    _my_plan = next((p for p in nav.pages if p.file.src_uri == "my-plan.md"), None)
    return nav


def on_env(env, config, files):
    global _env
    _env = env
    _panels.clear()
    return jinja_cache.cache_theme(env)  # compiled theme templates kept across builds


def _values_panel(context, page):
    """The 我的信息 panel (partials/values-panel.html, on every page): rendered
    once a build for each address of 我的年度计划 seen from a page, the only
    thing in it that differs between pages."""
    key = _my_plan and normalize_url(_my_plan.url, page, context["base_url"])
    if key not in _panels:
        _panels[key] = Markup(_env.get_template("partials/values-panel.html").render(context))
    return _panels[key]


def on_page_context(context, page, config, nav):
    """The page's downloads (overrides/partials/downloads.html) and, on an
    activity, its "加入年度计划" mark (partials/activity-intro.html)."""
    entry = catalog.current.by_path.get(page.file.src_uri)
    context["tpl_downloads"] = word_files.downloads(entry, catalog.current.taxonomy, page.file.name) if entry else []
    context["tpl_choice_mark"] = schedule.choice_mark(entry, large=True) if entry and entry.kind == "activity" else ""
    context["tpl_values_panel"] = _values_panel(context, page)
    return context


def on_template_context(context, template_name, config):
    """Pages without a Markdown source (404.html) have the panel too."""
    if template_name.endswith(".html"):
        context["tpl_values_panel"] = _values_panel(context, None)
    return context


def on_page_markdown(markdown, page, config, files):
    """Nothing in a page runs as code: its source (front matter included) and,
    as hooks run after mkdocs-macros, the Markdown its macros made (macros/quality.py)."""
    source = page.file.content_string
    shown = catalog.current.by_path[page.file.src_uri].source  # docs/… or districts/<slug>/docs/…
    quality.refuse_unsafe_markup(shown, source, markdown, split_front_matter(source)[2])
    return markdown


def on_page_content(html, page, config, files):
    """Wrap the document part of a page so copy, print and download find it."""
    kind = page.meta.get("kind")
    if kind not in catalog.DOCUMENT_KINDS:
        return html
    signature = official.signature_html(page.meta, as_values(editions.current().definitions)) if kind in OFFICIAL_KINDS else ""
    return f'<div class="tpl-doc" id="tpl-doc" data-kind="{kind}">{html}{signature}</div>'


def on_post_build(config):
    """Steps that need the finished site; the search index and the downloads
    are finished by the background worker."""
    schedule.write_data(config, catalog.current)
    _background.finish()
