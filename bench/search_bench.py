"""Search benchmark (make bench-search): our sharded index against Material's
built-in search (with jieba) and, for reference, Pagefind 1.5.2 (its JS API,
default settings, article as root), on the same built content at 1× and 20×.

For each engine and scale, in headless Chromium:
  recall@1/@5   the query set tests/search_queries.yml, typed into the search
                box (Pagefind: its API); of the first 10 results, copies count
                as their original page, and the first 5 distinct pages score
  first search  a fresh browser opens the home page and searches; bytes of all
                responses from opening the page until the first results show,
                the part of them that is search (index, worker, search JS), the
                same gzipped, and the time from typing to results

    python bench/search_bench.py [--factors 1,20] [--keep DIR]
"""

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from generate import canonical, generate  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from search_driver import load_queries, material_search, our_search, recall, site_path  # noqa: E402

# Results read per query; copies of a page count as the page, the first 5
# distinct pages are scored. Material shows 10 before one scrolls.
SHOWN = 10
FIRST_QUERIES = ["道德讲堂", "红白理事会", "文明家庭", "重阳敬老", "迎检", "督查考核"]
MATERIAL_CONFIG = "mkdocs-material-search.yml"
# Material's documented setting for Chinese with jieba: split on U+200B too.
MATERIAL_PLUGIN = """  - search:
      separator: '[\\s\\u200b\\-_,:!=\\[\\]()"`/]+|\\.(?!\\d)|&[lg]t;|(?=[A-Z][a-z])'
"""
SEARCH_PATHS = {
    "ours": ("/assets/search/", "/search-index.js", "/search.js"),
    "material": ("/search/search_index.json", "/workers/search", "/lunr/", "/search.js", "/search-index.js"),
    "pagefind": ("/pagefind/", "/search.js", "/search-index.js"),
}


def build(project, config, site_dir):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DISTRICT", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(site_dir)]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def material_variant(project):
    """The same project with Material's search plugin (jieba segments Chinese)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if "\nplugins:\n" not in text:
        raise SystemExit("mkdocs.yml has no plugins: list to add Material's search to")
    (project / MATERIAL_CONFIG).write_text(text.replace("\nplugins:\n", "\nplugins:\n" + MATERIAL_PLUGIN, 1), encoding="utf-8")
    return MATERIAL_CONFIG


def build_scale(workdir, factor):
    """Build our site and the Material variant of `factor`× content; add Pagefind."""
    project = generate(workdir / f"project-{factor}x", factor)
    sites = {"ours": workdir / f"site-{factor}x-ours", "material": workdir / f"site-{factor}x-material"}
    started = time.perf_counter()
    jobs = {
        "ours": build(project, "mkdocs.yml", sites["ours"]),
        "material": build(project, material_variant(project), sites["material"]),
    }
    seconds = {}
    for name, job in jobs.items():
        output, _ = job.communicate()
        seconds[name] = time.perf_counter() - started
        if job.returncode:
            raise SystemExit(f"{name} build at {factor}× failed:\n{output[-3000:]}")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(sites["ours"]),
            "--root-selector",
            "article.md-content__inner",
            "--output-subdir",
            "pagefind",
            "--quiet",
        ],
        check=True,
    )
    seconds["pagefind"] = time.perf_counter() - started
    sites["pagefind"] = sites["ours"]
    pages = sum(1 for _ in sites["ours"].rglob("index.html"))
    return sites, seconds, pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


PAGEFIND_SEARCH = """async ([bundle, q, limit]) => {
  const started = performance.now();
  window.__pagefind = window.__pagefind || await import(bundle);
  const found = await window.__pagefind.search(q);
  const data = await Promise.all(found.results.slice(0, limit).map(r => r.data()));
  return [data.map(d => new URL(d.url, location.href).href), performance.now() - started];
}"""


def pagefind_search(page, query, base_url, limit=5, timing=None):
    hrefs, ms = page.evaluate(PAGEFIND_SEARCH, [base_url + "pagefind/pagefind.js", query, limit])
    if timing is not None:
        timing["ms"] = ms
    return [site_path(h, base_url) for h in hrefs[:limit]]


SEARCHES = {"ours": our_search, "material": material_search, "pagefind": pagefind_search}


def measure_recall(browser, engine, base_url, cases):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(base_url)
    if engine == "ours":  # as many as Material shows before scrolling
        page.eval_on_selector("[data-tpl-search]", f"box => box.setAttribute('data-max-results', '{SHOWN}')")
    found = []
    for query, _ in cases:
        pages = [canonical(url) for url in SEARCHES[engine](page, query, base_url, limit=SHOWN)]
        found.append(list(dict.fromkeys(pages))[:5])
    context.close()
    return recall(found, cases)


def measure_first_search(browser, engine, base_url, site_dir, query):
    """(all bytes, search bytes, search bytes gzipped, ms from typing to results)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(base_url)
    timing = {}
    SEARCHES[engine](page, query, base_url, timing=timing)
    elapsed = timing["ms"]
    total = search = packed = 0
    for request in list(finished):
        size = request.sizes()["responseBodySize"]
        total += size
        path = urlsplit(request.url).path
        if any(part in path for part in SEARCH_PATHS[engine]):
            search += size
            packed += gzipped_size(site_dir, path)
    context.close()
    return total, search, packed, elapsed


@functools.cache
def gzipped_size(site_dir, path):
    file = Path(site_dir) / unquote(path).lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0


def index_size(engine, site_dir):
    folder = {"ours": "assets/search", "material": "search", "pagefind": "pagefind"}[engine]
    return sum(f.stat().st_size for f in (Path(site_dir) / folder).rglob("*") if f.is_file())


def run(factors, workdir):
    from playwright.sync_api import sync_playwright

    cases = load_queries()
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for factor in factors:
            print(f"building {factor}× ...", flush=True)
            sites, seconds, pages = build_scale(workdir, factor)
            for engine in ("ours", "material", "pagefind"):
                server, base_url = serve(sites[engine])
                try:
                    r1, r5, misses = measure_recall(browser, engine, base_url, cases)
                    firsts = [measure_first_search(browser, engine, base_url, sites[engine], q) for q in FIRST_QUERIES]
                finally:
                    server.shutdown()
                median = [statistics.median(values) for values in zip(*firsts)]
                rows.append((factor, pages, engine, seconds[engine], index_size(engine, sites[engine]), r1, r5, *median))
                print(
                    f"  {engine}: recall@1 {r1:.3f} recall@5 {r5:.3f}; misses: "
                    + "; ".join(f"{q}→{found[:3]}" for q, _, found in misses[:8]),
                    flush=True,
                )
        browser.close()
    return rows


def print_table(rows):
    header = (
        "scale",
        "pages",
        "engine",
        "build s",
        "index KiB",
        "recall@1",
        "recall@5",
        "first-search KiB (all)",
        "search KiB",
        "search KiB gz",
        "ms to results",
    )
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for factor, pages, engine, build_s, index, r1, r5, total, search, packed, ms in rows:
        print(
            f"| {factor}× | {pages} | {engine} | {build_s:.0f} | {index / 1024:.0f} | {r1:.3f} | {r5:.3f} | "
            f"{total / 1024:.0f} | {search / 1024:.0f} | {packed / 1024:.0f} | {ms:.0f} |"
        )
    by_key = {(r[0], r[2]): r for r in rows}
    for factor in sorted({r[0] for r in rows}):
        ours, material = by_key.get((factor, "ours")), by_key.get((factor, "material"))
        if ours and material:
            print(
                f"{factor}×: first-search bytes ours/material = {ours[7] / material[7]:.3f} (all), "
                f"{ours[8] / material[8]:.3f} (search only), {ours[9] / material[9]:.3f} (search only, gzip)"
            )
    print(
        "Engines: ours = assets/search shards; material = Material 9.8.1 search plugin + jieba 0.42.1;"
        " pagefind = Pagefind 1.5.2 JS API (no UI; build time is the indexing step only)."
    )
    print(
        "Bytes are response bodies as served uncompressed; 'gz' = the same files gzipped (level 6). Medians over: "
        + "、".join(FIRST_QUERIES)
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,20", help="content scales, comma-separated (default 1,20)")
    parser.add_argument("--keep", type=Path, help="build here and keep the sites (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    factors = [int(f) for f in args.factors.split(",")]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print_table(run(factors, workdir))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
