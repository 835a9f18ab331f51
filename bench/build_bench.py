"""Build-cost benchmark (issue 8): our site against a plain Material build of
the same pages, at 1×, 5× and 20× today's content. Not a test: run it with
`make bench` and read the table.

For each scale it measures, for both builds, wall and CPU time (user + system,
the build's worker process included), in rounds:
  a first build as after a clone (no compiled Python and no .cache/) and a
  repeated build (which writes every Word file into a clean site folder, taken
  from .cache/ where its page is unchanged: macros/page_cache.py); ours and
  the baseline take turns; times are medians over the rounds, and ratios
  medians of the ratios of builds run side by side;
  pages per second, peak memory (max RSS of the build process),
  total site size, and the bytes a browser downloads to open a plan page with
  its CSS and JS (Chromium, until the network is idle);
and, with bench/search_bench.py's browser driver, the bytes downloaded from
opening a page until the first search results show and the time from typing
to results (median over a few queries).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from generate import generate  # noqa: E402

PLAN_PAGE = "plans/community-annual-plan/"

# The baseline: the same Markdown, Material with its built-in search, no
# macros and no hooks (so the pages keep their {{ }} text, which costs the
# same to render as Markdown), and no jieba (issue 11: the plain build).
BASELINE_CONFIG = """\
site_name: 社区精神文明建设模板库
site_url: http://127.0.0.1:8000/
theme:
  name: material
  language: zh
  font: false
  features: [navigation.instant, navigation.tabs, navigation.indexes]
plugins:
  - search
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
"""

# Runs one build in a child process and reports its peak memory.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and its worker process
print({"returncode": result.returncode, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_kib": usage.ru_maxrss, "stderr": result.stderr[-2000:]})
"""


# Material's search uses jieba whenever it imports; the baseline hides it.
NO_JIEBA = "raise ImportError('jieba hidden from the baseline build')\n"


def measured_build(project, config, site_dir, hide_jieba=False):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DISTRICT", None)
    if hide_jieba:
        hidden = project / "no-jieba"
        hidden.mkdir(exist_ok=True)
        (hidden / "jieba.py").write_text(NO_JIEBA, encoding="utf-8")
        env["PYTHONPATH"] = str(hidden)
    command = [
        sys.executable,
        "-c",
        MEASURE,
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--config-file",
        config,
        "--site-dir",
        str(site_dir),
    ]
    output = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=True).stdout
    report = eval(output)  # our own dict literal, printed above
    if report["returncode"] != 0:
        raise SystemExit(f"build of {config} in {project} failed:\n{report['stderr']}")
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    size = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    return {
        "wall": report["wall"],
        "cpu": report["cpu"],
        "pages": pages,
        "pages_per_s": pages / report["wall"],
        "peak_mib": report["peak_kib"] / 1024,
        "site_bytes": size,
    }


def page_bytes(browser, base_url, path):
    """Bytes of all responses while opening `path` until the network is idle."""
    page = browser.new_page()
    sizes = []
    page.on("response", lambda response: sizes.append(len(response.body() or b"")) if response.ok else None)
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_timeout(500)
    page.close()
    return sum(sizes)


def first_search(browser, engine, base_url, site_dir):
    """Median (bytes downloaded until the first results, ms to results)."""
    from search_bench import FIRST_QUERIES, measure_first_search

    runs = [measure_first_search(browser, engine, base_url, site_dir, query) for query in FIRST_QUERIES]
    return statistics.median(r[0] for r in runs), statistics.median(r[3] for r in runs)


BUILDS = (("ours", "mkdocs.yml", "ours"), ("baseline", "mkdocs-baseline.yml", "material"))
TIMES = ("wall", "cpu")


def as_after_a_clone(project):
    """No compiled Python and no build caches, as in a fresh clone."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    for compiled in list(project.rglob("__pycache__")):
        shutil.rmtree(compiled)


def compared_builds(project, workdir, factor, repeat):
    """{name: figures, "ratio": ...}: `repeat` rounds of a first build as after
    a clone and a repeated build, ours and the baseline taking turns so that
    both meet the same load; medians of the times, ratios as medians of the
    ratios of builds run side by side."""
    runs = {(name, stage): [] for name, _, _ in BUILDS for stage in ("first", "again")}
    for _ in range(repeat):
        as_after_a_clone(project)
        for stage in ("first", "again"):
            for name, config, _ in BUILDS:
                site_dir = workdir / f"site-{name}-x{factor}"
                runs[name, stage].append(measured_build(project, config, site_dir, hide_jieba=name == "baseline"))
    figures = {}
    for name, _, _ in BUILDS:
        again, first = runs[name, "again"], runs[name, "first"]
        figures[name] = dict(
            again[-1],
            **{key: statistics.median(r[key] for r in again) for key in TIMES},
            **{f"first_{key}": statistics.median(r[key] for r in first) for key in TIMES},
        )
        figures[name]["pages_per_s"] = figures[name]["pages"] / figures[name]["wall"]
    figures["ratio"] = {
        f"{prefix}{key}": statistics.median(o[key] / b[key] for o, b in zip(runs["ours", stage], runs["baseline", stage]))
        for stage, prefix in (("again", ""), ("first", "first_"))
        for key in TIMES
    }
    return figures


def run(factors, workdir, repeat):
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, serve

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for factor in factors:
            project = generate(workdir / f"x{factor}", factor)
            (project / "mkdocs-baseline.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
            row = {"factor": factor, **compared_builds(project, workdir, factor, repeat)}
            for name, _, engine in BUILDS:
                figures, site_dir = row[name], workdir / f"site-{name}-x{factor}"
                figures["docx_files"] = sum(1 for _ in site_dir.rglob("*.docx"))
                base_url = serve(str(site_dir))
                figures["plan_page_bytes"] = page_bytes(browser, base_url, PLAN_PAGE)
                figures["search_bytes"], figures["search_ms"] = first_search(browser, engine, base_url, site_dir)
            rows.append(row)
            print(f"{factor}× done", file=sys.stderr)
        browser.close()
    return rows


def table(rows):
    first = rows[0]["ours"]["wall"]
    lines = [
        "| scale | build | first build s (CPU s) | repeated build s (CPU s) | pages | Word files | pages/s | peak MiB | site MiB | plan page KiB | first search KiB | first search ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        for name in ("ours", "baseline"):
            f = row[name]
            lines.append(
                f"| {row['factor']}× | {name} | {f['first_wall']:.1f} ({f['first_cpu']:.1f}) | {f['wall']:.1f} ({f['cpu']:.1f}) | {f['pages']} | {f['docx_files']} | "
                f"{f['pages_per_s']:.0f} | {f['peak_mib']:.0f} | {f['site_bytes'] / 2**20:.1f} | "
                f"{f['plan_page_bytes'] / 1024:.0f} | {f['search_bytes'] / 1024:.0f} | {f['search_ms']:.0f} |"
            )
    lines += [
        "",
        "| scale | repeated build ours/baseline (goal ≤ 1.3), CPU | first build ours/baseline (goal ≤ 2), CPU | ours vs 1× (goal at 20× ≤ 22) | plan page ours/baseline (goal ≤ 1.1) | first-search bytes ours/baseline (goal at 20× ≤ 0.33) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        o, b = row["ours"], row["baseline"]
        ratio = row["ratio"]
        lines.append(
            f"| {row['factor']}× | {ratio['wall']:.2f}, {ratio['cpu']:.2f} | {ratio['first_wall']:.2f}, {ratio['first_cpu']:.2f} | {o['wall'] / first:.1f} | "
            f"{o['plan_page_bytes'] / b['plan_page_bytes']:.2f} | {o['search_bytes'] / b['search_bytes']:.2f} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,5,20")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of a first and a repeated build, for the medians")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    factors = [int(f) for f in args.factors.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        rows = run(factors, Path(workdir), args.repeat)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
