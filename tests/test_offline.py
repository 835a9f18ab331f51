"""The offline edition (make offline, macros/editions/offline.py): one zip that a person
unzips anywhere and opens by double-clicking index.html, in Chromium over
file:// with the network blocked; and what happens when the build fails."""

import base64
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from docx import Document

import helpers
from conftest import DEFAULTS, ROOT, assert_build_failed, build_env, once, run_build
from helpers import page_tree, save_value
from search_driver import our_search

sys.path.insert(0, str(ROOT))
from macros.editions import offline  # noqa: E402

NAME = "templates-offline"
PLAN = "plans/community-annual-plan.html"
ACTIVITY = "activities/neighbours-day.html"
OWN = "星光花园社区"
CHOSEN = "activities/neighbours-day"
# Material's bundle loads these from unpkg only for a browser without
# ResizeObserver (the offline edition loads a vendored one first: tested
# below) and for Mermaid diagrams (the site has none): never offline.
MATERIAL_ONLY_IF = {"https://unpkg.com/resize-observer-polyfill", "https://unpkg.com/mermaid@11/dist/mermaid.min.js"}
# Where a person might unzip it: a Chinese folder name with a space.
UNZIP_TO = "下载 文件"


def make_offline(project, out, district=None):
    """`make offline` as a person runs it (the Makefile runs this module)."""
    return subprocess.run(
        [sys.executable, "-m", "macros.editions.offline", "--out", str(out)],
        cwd=project,
        env=build_env(district),
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory):
    def make(out):
        started = time.monotonic()
        result = make_offline(ROOT, out)
        assert result.returncode == 0, result.stdout + result.stderr
        print(f"make offline: {time.monotonic() - started:.1f} s, {(out / (NAME + '.zip')).stat().st_size / 1e6:.1f} MB")
        return out / f"{NAME}.zip"

    return once(tmp_path_factory, "offline-zip", make)


def unzip(archive, where):
    where.mkdir(parents=True)
    with zipfile.ZipFile(archive) as package:
        package.extractall(where)
    return where / NAME


@pytest.fixture(scope="session")
def unzipped(offline_zip, tmp_path_factory):
    return unzip(offline_zip, tmp_path_factory.mktemp("offline") / UNZIP_TO)


def test_one_zip_with_one_folder_and_index_html_at_its_top(offline_zip, unzipped):
    assert [p.name for p in offline_zip.parent.iterdir()] == [offline_zip.name]  # no temporary file left
    with zipfile.ZipFile(offline_zip) as package:
        assert package.testzip() is None
        names = package.namelist()
    assert all(name.startswith(NAME + "/") for name in names)
    top = {p.name for p in unzipped.iterdir() if p.is_file()}
    assert "index.html" in top and not top & offline.LEFT_OUT  # no 404 page or sitemap to puzzle over
    assert all(name.endswith(".html") for name in top)
    assert (unzipped / PLAN).is_file() and not (unzipped / "plans/community-annual-plan").exists()


def test_every_file_the_browser_reads_has_its_script_twin(unzipped):
    downloads = [p for p in unzipped.rglob("*") if p.name.endswith((".docx", ".txt.json"))]
    assert len(downloads) > 100
    for path in downloads:
        twin = Path(f"{path}.js").read_text(encoding="utf-8")
        prefix = '(window.tplFiles=window.tplFiles||{})[document.currentScript.src]="'
        assert twin.startswith(prefix), path
        assert base64.b64decode(twin[len(prefix) :].rstrip().removesuffix('";')) == path.read_bytes(), path
    search = [p for p in (unzipped / "assets/search").rglob("*.json")]
    assert len(search) > 10 and all(Path(f"{p}.js").is_file() for p in search)
    assert (unzipped / "assets/data/activities.js").is_file()


def test_every_link_opens_a_file_and_nothing_comes_from_outside(unzipped):
    """Over file:// a link to a folder shows a file listing, not its index.html;
    a script, style, font or image from another site would need the internet."""
    problems = []
    for html in unzipped.rglob("*.html"):
        for element in page_tree(html).xpath(
            "//a[@href] | //link[@href] | //script[@src] | //img[@src] | //iframe[@src] | //source[@src]"
        ):
            target = element.get("href") or element.get("src")
            parts = urlsplit(target)
            if parts.scheme or target.startswith("//"):
                if element.tag != "a":  # a script, style, icon or canonical address elsewhere
                    problems.append((html.relative_to(unzipped), target))
                continue
            if not parts.path:  # #anchor on the same page
                continue
            resolved = (html.parent / unquote(parts.path)).resolve()
            if not resolved.is_file():
                problems.append((html.relative_to(unzipped), target))
    assert not problems, problems[:20]
    for path in unzipped.rglob("*"):
        if path.suffix in {".html", ".css", ".js"} and not path.name.endswith((".docx.js", ".txt.json.js")):
            text = path.read_text(encoding="utf-8")
            if path.parent.name == "javascripts" and path.name.startswith("bundle."):  # Material's
                assert set(re.findall(r"https://unpkg\.com/[^\"'`)]+", text)) == MATERIAL_ONLY_IF
                text = re.sub(r"https://unpkg\.com/[^\"'`)]+", "", text)
            for outside in ("unpkg.com", "fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "iframe-worker"):
                assert outside not in text, (path, outside)
            if path.suffix == ".html":
                assert 'class="mermaid' not in text, path


@pytest.fixture
def offline_page(browser):
    """A tab over file:// with the network blocked: every request that is not
    for a local file is aborted and counted."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    outside, errors = [], []
    context.on(
        "request", lambda request: None if request.url.startswith(("file:", "data:", "blob:")) else outside.append(request.url)
    )
    context.route(lambda url: not url.startswith(("file:", "data:", "blob:")), lambda route: route.abort())
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.outside = outside
    yield tab
    context.close()
    assert not outside, f"requests outside the offline folder: {outside}"
    assert not errors, f"errors on the page: {errors}"


def download(page, selector, tmp_path, name):
    with page.expect_download() as info:
        page.click(selector)
    saved = tmp_path / name
    info.value.save_as(saved)
    return info.value.suggested_filename, saved


def schedule_rows(page):
    """月份 and 活动 of each row of the plan's 月度活动安排表 as the page shows it."""
    return [
        cells[:2]
        for cells in page.locator("#tpl-doc table[data-tpl-table=schedule] tbody tr").evaluate_all(
            "rows => rows.map(row => [...row.cells].map(cell => cell.textContent.trim()))"
        )
    ]


def community_texts(page):
    return set(page.locator('[data-var="community"]').all_text_contents())


def test_double_clicked_start_page_navigates_searches_keeps_values_and_downloads(offline_page, unzipped, offline_zip, tmp_path):
    page = offline_page
    page.goto(unzipped.joinpath("index.html").as_uri())  # what a double-click opens
    assert page.title().startswith("首页")

    # Navigation by clicking: a tab, then a page listed there.
    page.locator(".md-tabs").get_by_role("link", name="计划模板").click()
    page.wait_for_url("**/plans/index.html")
    page.locator(f"article a[href$='{PLAN.split('/')[1]}']").first.click()
    page.wait_for_url("**/" + PLAN)
    assert "精神文明建设工作计划" in page.locator("#tpl-doc h1").inner_text()

    # Downloads without own values: saved, not shown, with the site's values.
    name, saved = download(page, 'a[data-tpl-download="text"]', tmp_path, "default.txt")
    assert name == f"{DEFAULTS['community']}{DEFAULTS['year']}年度精神文明建设工作计划.txt"
    assert saved.read_bytes() == (unzipped / "plans/community-annual-plan.txt").read_bytes()
    name, saved = download(page, 'a[data-tpl-download="docx"]', tmp_path, "default.docx")
    assert name == f"{DEFAULTS['community']}{DEFAULTS['year']}年度精神文明建设工作计划.docx"
    assert Document(saved).paragraphs[0].text.startswith(DEFAULTS["community"])

    # 我的信息: set on this page, there on the next one opened by a click.
    save_value(page, "community", OWN)
    page.locator(".md-tabs").get_by_role("link", name="活动范例").click()
    page.wait_for_url("**/activities/index.html")
    page.locator(f"article a[href$='{ACTIVITY.split('/')[1]}']").first.click()
    page.wait_for_url("**/" + ACTIVITY)
    assert community_texts(page) == {OWN}

    # 我的年度计划: an activity chosen here (邻居节, in May and September).
    page.click(f'button[data-tpl-choose="{CHOSEN}"]')
    page.wait_for_selector(f'button[data-tpl-choose="{CHOSEN}"][aria-pressed="true"]')

    # Search by typing, then open the first result.
    base = unzipped.as_uri() + "/"
    assert our_search(page, "道德讲堂", base)[0] == "activities/moral-lecture-hall.html"
    page.locator("[data-tpl-search] .tpl-search__result").first.click()
    page.wait_for_url("**/activities/moral-lecture-hall.html?h=*")
    page.wait_for_selector("mark.tpl-search-hit")
    assert community_texts(page) == {OWN}

    # The choice is still there on another page, and on 我的年度计划 by the header's link.
    count = int(page.locator("[data-tpl-plan-number]").first.inner_text())
    page.click("a[data-tpl-plan-count]")
    page.wait_for_url("**/my-plan.html")
    page.wait_for_selector("[data-tpl-my-plan-list] .tpl-choice__title a")
    titles = page.locator("[data-tpl-my-plan-list] .tpl-choice__title a").all_text_contents()
    # one choice, one month, added to the common activities the plans showed (read over file:// too)
    assert titles.count("邻居节") == 1 and len(titles) == count > 10
    page.go_back()
    page.wait_for_selector("mark.tpl-search-hit")

    # Word files with the reader's values: each of an activity's (活动方案, 信息稿, 台账 forms), the plan's.
    links = page.locator('a[data-tpl-download="docx"]')
    assert links.count() >= 7
    for n in range(links.count()):
        name, saved = download(page, f'a[data-tpl-download="docx"] >> nth={n}', tmp_path, f"activity-{n}.docx")
        document = Document(saved)
        text = "\n".join(
            [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
        assert OWN in text, name
    assert Document(tmp_path / "activity-0.docx").paragraphs[0].text.startswith(OWN)
    page.goto(unzipped.joinpath(PLAN).as_uri())
    page.wait_for_selector("#tpl-doc [data-var=community]")
    assert community_texts(page) == {OWN}
    rows = schedule_rows(page)  # the list as chosen, in month order
    assert len(rows) == count and rows.count(["5月", "邻居节"]) == 1
    name, saved = download(page, 'a[data-tpl-download="docx"]', tmp_path, "own.docx")
    document = Document(saved)
    assert document.paragraphs[0].text.startswith(OWN)
    assert DEFAULTS["community"] + "2" not in "\n".join(p.text for p in document.paragraphs)
    schedule = [
        [cell.text for cell in row.cells][:2]
        for table in document.tables
        for row in table.rows[1:]
        if table.rows[0].cells[0].text == "月份"
    ]
    assert schedule == rows

    # Copy and print.
    page.evaluate("navigator.clipboard.writeText('')")
    page.click("[data-tpl-copy-all]")
    page.wait_for_selector(".md-dialog--active")
    assert page.evaluate("navigator.clipboard.readText()").startswith(OWN)
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and page.locator("#tpl-doc h1").is_visible()
    page.emulate_media(media="screen")

    # A new version unzipped elsewhere: the values are still there.
    newer = unzip(offline_zip, tmp_path / "新版本")
    page.goto(newer.joinpath(PLAN).as_uri())
    assert community_texts(page) == {OWN}

    # Another computer: 导出到文件 here, 从文件导入 there (a browser with nothing saved).
    page.click(".tpl-values-toggle")
    page.click("details.tpl-profiles summary")  # 档案、导出和导入, folded below the fields
    with page.expect_download() as info:
        page.click("[data-tpl-export]")
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    page.evaluate("localStorage.clear()")
    page.reload()
    assert community_texts(page) == {DEFAULTS["community"]} and schedule_rows(page) != rows
    page.click(".tpl-values-toggle")
    page.set_input_files("[data-tpl-import-file]", exported)
    page.wait_for_function(
        "t => [...document.querySelectorAll('#tpl-doc [data-var=community]')].every(e => e.textContent === t)", arg=OWN
    )
    assert schedule_rows(page) == rows
    assert page.outside == []


def test_a_browser_without_resize_observer_gets_the_vendored_polyfill_not_unpkgs(offline_page, unzipped):
    """Material's bundle fetches a ResizeObserver polyfill from unpkg.com in a
    browser without one (Chrome before 64); the offline edition brings its own."""
    page = offline_page
    page.add_init_script("delete window.ResizeObserver")
    page.goto(unzipped.joinpath(PLAN).as_uri())
    page.wait_for_selector("#tpl-doc [data-var=community]")
    assert page.evaluate("typeof ResizeObserver") == "function"
    assert "[native code]" not in page.evaluate("String(ResizeObserver)")
    assert page.outside == []


# --- Failures ------------------------------------------------------------------


def test_failed_build_keeps_the_previous_zip_and_says_so(project, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / f"{NAME}.zip").write_bytes(b"an older build")
    (out / f".{NAME}.zip.4242.part").write_bytes(b"a build that was killed")
    (out / "dongcheng-offline.zip").write_bytes(b"another edition's")
    page = project / "docs/activities/neighbours-day.md"
    page.write_text(page.read_text(encoding="utf-8").replace("months: [5, 9]", "months: [5, 9]\nmonth: 5", 1), encoding="utf-8")
    result = make_offline(project, out)
    assert_build_failed(result, "neighbours-day.md", "key 'month'", "离线版没有生成", f"上次生成的 {out / NAME}.zip 保留未动")
    assert sorted(p.name for p in out.iterdir()) == ["dongcheng-offline.zip", f"{NAME}.zip"]
    assert (out / f"{NAME}.zip").read_bytes() == b"an older build"


def _descendants(pid):
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            todo += children - found
            found |= children
    return found


def _running(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_stopped_make_offline_keeps_the_previous_zip_and_leaves_no_temporary_files(project, tmp_path):
    out, temporary = tmp_path / "dist", tmp_path / "tmp"
    out.mkdir()
    temporary.mkdir()
    (out / f"{NAME}.zip").write_bytes(b"an older build")
    env = {**build_env(), "TMPDIR": str(temporary)}
    process = subprocess.Popen(
        [sys.executable, "-m", "macros.editions.offline", "--out", str(out)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline, started = time.monotonic() + 600, set()
    while time.monotonic() < deadline and process.poll() is None:
        started |= _descendants(process.pid)
        if len(list(temporary.glob("offline-site-*/site/activities/*.html"))) >= 10:
            break  # the build is well under way, its worker busy
        time.sleep(0.05)
    assert process.poll() is None, process.communicate()
    process.terminate()  # SIGTERM, as a CI job's cancel or `kill` sends
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert "已中断" in stderr and "保留未动" in stderr
    assert [p.name for p in out.iterdir()] == [f"{NAME}.zip"] and (out / f"{NAME}.zip").read_bytes() == b"an older build"
    assert list(temporary.iterdir()) == [], "the temporary site is removed"
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert started and not [pid for pid in started if _running(pid)], "the build and its worker end too"


def test_failed_or_interrupted_packaging_leaves_no_partial_zip(tmp_path, monkeypatch):
    site = tmp_path / "site"
    for n in range(5):
        (site / f"p{n}").mkdir(parents=True)
        (site / f"p{n}/index.html").write_text("<p>x</p>", encoding="utf-8")
    written, failure = [], [OSError("disk full")]

    def failing_write(self, filename, arcname=None, **kwargs):
        if len(written) == 3:
            raise failure[0]
        written.append(arcname)
        return original(self, filename, arcname, **kwargs)

    original = zipfile.ZipFile.write
    monkeypatch.setattr(zipfile.ZipFile, "write", failing_write)
    out = tmp_path / "dist"
    with pytest.raises(OSError, match="disk full"):
        offline.package(site, out / f"{NAME}.zip")
    assert list(out.iterdir()) == []
    (out / f"{NAME}.zip").write_bytes(b"an older build")
    for stop in (KeyboardInterrupt(), offline.Stopped(143)):  # Ctrl-C, and SIGTERM as main() turns it
        written.clear()
        failure[0] = stop
        with pytest.raises(type(stop)):
            offline.package(site, out / f"{NAME}.zip")
        assert [p.name for p in out.iterdir()] == [f"{NAME}.zip"] and (out / f"{NAME}.zip").read_bytes() == b"an older build"


def new_district(project, slug):
    result = helpers.new_district(project, slug)
    assert result.returncode == 0, result.stderr


def error_lines(result, needle):
    return [line.strip() for line in (result.stdout + result.stderr).splitlines() if needle in line]


def test_edition_with_a_broken_local_page_fails_as_make_build_does(project, tmp_path):
    new_district(project, "dongcheng")
    local = project / "districts/dongcheng/docs/activities/local-example.md"
    local.write_text(local.read_text(encoding="utf-8").replace("months: [6]", "months: [6]\nmonth: 6", 1), encoding="utf-8")
    expected = ("districts/dongcheng/docs/activities/local-example.md", "key 'month'")
    built = run_build(project, tmp_path / "site", district="dongcheng")
    assert_build_failed(built, *expected)
    out = tmp_path / "dist"
    made = make_offline(project, out, district="dongcheng")
    assert_build_failed(made, *expected)
    assert error_lines(made, "local-example.md") == error_lines(built, "local-example.md")
    assert not out.exists() or list(out.iterdir()) == []


def test_edition_zip_is_named_after_it_and_an_unknown_one_lists_the_editions(project, tmp_path):
    new_district(project, "dongcheng")
    out = tmp_path / "dist"
    made = make_offline(project, out, district="dongcheng")
    assert made.returncode == 0, made.stdout + made.stderr
    assert [p.name for p in out.iterdir()] == ["dongcheng-offline.zip"]
    with zipfile.ZipFile(out / "dongcheng-offline.zip") as package:
        names = set(package.namelist())
    assert {"dongcheng-offline/index.html", "dongcheng-offline/activities/local-example.html"} <= names

    made = make_offline(project, out, district="nowhere")
    assert_build_failed(made, "districts/nowhere", "existing editions: dongcheng", "make new-district NAME=nowhere")
    assert [p.name for p in out.iterdir()] == ["dongcheng-offline.zip"]  # another edition's zip is left alone


def test_online_build_is_unchanged(site):
    assert (site / "plans/community-annual-plan/index.html").is_file()
    assert not list(site.rglob("*.docx.js")) and not list(site.rglob("*.json.js"))
    page = (site / "plans/community-annual-plan/index.html").read_text(encoding="utf-8")
    assert '"navigation.instant"' in page and "ResizeObserver.js" not in page
