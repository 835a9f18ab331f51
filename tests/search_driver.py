"""Drive a search box in Chromium as a person does, for the tests and for
bench/search_bench.py: click the box, type through the IME (composition
events, then the commit), release the key that committed, read the results.
"""

from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES_FILE = Path(__file__).resolve().parent / "search_queries.yml"
OUR_BOX = "#tpl-search-input"
OUR_RESULTS = "[data-tpl-search] .tpl-search__result"


def load_queries():
    """[(query, [expected page URLs])]; an empty list means no answer."""
    cases = []
    for case in yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8")):
        expect = case["expect"]
        expected = [] if expect == "none" else [expect] if isinstance(expect, str) else list(expect)
        cases.append((str(case["q"]), expected))
    return cases


def ime_type(page, selector, text):
    """Focus the box, clear it, compose `text` and commit it like a Pinyin IME."""
    page.click(selector)
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.eval_on_selector(
        selector, "box => box.addEventListener('compositionend', () => { window.__typedAt = performance.now(); }, {once: true})"
    )
    cdp = page.context.new_cdp_session(page)
    try:
        pinyin = "x" * min(len(text), 6)
        cdp.send("Input.imeSetComposition", {"text": pinyin, "selectionStart": len(pinyin), "selectionEnd": len(pinyin)})
        cdp.send("Input.insertText", {"text": text})
    finally:
        cdp.detach()
    page.keyboard.up("Space")  # the key that chose the candidate


def site_path(href, base_url):
    """'http://host/sub/activities/x/?h=..#y' -> 'activities/x/'."""
    path = urlsplit(href).path
    base = urlsplit(base_url).path
    return path[len(base) :] if path.startswith(base) else path


def our_search(page, query, base_url, limit=5, timeout=15000, timing=None):
    """Type into the header box; the first `limit` result pages (site paths).
    `timing` (a dict) gets "typed" and "shown" perf_counter times."""
    ime_type(page, OUR_BOX, query)
    page.wait_for_function(
        "q => { const r = document.querySelector('[data-tpl-search]');"
        " const done = r.getAttribute('data-state') === 'done' && r.getAttribute('data-query') === q;"
        " if (done) window.__shownAt = performance.now(); return done; }",
        arg=query.strip(),
        timeout=timeout,
        polling="raf",
    )
    if timing is not None:
        timing["ms"] = page.evaluate("window.__shownAt - window.__typedAt")
    hrefs = page.eval_on_selector_all(OUR_RESULTS, "links => links.map(a => a.href)")
    return [site_path(h, base_url) for h in hrefs[:limit]]


MATERIAL_STATE = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const links = [...document.querySelectorAll('.md-search-result__list > .md-search-result__item > a')];
  return [meta ? meta.textContent.trim() : '', links.map(a => a.href)];
}"""


def material_search(page, query, base_url, limit=5, timeout=60000, timing=None):
    """Type into Material's built-in search; the first `limit` result pages.
    Material answers each input event in turn (the IME's interim text too),
    so wait for a result count, then until the list stops changing."""
    if not page.is_visible("input.md-search__input"):  # phones: behind a header button
        page.click("label.md-header__button[for='__search']")
    ime_type(page, "input.md-search__input", query)
    page.wait_for_function(
        "q => { const done = document.querySelector('input.md-search__input').value === q &&"
        " /符合条件的结果/.test(document.querySelector('.md-search-result__meta').textContent);"
        " if (done) window.__shownAt = performance.now(); return done; }",
        arg=query,
        timeout=timeout,
        polling="raf",
    )
    state, steady = page.evaluate(MATERIAL_STATE), 0
    while steady < 3:
        page.wait_for_timeout(100)
        current = page.evaluate(MATERIAL_STATE)
        steady = steady + 1 if current == state else 0
        if current != state:
            page.evaluate("window.__shownAt = performance.now()")
        state = current
    if timing is not None:
        timing["ms"] = page.evaluate("window.__shownAt - window.__typedAt")
    return [site_path(h, base_url) for h in state[1][:limit]]


def recall(results, cases):
    """(recall@1, recall@5, misses): share of expected pages found in time."""
    at1 = at5 = wanted = 0
    misses = []
    for (query, expected), found in zip(cases, results):
        if not expected:
            wanted += 1
            ok = not found
            at1 += ok
            at5 += ok
            if not ok:
                misses.append((query, expected, found))
            continue
        for url in expected:
            wanted += 1
            at5 += url in found[:5]
            at1 += url in found[: len(expected)]
        if any(url not in found[:5] for url in expected):
            misses.append((query, expected, found))
    return at1 / wanted, at5 / wanted, misses
