"""Toolchain continuity (issue 12): MkDocs 1.6.1 is the last 1.x, so the site
must also build with ProperDocs, its maintained fork, installed without mkdocs
(.venv-properdocs, requirements-properdocs.txt). Both builds of one copy of
the project must be the same site: pages, text, search index. If they part,
the fallback the README names (make build-properdocs) is broken."""

import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_env, once, serve

PROPERDOCS_VENV = ROOT / ".venv-properdocs"
COMPARED_PAGES = ["plans/community-annual-plan", "activities/neighbours-day"]


def build_with_properdocs(project, site_dir, site_url):
    return subprocess.run(
        [str(PROPERDOCS_VENV / "bin/properdocs"), "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site_dir)],
        cwd=project,
        env=build_env(site_url=site_url),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def sites(site, tmp_path_factory):
    """(MkDocs build, ProperDocs build) of the project, for the same address.
    The second reuses the first's cached Word files and search entries only
    where ProperDocs built the same article (the key holds it)."""
    if not (PROPERDOCS_VENV / "bin/properdocs").exists():
        pytest.fail("no .venv-properdocs: run `make test` (or make .venv-properdocs/.installed)")

    def make(out):
        by_properdocs = build_with_properdocs(ROOT, out, serve(str(site)))
        assert by_properdocs.returncode == 0, by_properdocs.stderr
        return out

    return site, once(tmp_path_factory, "properdocs-site", make)


def generator(site):
    return BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml").find("meta", attrs={"name": "generator"})[
        "content"
    ]


def test_each_site_was_built_by_its_tool_and_properdocs_needs_no_mkdocs(sites):
    by_mkdocs, by_properdocs = sites
    assert generator(by_mkdocs).startswith("mkdocs-1.6.1")
    assert "ProperDocs 1.6.7" in generator(by_properdocs)
    probe = subprocess.run(
        [str(PROPERDOCS_VENV / "bin/python"), "-c", "import importlib.util as u; print(u.find_spec('mkdocs'))"],
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == "None", probe.stdout + probe.stderr


def files(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_same_pages(sites):
    by_mkdocs, by_properdocs = sites
    pages = [f for f in files(by_mkdocs) if f.endswith(".html")]
    assert len(pages) > 100 and all(f"{url}/index.html" in pages for url in COMPARED_PAGES)
    assert files(by_properdocs) == files(by_mkdocs)  # pages, Word files, assets


@pytest.mark.parametrize("url", COMPARED_PAGES)
def test_same_text(sites, url):
    texts = []
    for site in sites:
        article = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml").select_one("article")
        texts.append(re.sub(r"\s+", " ", article.get_text(" ")).strip())
    assert len(texts[0]) > 500 and "幸福社区" in texts[0]
    assert texts[1] == texts[0]


def test_same_search_index(sites):
    by_mkdocs, by_properdocs = sites
    manifest = (by_mkdocs / "assets/search/manifest.json").read_text(encoding="utf-8")
    assert (by_properdocs / "assets/search/manifest.json").read_text(encoding="utf-8") == manifest
    shards = [f for f in files(by_mkdocs) if f.startswith("assets/search/") and f.endswith(".json")]
    assert len(shards) > 50
    for shard in shards:
        assert (by_properdocs / shard).read_bytes() == (by_mkdocs / shard).read_bytes(), shard


def requirement_pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line} is not pinned with =="
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_properdocs_pins_match_the_site_pins():
    site, properdocs = requirement_pins(ROOT / "requirements.txt"), requirement_pins(ROOT / "requirements-properdocs.txt")
    assert "mkdocs" not in properdocs and "properdocs" in properdocs
    assert {name: properdocs.get(name) for name in site if name != "mkdocs"} == {
        name: v for name, v in site.items() if name != "mkdocs"
    }
