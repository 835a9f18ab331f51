"""Work on built pages beside the build: the search index and the downloads.

MkDocs renders pages one after another on one core. Each page's article is
handed (on_post_page) to a worker process, forked once the catalog is known,
which indexes it for search and writes its Word and text files while MkDocs
renders the next page; on_post_build waits for the worker to write the index.
On a machine with two cores this takes that work off the build's path
(make bench). Where processes cannot be forked, the same work runs inline.
A page whose inputs have not changed since an earlier build gets its files
and search entry from .cache/pages (page_cache.py); so does the index.

An error in the worker (a page without its document, a bad download) comes
back as the message of a BuildError, so the build fails as it would inline.
"""

import multiprocessing
import os
import queue
import signal
import traceback
from pathlib import Path

from .editions import offline
from .errors import BuildError
from .page_cache import PageCache
from .search import index as search_index
from .search.pages import article_of
from .word.files import has_downloads


class PageWork:
    """What is done with each built page, and at the end. A page's output is
    taken from the cache when its inputs are unchanged (page_cache.py)."""

    def __init__(self, config, build):
        self.config, self.catalog, self.values = config, build.catalog, build.values
        self.indexer = search_index.Indexer()
        self.seen = set()
        self.keys, self.entries = [], []  # each page's cache key and search entry, in the index's order
        self.offline = build.offline  # script twins of what the browser reads (macros/editions/offline.py)
        build_inputs = [config["site_name"], config["use_directory_urls"], build.edition.definitions, build.catalog.taxonomy]
        self.cache = PageCache(build_inputs)

    def page(self, src_path, article):
        entry = self.catalog.by_path[src_path]
        self.seen.add(src_path)
        key = self.cache.key([src_path, entry.source, entry.url, entry.name, entry.meta, article])
        self.keys.append(key)
        folder = Path(entry.dest_path).parent
        output = self.cache.get(key, _page_output)
        if output is None:
            output = self._make(entry, article)
            self.cache.put(key, output)
        else:
            _restore(folder, output["files"])
        self.entries.append(output["search"])
        if self.cache.misses:  # a changed page: the index will be new, make it as pages come
            self._index_entries()
        if self.offline:
            offline.write_download_twins(folder / name for name in output["files"])

    def _make(self, entry, article):
        """{"search": the page's index entry, "files": {name: bytes}} (files written too)."""
        files = {}
        if has_downloads(entry):
            from .word import export  # lxml and python-docx: imported only by a build that writes files

            files = {
                path.name: path.read_bytes()
                for path in export.export_page(self.config, self.catalog, entry, article, self.values)
            }
        return {"search": search_index.page_entry(entry.url, entry.meta, article), "files": files}

    def finish(self):
        missing = [e.source for e in self.catalog.entries if e.src_path not in self.seen and has_downloads(e)]
        if missing:
            raise BuildError(f"{missing[0]}: the page was not built, so it has no downloads")
        key = self.cache.key(["search index", self.keys])  # the index is made of the pages' entries
        files = self.cache.get(key, _index_files)
        if files is None:
            self._index_entries()
            files = self.indexer.files()
            self.cache.put(key, files)
        search_index.write_index(self.config["site_dir"], files, scripts=self.offline)
        self.cache.prune()

    def _index_entries(self):
        for entry in self.entries[len(self.indexer.records) :]:
            self.indexer.add_entry(entry)


def _page_output(value):
    """A page's cached output as _make returns it: its search entry and its files."""
    record, codes, _digest = value["search"]
    return (
        set(value) == {"search", "files"}
        and isinstance(record, dict)
        and isinstance(codes, dict)
        and all(isinstance(n, str) and "/" not in n and isinstance(b, bytes) for n, b in value["files"].items())
    )


def _index_files(value):
    """The cached search index: {file name: text}, a manifest among them."""
    return "manifest.json" in value and all(isinstance(n, str) and isinstance(t, str) for n, t in value.items())


def _restore(folder, files):
    if files:
        folder.mkdir(parents=True, exist_ok=True)  # the page itself may not be written yet
    for name, data in files.items():
        (folder / name).write_bytes(data)


# How often an idle worker looks whether its build is still there.
PARENT_CHECK_S = 0.5


def _die_with(parent):
    """The worker ends with its build, even a killed one (SIGKILL runs no exit
    handler): Linux kills it at once; elsewhere _next() notices within PARENT_CHECK_S."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def _next(inbox, parent):
    """The next page for the worker; the worker exits when its build is gone."""
    while True:
        try:
            return inbox.get(timeout=PARENT_CHECK_S)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)


def _run(inbox, outbox, work, parent):
    _die_with(parent)
    try:
        while (item := _next(inbox, parent)) is not None:
            work.page(*item)
        work.finish()
        outbox.put(None)
    except BuildError as error:
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
            self.process = context.Process(target=_run, args=(self.inbox, self.outbox, work, os.getpid()), daemon=True)
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
            raise BuildError(error)
        self.process.join()

    def abandon(self):
        """A build that failed before its end: stop the worker."""
        if self.process is not None:
            self.inbox.cancel_join_thread()  # pages it will never read must not hold up the exit
            if self.process.is_alive():
                self.process.terminate()
