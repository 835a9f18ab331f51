"""Shared fixtures: real strict builds of the site, a local web server and a
real headless Chromium (Debian's, driven by Playwright)."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from macros import variables as _variables  # noqa: E402

PROJECT_PARTS = ["mkdocs.yml", "docs", "macros", "overrides", "data", "districts", ".autocorrectrc"]
VARIABLES = yaml.safe_load((ROOT / "data/variables.yml").read_text(encoding="utf-8"))
# The site's default values of the one-line variables (names, years, formulas);
# text variables (the community's own paragraphs) are empty until the reader writes them.
# Derived values (党组织, 成文日期 …) have a rule instead of a value: computed as the build does.
DEFAULTS = {name: entry["value"] for name, entry in _variables.load_definitions(ROOT / "data/variables.yml").items() if entry["type"] == "line"}
TEXT_VARIABLES = {name: entry["label"] for name, entry in VARIABLES.items() if entry.get("type") == "text"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def run_build(project, site_dir, district=None, extra_args=(), site_url=None):
    """`mkdocs build --strict` as a user runs it (never with -q: mkdocs #4126)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DISTRICT", None)
    env.pop("SITE_URL", None)
    if district:
        env["DISTRICT"] = district
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra_args],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def assert_build_failed(result, *expected):
    """The build stopped, and its output names each of `expected` (file, key, what was expected)."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for text in expected:
        assert text in output, f"{text!r} not in build output:\n{output[-3000:]}"


def copy_project(dest):
    """A private copy of the project that a test may break."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, dest / part)
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real site, built once with --strict, for the URL it is served at:
    Material's instant navigation only works where site_url matches the
    address (scheme, host, port and path) the site is read from."""
    site_dir = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site_dir, site_url=serve(str(site_dir)))
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def read_page(site_dir, url):
    """The HTML of a built page given its URL path, e.g. 'plans/x/'."""
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.cache
def serve(directory):
    """Serve a directory on a free loopback port; returns its base URL."""
    handler = functools.partial(_QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


class _SubPathHandler(_QuietHandler):
    """Serves the directory under a sub-path only, as a web server that hosts
    the site at https://host/<prefix>/ does; anything else is a 404."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return "/nonexistent-outside-the-sub-path"
        return super().translate_path("/" + path[len(self.prefix):])


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
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (installs Debian's chromium)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
