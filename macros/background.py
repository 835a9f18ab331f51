"""Work on built pages beside the build: the search index and the downloads.

MkDocs renders pages one after another on one core. Each page's article is
handed (on_post_page) to a worker process, forked once the catalog is known,
which indexes it for search and writes its Word and text files while MkDocs
renders the next page; on_post_build waits for the worker to write the index.
On a machine with two cores this takes that work off the build's path
(make bench). Where processes cannot be forked, the same work runs inline.

An error in the worker (a page without its document, a bad download) comes
back as the message of a PluginError, so the build fails as it would inline.
"""

import multiprocessing
import queue
import traceback

from mkdocs.exceptions import PluginError

from . import offline, search_index
from .search_pages import article_of
from .word import export as word_export


class PageWork:
    """What is done with each built page, and at the end."""

    def __init__(self, config, catalog):
        self.config, self.catalog = config, catalog
        self.indexer = search_index.Indexer()
        self.seen = set()
        self.offline = offline.enabled()  # script twins of what the browser reads (macros/offline.py)

    def page(self, src_path, article):
        entry = self.catalog.by_path[src_path]
        self.seen.add(src_path)
        self.indexer.add(entry.built_file(self.config).url, entry.meta, article)
        if word_export.has_downloads(entry):
            written = word_export.export_page(self.config, self.catalog, entry, article)
            if self.offline:
                offline.write_download_twins(written)

    def finish(self):
        missing = [e.source for e in self.catalog.entries if e.src_path not in self.seen and word_export.has_downloads(e)]
        if missing:
            raise PluginError(f"{missing[0]}: the page was not built, so it has no downloads")
        self.indexer.write(self.config["site_dir"], scripts=self.offline)


def _run(inbox, outbox, work):
    try:
        while (item := inbox.get()) is not None:
            work.page(*item)
        work.finish()
        outbox.put(None)
    except PluginError as error:
        outbox.put(str(error))
    except Exception:  # noqa: BLE001 - reported to the build, which fails
        outbox.put(traceback.format_exc())


class Background:
    """One build's worker; `send` each built page, then `finish`."""

    def __init__(self, work):
        self.work = work
        self.process = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.inbox, self.outbox = context.Queue(), context.Queue()
            self.process = context.Process(target=_run, args=(self.inbox, self.outbox, work), daemon=True)
            self.process.start()

    def send(self, src_path, html):
        article = article_of(html)
        if self.process is None:
            self.work.page(src_path, article)
        else:
            self.inbox.put((src_path, article))

    def finish(self):
        if self.process is None:
            self.work.finish()
            return
        self.inbox.put(None)
        while True:
            try:
                error = self.outbox.get(timeout=1)
                break
            except queue.Empty:
                if not self.process.is_alive():
                    error = f"the background build step stopped unexpectedly (exit code {self.process.exitcode})"
                    break
        if error is not None:
            self.abandon()
            raise PluginError(error)
        self.process.join()

    def abandon(self):
        """A build that failed before its end: stop the worker."""
        if self.process is not None:
            self.inbox.cancel_join_thread()  # pages it will never read must not hold up the exit
            if self.process.is_alive():
                self.process.terminate()
