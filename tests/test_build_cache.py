"""The build caches (.cache/: macros/page_cache.py, macros/jinja_cache.py)
never serve a stale file: a build from the cache gives the same site as a
build without it, a change to a page, a variable or the writer's code gives
new files, and a failed build leaves nothing that a later build would serve.

One project copy goes through the steps a maintainer's does, one build after
another on the same cache (fixture `history`); each test reads one step.
"""

import zipfile
from dataclasses import dataclass, field

import pytest

from conftest import assert_build_failed, built, copy_project, run_build

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
    """{entry file name: modification time}; reading an entry touches it (PageCache.get)."""
    return {p.name: p.stat().st_mtime_ns for p in (project / ".cache/pages").glob("*.pickle")}


@dataclass
class History:
    project: object
    fresh: dict = field(default_factory=dict)       # files of the first build, on an empty cache
    entries: dict = field(default_factory=dict)     # cache entries after it
    jinja: bool = False                             # compiled templates stored
    cached: dict = field(default_factory=dict)      # files of the same site built again
    entries_cached: dict = field(default_factory=dict)
    failed: object = None                           # the build with a broken page
    again: dict = field(default_factory=dict)       # files after the page is mended
    before_writer: dict = field(default_factory=dict)
    after_writer: dict = field(default_factory=dict)  # entries after a change to the writer's code
    changed: object = None                          # site after a page and two variables changed


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    base = tmp_path_factory.mktemp("cache")
    project = copy_project(base / "project")  # no .cache: the first build starts empty
    h = History(project)
    h.fresh = files_of(built(project, base / "fresh"))
    h.entries = cache_entries(project)
    h.jinja = any((project / ".cache/jinja").iterdir())
    h.cached = files_of(built(project, base / "cached"))
    h.entries_cached = cache_entries(project)

    page = project / "docs" / f"{ACTIVITY}.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("## 安全保障", "## 安全事项"), encoding="utf-8")
    h.failed = run_build(project, base / "bad")
    page.write_text(original, encoding="utf-8")
    h.again = files_of(built(project, base / "again"))

    h.before_writer = cache_entries(project)
    body = project / "macros/word/body.py"
    body.write_text(body.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    built(project, base / "writer")
    h.after_writer = cache_entries(project)

    # Built on the entries of the changed writer: only the page's and the variables' part of the key differs.
    page.write_text(original.replace("## 活动目的\n", "## 活动目的\n\n缓存检验新句。\n", 1), encoding="utf-8")
    variables = project / "data/variables.yml"
    text = variables.read_text(encoding="utf-8")
    assert "幸福社区" in text and "中共和美村支部委员会" in text, "the test expects these default values"
    variables.write_text(text.replace("幸福社区", "缓存检验社区").replace("中共和美村支部委员会", "缓存检验村党支部"), encoding="utf-8")
    h.changed = built(project, base / "changed")
    return h


def test_a_cached_build_is_the_same_site(history):
    assert history.entries, "the first build stores each page's output"
    assert history.jinja, "the first build stores compiled templates"
    assert set(history.entries_cached) == set(history.entries), "an unchanged site is built from the cache alone"
    assert history.cached == history.fresh


def test_changes_reach_the_files(history):
    site = history.changed
    slug = ACTIVITY.rsplit("/", 1)[1]
    plan = document_xml(site, ACTIVITY, f"{slug}-plan.docx")
    assert "缓存检验新句" in plan, "a changed page gives a new 活动方案"
    assert "缓存检验社区" in plan and "幸福社区" not in plan, "a changed variable gives new files"
    assert "缓存检验社区" in document_xml(site, PLAN, f"{PLAN.rsplit('/', 1)[1]}.docx"), "on every page"
    village_plan = document_xml(site, VILLAGE_ACTIVITY, "moral-review-council-plan.docx")
    assert "缓存检验村党支部" in village_plan, "a variable only the Word file uses gives new files"


def test_a_change_to_the_writer_is_a_new_key(history):
    before, after = history.before_writer, history.after_writer
    new = set(after) - set(before)
    assert before and len(new) == len(history.entries), "every page is stored under a new key"
    # No entry of the old writer was read (reading one touches it).
    assert {name: after[name] for name in before} == before


def test_a_failed_build_leaves_nothing_stale(history):
    assert_build_failed(history.failed, f"{ACTIVITY}.md", "安全保障")
    assert history.again == history.fresh
