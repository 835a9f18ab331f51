"""The build caches (.cache/: macros/page_cache.py, macros/jinja_cache.py)
never serve a stale file: a build from the cache gives the same site as a
build without it, a change to a page, a variable or the writer's code gives
new files, and a failed build leaves nothing that a later build would serve.
"""

import zipfile

from conftest import assert_build_failed, copy_project, run_build

ACTIVITY = "activities/neighbours-day"  # docs/activities/neighbours-day.md
PLAN = "plans/community-annual-plan"
# A 村 activity whose page never names the village's party organisation: only
# its 活动方案 does (as the issuer), so only the cache key's variables can tell.
VILLAGE_ACTIVITY = "activities/moral-review-council"


def build(project, site_dir):
    result = run_build(project, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


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
    return sorted(p.name for p in (project / ".cache/pages").glob("*.pickle"))


def test_a_cached_build_is_the_same_site(tmp_path):
    project = copy_project(tmp_path / "project")
    fresh = build(project, tmp_path / "fresh")
    entries = cache_entries(project)
    assert entries, "the first build stores each page's output"
    assert any((project / ".cache/jinja").iterdir()), "the first build stores compiled templates"
    cached = build(project, tmp_path / "cached")
    assert cache_entries(project) == entries, "an unchanged site is built from the cache alone"
    assert files_of(cached) == files_of(fresh)


def test_changes_reach_the_files(tmp_path):
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "first")
    page = project / "docs" / f"{ACTIVITY}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## 活动目的\n", "## 活动目的\n\n缓存检验新句。\n", 1), encoding="utf-8")
    variables = project / "data/variables.yml"
    text = variables.read_text(encoding="utf-8")
    assert "幸福社区" in text and "中共和美村支部委员会" in text, "the test expects these default values"
    variables.write_text(text.replace("幸福社区", "缓存检验社区").replace("中共和美村支部委员会", "缓存检验村党支部"), encoding="utf-8")
    second = build(project, tmp_path / "second")
    slug = ACTIVITY.rsplit("/", 1)[1]
    plan = document_xml(second, ACTIVITY, f"{slug}-plan.docx")
    assert "缓存检验新句" in plan, "a changed page gives a new 活动方案"
    assert "缓存检验社区" in plan and "幸福社区" not in plan, "a changed variable gives new files"
    assert "缓存检验社区" in document_xml(second, PLAN, f"{PLAN.rsplit('/', 1)[1]}.docx"), "on every page"
    village_plan = document_xml(second, VILLAGE_ACTIVITY, "moral-review-council-plan.docx")
    assert "缓存检验村党支部" in village_plan, "a variable only the Word file uses gives new files"


def test_a_change_to_the_writer_is_a_new_key(tmp_path):
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "first")
    before = set(cache_entries(project))
    body = project / "macros/word/body.py"
    body.write_text(body.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    build(project, tmp_path / "second")
    after = set(cache_entries(project))
    assert before and not before & (after - before) and len(after - before) == len(before)


def test_a_failed_build_leaves_nothing_stale(tmp_path):
    project = copy_project(tmp_path / "project")
    good = files_of(build(project, tmp_path / "good"))
    page = project / "docs" / f"{ACTIVITY}.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("## 安全保障", "## 安全事项"), encoding="utf-8")
    assert_build_failed(run_build(project, tmp_path / "bad"), f"{ACTIVITY}.md", "安全保障")
    page.write_text(original, encoding="utf-8")
    assert files_of(build(project, tmp_path / "again")) == good
