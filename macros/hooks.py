"""The MkDocs adapter (listed under hooks: in mkdocs.yml): one plugin object
whose events run the build steps that are not macros, on one build.Build that
holds the build's state (edition, offline mode, catalog …) and that the
macros get through the config (macros/__init__.py). Loaded by file path, so it
imports the macros package by name.
"""

import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import normalize_url  # noqa: E402

from macros import catalog, jinja_cache, kinds, navigation, official, quality, sitemap  # noqa: E402
from macros.background import Background, PageWork  # noqa: E402
from macros.build import KEY, Build  # noqa: E402
from macros.editions import district, offline, upstream  # noqa: E402
from macros.errors import BuildError  # noqa: E402
from macros.frontmatter import split as split_front_matter  # noqa: E402
from macros.paths import DATA  # noqa: E402
from macros.plan import schedule  # noqa: E402
from macros.search.index import MAINTAINERS  # noqa: E402
from macros.word import files as word_files  # noqa: E402


class TemplatesPlugin:
    """The site's build steps as MkDocs events; self.build is the build in progress."""

    def __init__(self):
        self.build = None

    # Before mkdocs-macros' on_config (priority 0), which calls define_env:
    # the macros read the edition from the Build found in the config.
    @event_priority(100)
    def on_config(self, config):
        if self.build is not None and self.build.background is not None:  # `mkdocs serve` builds again
            self.build.background.abandon()
        build = self.build = Build.from_environment()  # fails before anything else if the edition is broken
        config[KEY] = build
        build.nav_skeleton = config["nav"]
        if build.edition.site_name:
            config["site_name"] = build.edition.site_name
        # The 我的信息 form (overrides/partials/values-panel.html) lists these.
        config.extra["tpl_variables"] = [{"name": name, **entry} for name, entry in build.edition.definitions.items()]
        if build.offline:  # make offline: pages that open from a folder (macros/editions/offline.py)
            offline.configure(config)
        return config

    def on_pre_build(self, config):
        # Each page's compiled Markdown kept across builds (mkdocs-macros has
        # made its environment in its on_config).
        jinja_cache.cache_strings(config.plugins["macros"].env)

    def on_files(self, files, config):
        build = self.build
        _add_local_pages(files, config, build.edition)
        build.catalog = catalog.build_catalog(files, list(build.edition.definitions))
        upstream.check_all(build.edition)  # after the schema: based_on is a date by then
        config["nav"] = navigation.expand(build.nav_skeleton, build.catalog)
        # Index and export each page as soon as it is built (macros/background.py).
        build.background = Background(PageWork(config, build))
        return files

    def on_post_page(self, output, page, config):
        if page.file.src_uri in self.build.catalog.by_path:
            self.build.background.send(page.file.src_uri, output)
        return output

    def on_build_error(self, error):
        if self.build is not None and self.build.background is not None:
            self.build.background.abandon()

    def on_serve(self, server, config, builder):
        """`make serve` also rebuilds when data files or the edition's folder change."""
        server.watch(str(DATA))
        edition = self.build.edition
        if edition.slug:
            server.watch(str(district.folder_of(edition.slug)))
        return server

    def on_nav(self, nav, config, files):
        """Find 我的年度计划 once a build: the 我的信息 panel of every page links to it."""
        self.build.my_plan = next((p for p in nav.pages if p.file.src_uri == "my-plan.md"), None)
        return nav

    def on_env(self, env, config, files):
        self.build.theme_env = env
        self.build.panels.clear()
        return jinja_cache.cache_theme(env)  # compiled theme templates kept across builds

    def _values_panel(self, context, page):
        """The 我的信息 panel (partials/values-panel.html, on every page): rendered
        once a build for each address of 我的年度计划 seen from a page, the only
        thing in it that differs between pages."""
        build = self.build
        key = build.my_plan and normalize_url(build.my_plan.url, page, context["base_url"])
        if key not in build.panels:
            build.panels[key] = Markup(build.theme_env.get_template("partials/values-panel.html").render(context))
        return build.panels[key]

    def on_page_context(self, context, page, config, nav):
        """The page's downloads (overrides/partials/downloads.html), the intro box
        of its kind (overrides/main.html) and, on an activity, its "加入年度计划"
        mark (partials/activity-intro.html)."""
        entry = self.build.catalog.by_path.get(page.file.src_uri)
        kind = kinds.of(entry.kind) if entry else None
        context["tpl_downloads"] = (
            word_files.downloads(entry, self.build.catalog.taxonomy, page.file.name, self.build.values) if entry else []
        )
        context["tpl_intro"] = kind.intro if kind else None
        context["tpl_choice_mark"] = (
            schedule.choice_mark(entry, self.build.catalog.days, self.build.values["year"].text, large=True)
            if kind and kind.downloads == kinds.DOWNLOADS_ACTIVITY
            else ""
        )
        context["tpl_values_panel"] = self._values_panel(context, page)
        return context

    def on_template_context(self, context, template_name, config):
        """Pages without a Markdown source (404.html) have the panel too."""
        if template_name.endswith(".html"):
            context["tpl_values_panel"] = self._values_panel(context, None)
        return context

    def on_page_markdown(self, markdown, page, config, files):
        """Nothing in a page runs as code: its source (front matter included) and,
        as hooks run after mkdocs-macros, the Markdown its macros made (macros/quality.py)."""
        source = page.file.content_string
        shown = self.build.catalog.by_path[page.file.src_uri].source  # docs/… or districts/<slug>/docs/…
        quality.refuse_unsafe_markup(shown, source, markdown, split_front_matter(source)[2])
        return markdown

    def on_page_content(self, html, page, config, files):
        """Wrap the document part of a page so copy, print and download find it."""
        kind = page.meta.get("kind")
        if kind not in catalog.DOCUMENT_KINDS:
            return html
        signature = official.signature_html(page.meta, self.build.values) if kind in official.OFFICIAL_KINDS else ""
        return f'<div class="tpl-doc" id="tpl-doc" data-kind="{kind}">{html}{signature}</div>'

    def on_post_build(self, config):
        """Steps that need the finished site; the search index and the downloads
        are finished by the background worker."""
        schedule.write_data(config, self.build.catalog)
        hidden = [e.url for e in self.build.catalog.entries if e.src_path.startswith(MAINTAINERS)]
        sitemap.leave_out(config["site_dir"], hidden)
        self.build.background.finish()


def _add_local_pages(files, config, edition):
    """An edition's own pages: added, or replacing the upstream page at the same path."""
    for src in edition.local_pages():
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        files.append(File(src, str(edition.local_docs), config["site_dir"], config["use_directory_urls"]))


def _reported(event):
    """The event, with the domain's BuildError raised as MkDocs' PluginError,
    which MkDocs reports as its message alone (no traceback). The domain
    modules know nothing of MkDocs; this adapter is where the two meet."""

    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except BuildError as error:
            raise PluginError(str(error)) from error

    if hasattr(event, "mkdocs_priority"):  # @event_priority
        run.mkdocs_priority = event.mkdocs_priority
    return run


# MkDocs registers a hooks file's on_* functions: here, the one plugin object's.
_plugin = TemplatesPlugin()
_events = {name: _reported(getattr(_plugin, name)) for name in dir(TemplatesPlugin) if name.startswith("on_")}
on_config, on_pre_build, on_files, on_post_page = (_events[n] for n in ("on_config", "on_pre_build", "on_files", "on_post_page"))
on_build_error, on_serve, on_nav, on_env = (_events[n] for n in ("on_build_error", "on_serve", "on_nav", "on_env"))
on_page_context, on_template_context = _events["on_page_context"], _events["on_template_context"]
on_page_markdown, on_page_content, on_post_build = (_events[n] for n in ("on_page_markdown", "on_page_content", "on_post_build"))
