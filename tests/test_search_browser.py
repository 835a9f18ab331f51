"""A person searches from the header of the built site in Chromium."""

import functools
import http.server
import json
import sys
import threading

import pytest

from conftest import ROOT, VARIANT_COPIES, _QuietHandler, serve
from helpers import front_matter
from search_driver import OUR_BOX, OUR_RESULTS, our_search

pytestmark = pytest.mark.browser
STATUS = "[data-tpl-search] .tpl-search__status"


def wait_for_answer(page, query):
    page.wait_for_function(
        "q => { const r = document.querySelector('[data-tpl-search]');"
        " return r.getAttribute('data-state') === 'done' && r.getAttribute('data-query') === q; }",
        arg=query,
    )


def test_no_result_says_so_in_chinese(page, base_url):
    page.goto(base_url)
    assert our_search(page, "量子计算机", base_url) == []
    assert page.is_visible(STATUS)
    assert page.inner_text(STATUS).startswith("没有找到与“量子计算机”相关的内容")


def test_html_in_a_query_is_shown_as_text(page, base_url):
    page.goto(base_url)
    query = '<img src=x onerror="window.__pwned=1">道德讲堂<b>'
    our_search(page, query, base_url)
    assert page.locator("[data-tpl-search] img, [data-tpl-search] b").count() == 0
    assert not page.evaluate("window.__pwned")
    nothing = "<script>alert(1)</script>量子"
    our_search(page, nothing, base_url)
    assert nothing in page.inner_text(STATUS)
    assert page.locator("[data-tpl-search] script").count() == 0


def test_result_shows_page_and_section_and_opens_on_it(page, base_url):
    page.goto(base_url)
    our_search(page, "讲述内容涉及他人隐私", base_url)
    first = page.locator(OUR_RESULTS).first
    assert first.locator(".tpl-search__title").inner_text() == "道德讲堂"
    assert first.locator(".tpl-search__section").inner_text() == "安全保障"
    first.click()
    page.wait_for_url("**/activities/moral-lecture-hall/?h=*#*")
    assert page.evaluate("decodeURIComponent(location.hash)") == "#安全保障"
    page.wait_for_selector("article mark.tpl-search-hit")
    assert "讲述内容涉及他人隐私" in page.locator("article mark.tpl-search-hit").all_inner_texts()


def test_keyboard_enter_opens_first_result_escape_closes(page, base_url):
    page.goto(base_url)
    our_search(page, "红白事", base_url)
    assert page.is_visible("#tpl-search-panel")
    page.keyboard.press("Escape")
    assert page.is_hidden("#tpl-search-panel")
    page.click(OUR_BOX)
    assert page.is_visible("#tpl-search-panel")
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/funeral-and-wedding-council/**")
    assert page.is_hidden("#tpl-search-panel")


def test_search_keeps_working_across_instant_navigation(page, base_url):
    page.goto(base_url)
    page.evaluate("window.__samePage = true")
    for query, target in [("邻居节", "neighbours-day"), ("重阳", "double-ninth-festival"), ("除四害", "four-pests")]:
        our_search(page, query, base_url)
        assert page.locator("#tpl-search-panel").count() == 1
        results = page.eval_on_selector_all(OUR_RESULTS, "links => links.map(a => a.href)")
        assert len(results) == len(set(results)) >= 1
        page.locator(OUR_RESULTS).first.click()
        page.wait_for_url(f"**/activities/{target}/**")
        page.wait_for_selector("article mark.tpl-search-hit")
        assert page.evaluate("window.__samePage") is True, "a full page load: instant navigation was lost"
    # One binding only: a single search fetches each index file once.
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    our_search(page, "道德讲堂", base_url)
    index_files = [url for url in fetched if "/assets/search/" in url]
    assert len(index_files) == len(set(index_files))


def test_phone_sized_screen(browser, base_url):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 667}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(base_url + "plans/")
        box = page.locator(OUR_BOX)
        assert box.is_visible()
        header = page.locator(".md-header").bounding_box()
        bounds = box.bounding_box()
        assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 375
        assert header["y"] <= bounds["y"] <= header["y"] + header["height"]
        assert our_search(page, "迎检", base_url)[0] == "plans/inspection-plan/"
        panel = page.locator("#tpl-search-panel").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 375 and panel["y"] + 10 < 667
        page.locator(OUR_RESULTS).first.tap()
        page.wait_for_url("**/plans/inspection-plan/**")
        assert not errors
    finally:
        context.close()


@pytest.fixture(scope="session")
def sub_path_url(site, tmp_path_factory):
    """The site served from /district/templates/ of another server root."""
    root = tmp_path_factory.mktemp("web-root")
    (root / "district").mkdir()
    (root / "district" / "templates").symlink_to(site, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/district/templates/"
    server.shutdown()


def test_search_works_from_a_sub_path(page, sub_path_url):
    page.goto(sub_path_url + "activities/moral-lecture-hall/")
    assert our_search(page, "督查考核", sub_path_url)[0] == "sections/supervision/"
    page.locator(OUR_RESULTS).first.click()
    page.wait_for_url(sub_path_url + "sections/supervision/**")
    assert page.locator("article h1").inner_text().startswith("督查考核")
    assert our_search(page, "道德讲堂", sub_path_url)[0] == "activities/moral-lecture-hall/"


def test_browser_cuts_queries_like_the_index(page, base_url):
    """search-index.js must split a query exactly as macros/search/tokens.py splits pages."""
    sys.path.insert(0, str(ROOT))
    from macros.search.tokens import text_tokens

    page.goto(base_url)
    for text in ["道德讲堂", "装国家反诈中心App，拨打96110", "３·１５　消费者", "唱、学、讲", "Ｗｉ－Ｆｉ热点"]:
        in_browser = page.evaluate("t => window.tplSearchIndex.queryTokens(t).terms", text)
        assert in_browser == list(dict.fromkeys(text_tokens(text))), text


def test_typing_while_composing_does_not_search_pinyin(page, base_url):
    page.goto(base_url)
    page.click(OUR_BOX)
    # Every change of the search state, with what the box held when it changed:
    # events are handled in order, so once the committed word is answered, a
    # search started by the composed letters would be on this list.
    page.evaluate("""() => {
        window.__searchedFor = [];
        const root = document.querySelector('[data-tpl-search]'), box = document.querySelector('#tpl-search-input');
        new MutationObserver(records => records.forEach(() => window.__searchedFor.push(box.value)))
            .observe(root, {attributes: true, attributeFilter: ['data-state']});
    }""")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "daode", "selectionStart": 5, "selectionEnd": 5})
    assert page.input_value(OUR_BOX) == "daode"
    cdp.send("Input.insertText", {"text": "道德讲堂"})
    page.keyboard.up("Space")
    wait_for_answer(page, "道德讲堂")
    cdp.detach()
    assert set(page.evaluate("window.__searchedFor")) == {"道德讲堂"}
    assert page.locator(OUR_RESULTS).first.locator(".tpl-search__title").inner_text() == "道德讲堂"


def test_a_listing_never_ranks_above_the_pages_it_lists(page, base_url):
    """A kind (倡议书, 通知 …) is a heading of documents/ or plans/: the pages of
    that kind come first, as many as fit in the first five, the listing after them."""
    kinds = {}
    for path in sorted((ROOT / "docs").glob("*/*.md")):
        meta = front_matter(path)
        kind = meta.get("doc_type") or meta.get("plan_type")
        if kind:
            kinds.setdefault(kind, set()).add(path.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/")
    page.goto(base_url)
    for kind in ["倡议书", "通知", "推荐表", "事迹材料", "会议纪要", "工作总结", "专项工作计划", "整改方案"]:
        found = our_search(page, kind, base_url, limit=8)
        first = found[: min(5, len(kinds[kind]))]
        assert set(first) <= kinds[kind], (kind, found)


def test_copies_of_a_page_do_not_hide_the_other_answers(variant_site, browser):
    """Eight copies of 红白理事会 under other titles (conftest.variant_site) match
    红白理事会 better than the plan that names it as a synonym; each text is
    shown once before its repeats."""
    site = variant_site[1]
    base_url = serve(str(site))
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    tab.goto(base_url)
    found = our_search(tab, "红白理事会", base_url, limit=8)
    context.close()
    assert found[0].startswith("activities/funeral-and-wedding-council")
    assert "plans/customs-reform-plan/" in found[:3], found
    manifest = json.loads((site / "assets/search/manifest.json").read_text(encoding="utf-8"))
    assert sum(count for _, count, _ in manifest["repeats"]) == VARIANT_COPIES == 8


def test_browser_sounds_tokens_like_the_index(page, base_url, site):
    """search-index.js computes sound keys from the build's table exactly as
    macros/search/tokens.py computes them with pypinyin."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT))
    from macros.search.tokens import sound_key

    manifest = json.loads((site / "assets/search/manifest.json").read_text(encoding="utf-8"))
    table = json.loads((site / "assets/search" / manifest["dir"] / "sounds.json").read_text(encoding="utf-8"))
    page.goto(base_url)
    tokens = ["倡仪", "倡议", "事绩", "=倡议书", "=身边好人事迹材料", "=96110", "app", "倡", "=3·15消费者", "行动", "乐园"]
    in_browser = page.evaluate(
        "([tokens, table]) => { const r = window.tplSearchIndex.readingsOf(table);"
        " return tokens.map(t => window.tplSearchIndex.soundKey(t, r)); }",
        [tokens, table],
    )
    assert in_browser == [sound_key(t) for t in tokens]
    assert in_browser[0] == in_browser[1] == "~chang-yi"


def test_typing_slips_by_sound_find_the_same_pages(page, base_url):
    page.goto(base_url)
    for slip, right in [("倡仪书", "倡议书"), ("事绩材料", "事迹材料"), ("自察报告", "自查报告")]:
        found = our_search(page, slip, base_url)[:3]
        assert found and found == our_search(page, right, base_url)[:3], slip


def test_pairs_found_nowhere_do_not_count_against_a_page(page, base_url):
    """邻居节活东: 活东 occurs nowhere (a slip for 活动); 邻居节 still finds its page.
    A query mostly about something else still finds nothing."""
    page.goto(base_url)
    assert our_search(page, "邻居节活东", base_url)[0] == "activities/neighbours-day/"
    assert our_search(page, "邻居节咕噜", base_url)[0] == "activities/neighbours-day/"
    for off_topic in ["火星探测器", "股票投资技巧", "python教程"]:
        assert our_search(page, off_topic, base_url) == [], off_topic


def test_a_sound_alike_never_outranks_what_was_typed(page, base_url):
    """A query typed right asks nothing by sound: no sound table is fetched."""
    page.goto(base_url)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    our_search(page, "倡议书", base_url)
    our_search(page, "道德讲堂 志愿服务", base_url)
    assert not [url for url in fetched if url.endswith("sounds.json")]
    our_search(page, "倡仪书", base_url)
    assert [url for url in fetched if url.endswith("sounds.json")]
