"""The build caches (.cache/: macros/page_cache.py, macros/jinja_cache.py)
never serve a stale file: a build from the cache gives the same site as a
build without it, a change to a page, a variable or the writer's code gives
new files, and a failed build leaves nothing that a later build would serve.

One project copy goes through the steps a maintainer's does, one build after
another on the same cache (fixture `history`); each test reads one step.
"""

import hashlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import assert_build_failed, built, copy_project, once, run_build

ACTIVITY = "activities/neighbours-day"  # docs/activities/neighbours-day.md
PLAN = "plans/community-annual-plan"
# A 村 activity whose page never names the village's party organisation: only
# its 活动方案 does (as the issuer), so only the cache key's variables can tell.
VILLAGE_ACTIVITY = "activities/moral-review-council"


def files_of(site_dir):
    """{relative path: bytes} of a site; a Word file as its members except
    docProps/core.xml (its creation time is the first writing build's)."""
    found = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        name = path.relative_to(site_dir).as_posix()
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                for member in docx.namelist():
                    if member != "docProps/core.xml":
                        found[f"{name}:{member}"] = docx.read(member)
        else:
            found[name] = path.read_bytes()
    return found


def document_xml(site_dir, page, name):
    with zipfile.ZipFile(site_dir / page / name) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def cache_entries(project):
    """{entry file name: (modification time, digest)}: reading an entry touches
    it (PageCache.get); making it again changes its bytes where it holds a
    Word file (the creation time in docProps/core.xml)."""
    return {
        p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in (project / ".cache/pages").glob("*.pickle")
    }


@dataclass
class History:
    project: object
    # The builds' files are compared here and only the names that differ kept:
    # the history is made once and shared by the test processes (conftest.once).
    entries: dict = field(default_factory=dict)  # cache entries after it
    jinja: bool = False  # compiled templates stored
    damaged: list = field(default_factory=list)  # names of the entries damaged before the next build
    cached: object = None  # the same site built again (its stderr names each entry it could not use)
    cached_differs: list = field(default_factory=list)  # its files that differ
    entries_cached: dict = field(default_factory=dict)
    failed: object = None  # the build with a broken page
    again_differs: list = field(default_factory=list)  # files that differ after the page is mended
    again_warnings: list = field(default_factory=list)  # "could not be used" lines of that build
    changed: object = None  # site after a page and two variables changed


def differing(before, after):
    """Names of the files that one site has and the other has not, or that differ."""
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


@pytest.fixture(scope="session")
def history(tmp_path_factory):
    return once(tmp_path_factory, "cache-history", _history)


def _history(base):
    project = copy_project(base / "project")  # no .cache: the first build starts empty
    h = History(project)
    fresh = files_of(built(project, base / "fresh"))
    h.entries = cache_entries(project)
    h.jinja = any((project / ".cache/jinja").iterdir())

    # The same site again, from the cache, with four entries damaged the ways
    # a full disk or a stopped write leaves them: it makes those again, with
    # one warning each, and reads the others.
    entries = sorted(project / ".cache/pages" / name for name in h.entries)
    damaged = {
        entries[0]: b"\x80\x05not a pickle at all",  # does not load
        entries[1]: pickle.dumps("a text, not a page's output"),  # loads, wrong shape
        entries[2]: pickle.dumps({"search": None, "files": {}}),  # right keys, wrong contents
        entries[3]: b"",  # empty (a full disk)
    }
    for path, data in damaged.items():
        path.write_bytes(data)
    h.damaged = [path.name for path in damaged]
    h.cached = run_build(project, base / "cached")
    h.cached_differs = differing(fresh, files_of(base / "cached"))
    h.entries_cached = cache_entries(project)

    page = project / "docs" / f"{ACTIVITY}.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("## 安全保障", "## 安全事项"), encoding="utf-8")
    h.failed = run_build(project, base / "bad")
    page.write_text(original, encoding="utf-8")
    again = run_build(project, base / "again")
    assert again.returncode == 0, again.stdout + again.stderr
    h.again_differs = differing(fresh, files_of(base / "again"))
    h.again_warnings = [line for line in again.stderr.splitlines() if "could not be used" in line]

    page.write_text(original.replace("## 活动目的\n", "## 活动目的\n\n缓存检验新句。\n", 1), encoding="utf-8")
    variables = project / "data/variables.yml"
    text = variables.read_text(encoding="utf-8")
    assert "value: 幸福社区" in text and "value: 和美村" in text, "the test expects these default values"
    # The village's party organisation is derived from its name (variables.yml derive).
    variables.write_text(text.replace("幸福社区", "缓存检验社区").replace("value: 和美村", "value: 缓存检验村"), encoding="utf-8")
    h.changed = built(project, base / "changed")
    return h


def test_a_cached_build_is_the_same_site(history):
    assert history.entries, "the first build stores each page's output"
    assert history.jinja, "the first build stores compiled templates"
    result = history.cached
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(history.entries_cached) == set(history.entries), "an unchanged site makes no new entry"
    before, after = history.entries, history.entries_cached
    for name in set(before) - set(history.damaged):
        assert after[name][0] != before[name][0], f"{name}: not read"
        assert after[name][1] == before[name][1], f"{name}: made again instead of read"
    assert history.cached_differs == []


def test_changes_reach_the_files(history):
    site = history.changed
    slug = ACTIVITY.rsplit("/", 1)[1]
    plan = document_xml(site, ACTIVITY, f"{slug}-plan.docx")
    assert "缓存检验新句" in plan, "a changed page gives a new 活动方案"
    assert "缓存检验社区" in plan and "幸福社区" not in plan, "a changed variable gives new files"
    assert "缓存检验社区" in document_xml(site, PLAN, f"{PLAN.rsplit('/', 1)[1]}.docx"), "on every page"
    village_plan = document_xml(site, VILLAGE_ACTIVITY, "moral-review-council-plan.docx")
    assert "中共缓存检验村支部委员会" in village_plan, "a variable the Word file uses gives new files"


def test_a_change_to_the_writer_is_a_new_key(tmp_path):
    """Every .py file of the macros package is in every page's key (the
    PageCache salt, page_cache.code_version): with the writer changed, no
    entry of the old writer is read, every file is written anew."""
    project = copy_project(tmp_path / "project")

    def salt():
        result = subprocess.run(
            [sys.executable, "-c", "from macros.page_cache import PageCache; print(PageCache(['inputs']).salt)"],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    before = salt()
    assert salt() == before, "the same code, the same key"
    body = project / "macros/word/body.py"
    body.write_text(body.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert salt() != before


def test_a_failed_build_leaves_nothing_stale(history):
    assert_build_failed(history.failed, f"{ACTIVITY}.md", "安全保障")
    assert history.again_differs == []


def test_a_damaged_cache_entry_is_rebuilt_with_one_warning(history):
    result = history.cached
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if "could not be used" in line]
    assert len(warnings) == len(history.damaged) == 4, result.stderr
    assert all(any(name in line for line in warnings) for name in history.damaged)
    assert history.cached_differs == []
    assert set(history.entries_cached) >= set(history.damaged), "made again and stored"
    assert history.again_warnings == [], "the entries made again are read by the next build"


def _children(pid):
    try:
        return {int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()}
    except (FileNotFoundError, ProcessLookupError):
        return set()


def _alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _watch_build(project, site_dir, until):
    """Start a build; collect its child processes until `until(process)` is true."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DISTRICT", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen, deadline = set(), time.monotonic() + 300
    while not until(process, seen) and time.monotonic() < deadline:
        seen |= _children(process.pid)
        time.sleep(0.05)
    return process, seen


def _gone_soon(pids, seconds=10):
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [pid for pid in pids if _alive(pid)]


def test_a_killed_or_failed_build_leaves_no_worker(tmp_path):
    project = copy_project(tmp_path / "project")
    site_dir = tmp_path / "killed"

    def pages_built(process, seen):  # the worker has pages to work on
        return process.poll() is not None or (seen and len(list(site_dir.glob("activities/*/index.html"))) >= 10)

    for kill in (signal.SIGTERM, signal.SIGKILL):
        process, workers = _watch_build(project, site_dir, pages_built)
        assert workers and process.poll() is None, "the build forks its worker while it runs"
        process.send_signal(kill)
        process.wait()
        assert _gone_soon(workers) == [], f"the worker of a build killed by {kill.name} ends with it"
        shutil.rmtree(site_dir)
    # A page that fails while the pages render, after the worker started (a
    # renamed heading would stop the build in its checks, before any worker).
    page = project / "docs" / f"{ACTIVITY}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_variable }}\n", encoding="utf-8")
    process, workers = _watch_build(project, tmp_path / "failed", lambda p, seen: p.poll() is not None)
    assert process.returncode != 0 and workers
    assert _gone_soon(workers) == [], "the worker of a failed build ends with it"
