"""Shared fixtures: real strict builds of the site, a local web server and a
real headless Chromium (Debian's, driven by Playwright).

The layers of the suite, cheapest first:
- tests/js/*.test.mjs: the browser scripts under node's test runner
  (test_javascript.py runs them); the query set ranked the same way
  (test_search_ranking.py);
- in-process tests of the build's functions (schema, data files, Word
  writer, originality) where a build adds nothing;
- tests reading a build shared by the session: `site` (the real site),
  `edition_sites` (a district's fork with two editions), `variant_site`
  (content changes several tests look for); build a site of your own only
  for what none of them has;
- builds that must fail (`project`, `warm_project`, run_build,
  assert_build_failed) and Chromium (`page`, `browser`) where a person clicks.
Helpers shared by several test files are in helpers.py.

`make test` runs the suite in two processes (pytest-xdist, pytest.ini): a
build shared by the session is made once, by whichever process needs it
first, and read by both (`once`); a served folder has one address in both
(`serve`), the one its site_url names."""

import compileall
import fcntl
import functools
import http.server
import os
import pickle
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from macros import variables as _variables  # noqa: E402
from macros.build import OFFLINE_ENV  # noqa: E402

PROJECT_PARTS = ["mkdocs.yml", "docs", "macros", "overrides", "data", "districts", ".autocorrectrc", ".gitignore"]
VARIABLES = yaml.safe_load((ROOT / "data/variables.yml").read_text(encoding="utf-8"))
# The site's default values of the one-line variables (names, years, formulas);
# text variables (the community's own paragraphs) are empty until the reader writes them.
# Derived values (党组织, 成文日期 …) have a rule instead of a value: computed as the build does.
DEFAULTS = {
    name: entry["value"]
    for name, entry in _variables.load_definitions(ROOT / "data/variables.yml").items()
    if entry["type"] == "line"
}
TEXT_VARIABLES = {name: entry["label"] for name, entry in VARIABLES.items() if entry.get("type") == "text"}
# Debian's chromium-headless-shell: the same Chromium as Debian's chromium
# package, in the "old" headless mode that Playwright itself uses for headless
# runs. The full browser's headless mode costs far more CPU for the same
# pages: the two-tab and accessibility tests took 41 s of Chromium CPU in it
# and 17 s in the shell (CHROMIUM=/usr/bin/chromium runs the tests in it).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Each build the tests start is a new Python process. Where
# PYTHONDONTWRITEBYTECODE is set (as on this machine) nothing is ever cached
# as bytecode, and every build would compile the macros package again: it is
# compiled once here, and project copies take its __pycache__ along (the
# venv's packages are compiled by make, Makefile $(STAMP)).
compileall.compile_dir(ROOT / "macros", quiet=1)


def build_env(district=None, site_url=None):
    """The environment of a build, `make check` or `make offline` as a person
    runs them: DISTRICT, SITE_URL and TPL_OFFLINE only as given here."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("DISTRICT", "SITE_URL", OFFLINE_ENV):
        env.pop(name, None)
    if district:
        env["DISTRICT"] = district
    if site_url:
        env["SITE_URL"] = site_url
    return env


def run_build(project, site_dir, district=None, extra_args=(), site_url=None):
    """`mkdocs build --strict` as a user runs it (never with -q: mkdocs #4126)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra_args],
        cwd=project,
        env=build_env(district, site_url),
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_build_failed(result, *expected):
    """The build stopped, and its output names each of `expected` (file, key, what was expected)."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for text in expected:
        assert text in output, f"{text!r} not in build output:\n{output[-3000:]}"


def copy_project(dest, build_cache=False):
    """A private copy of the project that a test may break. With build_cache,
    it starts with the project's .cache/ (filled by the `site` build): pages
    whose inputs are unchanged then reuse their Word files and search entry
    (macros/page_cache.py; keyed by content, so never a stale one)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS + ([".cache"] if build_cache else []):  # a missing part is left out
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("coverage"))
        elif source.is_file():
            shutil.copy2(source, dest / part)
    return dest


def built(project, site_dir, district=None, site_url=None):
    """A build that must succeed; returns its site folder."""
    result = run_build(project, site_dir, district=district, site_url=site_url)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return site_dir


def once(tmp_path_factory, name, make):
    """What `make(folder)` returns, made once per test session even when the
    session runs in several processes (pytest-xdist): the first process to
    ask makes it in a folder all of them share, under a lock, and the others
    wait and read the result (pickled beside it). A `make` that fails is
    tried again by the next process that asks, and fails there too."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's basetemp is a folder of the session's
        root = root.parent
    result = root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            folder = root / name
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            result.write_bytes(pickle.dumps(make(folder)))
        return pickle.loads(result.read_bytes())


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real site, built once with --strict, for the URL it is served at:
    Material's instant navigation only works where site_url matches the
    address (scheme, host, port and path) the site is read from."""

    def make(site_dir):
        result = run_build(ROOT, site_dir, site_url=serve(str(site_dir)))
        assert result.returncode == 0, result.stdout + result.stderr
        return site_dir

    return once(tmp_path_factory, "site", make)


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


@pytest.fixture
def warm_project(site, tmp_path):
    """`project` with the project's build cache as the `site` build left it:
    for a build that renders every page before it fails, e.g. on a broken link."""
    return copy_project(tmp_path / "project", build_cache=True)


# --- Builds shared by the tests of a session ---------------------------------------
# A full build is the costly step of the suite: tests that only read a built
# site share one. Each variant below names the tests that read it.

# Edition dongcheng (東 "east"): its values, a site name, two pages of its own
# (one of them helpers.GOOD_PAGE) and a replacement of an upstream page;
# edition xicheng (west): HTML in a value, and the year after
# (tests/test_schedule_defaults.py: festivals move with the year).
EDITION_VALUES = {"community": "星光社区", "street": "东湖街道", "district": "东城区", "city": "临江市", "year": "2027"}
EDITION_SITE_NAME = "东城区精神文明建设模板库"
WEST_VALUES = {  # tests/test_trust_build.py: escaped exactly once, on the page and in the files
    "community": "<i>星</i>*光*晨曦社区",  # within its 20 characters (variables.yml max_length)
    "street": "<script>alert(1)</script>王'家<b>湾</b>西湖街道",
    "district": "西城区",
    "city": "临江市",
    "year": "2028",
}
LOCAL_SENTENCE = "东城区的邻居节与社区议事会同日举办。"
EAST_NOTICE = "2027年计划3月底前报街道。"


def set_values(project, slug, values):
    """Change values in the generated values.yml the way a person edits it: line by line."""
    path = project / "districts" / slug / "values.yml"
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key}: .*$", f'{key}: "{value}"', text, flags=re.M)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


UPSTREAM_SENTENCE = "上游新增：雨天备用方案提前公布。"
UPSTREAM_IMPROVED = "activities/moral-lecture-hall"
UPSTREAM_DESCRIPTION = "上游更新。"


@dataclass(frozen=True)
class EditionSites:
    project: Path  # the district's fork holding both editions
    east: Path  # its site with DISTRICT=dongcheng
    west: Path  # DISTRICT=xicheng
    default: Path  # no DISTRICT, same fork, built after them
    customised: list  # files the district's own commit changed
    conflicts: list  # files left in conflict by pulling upstream


@pytest.fixture(scope="session")
def edition_sites(site, tmp_path_factory):
    """A district forks the project, makes two editions (only inside
    districts/), pulls an upstream improvement and builds both editions and
    the default site, one after the other (a value or page of one must not
    reach another, even through the build cache). Read by
    tests/test_editions.py and tests/test_upstream_changes.py."""
    return once(tmp_path_factory, "editions", _edition_sites)


def _edition_sites(base):
    from helpers import GOOD_PAGE, git, new_district

    upstream = copy_project(base / "upstream")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "upstream")
    project = base / "fork"
    git(base, "clone", "-q", str(upstream), str(project))
    for slug, values in (("dongcheng", {**EDITION_VALUES, "site_name": EDITION_SITE_NAME}), ("xicheng", WEST_VALUES)):
        result = new_district(project, slug)
        assert result.returncode == 0, result.stderr
        set_values(project, slug, values)
    east_docs = project / "districts/dongcheng/docs"
    (east_docs / "activities/lake-cleanup.md").write_text(
        (east_docs / "activities/local-example.md")
        .read_text(encoding="utf-8")
        .replace("title: 本区特色活动（示例）", "title: 东湖护湖行动")
        .replace("months: [6]", "months: [8]")
        .replace("synonyms: [本区特色活动]", "synonyms: [护湖]"),
        encoding="utf-8",
    )
    (east_docs / "activities/lake.md").write_text(GOOD_PAGE, encoding="utf-8")  # tests/test_check.py: passes both
    # A replacement page that follows the upstream page: based_on its `updated`.
    original = (project / "docs/activities/neighbours-day.md").read_text(encoding="utf-8")
    updated = re.search(r"^updated: (\S+)$", original, re.M).group(1)
    (east_docs / "activities/neighbours-day.md").write_text(
        original.replace("## 活动目的\n", f"## 活动目的\n\n{LOCAL_SENTENCE}\n", 1).replace(
            f"updated: {updated}\n", f"updated: {updated}\nbased_on: {updated}\n", 1
        ),
        encoding="utf-8",
    )
    east_notice = project / "districts/dongcheng/docs/guide/notice.md"  # tests/test_phone.py: on the home page
    east_notice.write_text(
        east_notice.read_text(encoding="utf-8").replace(
            "description: 本区县文明办发给各社区的通知和要求。", f"description: {EAST_NOTICE}"
        ),
        encoding="utf-8",
    )
    (project / "districts/xicheng/docs/guide/notice.md").write_text(
        "---\ntitle: 西城区通知\nkind: page\n---\n\n# 西城区通知\n", encoding="utf-8"
    )
    git(project, "add", "-A")
    git(project, "commit", "-qm", "our editions")
    customised = git(project, "diff", "--name-only", "HEAD~1").split()

    # Upstream improves a template and mkdocs.yml; the district pulls.
    activity = upstream / "docs" / f"{UPSTREAM_IMPROVED}.md"
    activity.write_text(
        activity.read_text(encoding="utf-8").replace("## 时间地点\n", f"## 时间地点\n\n{UPSTREAM_SENTENCE}\n", 1),
        encoding="utf-8",
    )
    config = upstream / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_description: ", f"site_description: {UPSTREAM_DESCRIPTION}"),
        encoding="utf-8",
    )
    git(upstream, "commit", "-qam", "upstream improvement")
    git(project, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    conflicts = git(project, "diff", "--name-only", "--diff-filter=U").split()
    # The project's build cache (git-ignored, never committed): the default site is built from it.
    shutil.copytree(ROOT / ".cache", project / ".cache", ignore=shutil.ignore_patterns("coverage"))

    return EditionSites(
        project,
        built(project, base / "east", "dongcheng"),
        built(project, base / "west", "xicheng"),
        built(project, base / "default"),
        customised,
        conflicts,
    )


# The default edition with content changes several tests look for, built once
# from a copy that starts with the project's build cache (its new kind changes
# macros/kinds.py, so every page is exported again).
VARIANT_SYNONYM = "楼门口茶话会"  # tests/test_search_index.py: a synonym reaches the index
VARIANT_COPIES = 8  # tests/test_search_browser.py: copies of 红白理事会 under other titles
# tests/test_word_layout.py: <wbr> in a heading says where the title breaks.
VARIANT_WBR = (
    "documents/notice-inspection.md",
    "# 关于做好{{ year }}年文明城市测评迎检工作的通知",
    "# 关于做好{{ year }}年<wbr>文明城市测评迎检工作的通知",
)
VARIANT_CHANGES = {  # tests/test_upstream_changes.py: the 更新记录 page
    "activities/neighbours-day.md": ("2099-12-05", "新增雨天备用场地的安排。"),
    "plans/community-annual-plan.md": ("2099-01-02", "月度活动安排表改由活动范例生成。"),
}


def set_front_matter_key(path, key, value):
    """Set (or add) one front-matter key, as a person edits the line."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 3)
    lines = [line for line in text[4:end].split("\n") if not line.startswith(f"{key}:")]
    path.write_text("---\n" + "\n".join(lines + [f"{key}: {value}"]) + text[end:], encoding="utf-8")


@pytest.fixture(scope="session")
def variant_site(site, tmp_path_factory):
    """(project copy, its site) with VARIANT_* applied."""
    return once(tmp_path_factory, "variant", _variant_site)


def _variant_site(base):
    from helpers import add_new_kind

    project = copy_project(base / "project", build_cache=True)
    add_new_kind(project)  # tests/test_kinds.py (a changed macros/kinds.py: no page's cache entry is read)
    page = project / "docs/activities/neighbours-day.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("synonyms: [", f"synonyms: [{VARIANT_SYNONYM}, ", 1), encoding="utf-8"
    )
    source = project / "docs/activities/funeral-and-wedding-council.md"
    text = source.read_text(encoding="utf-8")
    for n in range(2, 2 + VARIANT_COPIES):
        copy = text.replace("title: 红白理事会\n", f"title: 红白理事会（副本{n:02d}）\n", 1)
        source.with_name(f"funeral-and-wedding-council--x{n:02d}.md").write_text(copy, encoding="utf-8")
    wbr_page, heading, with_break = VARIANT_WBR
    text = (project / "docs" / wbr_page).read_text(encoding="utf-8")
    assert re.search(r"^# .*$", text, re.M).group(0) == heading, "the test expects this heading"
    (project / "docs" / wbr_page).write_text(text.replace(heading, with_break), encoding="utf-8")
    for src, (updated, changes) in VARIANT_CHANGES.items():
        set_front_matter_key(project / "docs" / src, "updated", updated)
        set_front_matter_key(project / "docs" / src, "changes", changes)
    return project, built(project, base / "site")


def read_page(site_dir, url):
    """The HTML of a built page given its URL path, e.g. 'plans/x/'."""
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _SharedPortServer(http.server.ThreadingHTTPServer):
    allow_reuse_port = True  # SO_REUSEPORT: each test process listens on the same port


@functools.cache
def serve(directory):
    """Serve a directory on a loopback port; returns its base URL. The first
    process of the session to serve it takes a free port and writes it down
    (DIR.port); the others listen on the same port, so the address a site
    was built for (its site_url) is its address in every process, and a
    request is answered by whichever of them the kernel picks (the same files)."""
    handler = functools.partial(_QuietHandler, directory=directory)
    port_file = Path(f"{directory.rstrip('/')}.port")
    with open(f"{port_file}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        port = int(port_file.read_text()) if port_file.exists() else 0
        server = _SharedPortServer(("127.0.0.1", port), handler)
        port_file.write_text(str(server.server_address[1]))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


class _SubPathHandler(_QuietHandler):
    """Serves the directory under a sub-path only, as a web server that hosts
    the site at https://host/<prefix>/ does; anything else is a 404."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return "/nonexistent-outside-the-sub-path"
        return super().translate_path("/" + path[len(self.prefix) :])


@functools.cache
def serve_under(directory, prefix):
    """Serve a directory at http://127.0.0.1:<port>/<prefix>/; returns that URL."""
    prefix = "/" + prefix.strip("/") + "/"
    handler_class = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def base_url(site):
    return serve(str(site))


@pytest.fixture(scope="session")
def browser():
    from playwright import sync_api as playwright_api

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (installs Debian's chromium-headless-shell)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def tabs_of(browser, count=1, **options):
    """`count` tabs of one new browser context (they share localStorage, as a
    reader's tabs do) with these context options; any JavaScript error in
    one fails the test. A generator for a fixture: yields the tabs, then
    closes the context and checks. Each tab is brought to the front once:
    headless Chromium gives a tab that never was about one animation frame a
    second, and Playwright waits two frames before each click (2 s a click)."""
    context = browser.new_context(locale="zh-CN", **options)
    errors = []
    tabs = [context.new_page() for _ in range(count)]
    for tab in reversed(tabs):
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.bring_to_front()
    try:
        yield tabs
    finally:  # also when a test leaves the loop over this generator with an error
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser):
    for tabs in tabs_of(browser):
        yield tabs[0]
