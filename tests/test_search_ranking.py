"""The project's query set (tests/search_queries.yml) against the built
site's index, ranked by search-index.js itself under node (tests/js/rank.mjs):
the ranking a reader gets, without typing 300 queries into Chromium. The
search box around it is driven in Chromium by test_search_browser.py."""

import json
import subprocess

from helpers import ROOT, node
from search_driver import load_queries, recall


def ranked(site, queries, tmp_path, limit=5):
    path = tmp_path / "queries.json"
    path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [node(), str(ROOT / "tests/js/rank.mjs"), str(site), str(path), str(limit)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_query_set_finds_the_right_pages(site, tmp_path):
    cases = load_queries()
    assert len(cases) >= 300
    found = ranked(site, [query for query, _ in cases], tmp_path)
    at1, at5, misses = recall(found, cases)
    print(f"\nsearch query set: {len(cases)} queries, recall@1 {at1:.3f}, recall@5 {at5:.3f}")
    for query, expected, got in misses:
        print(f"  miss: {query} expected {expected or 'nothing'}, got {got}")
    assert at5 >= 0.98, misses
    assert at1 >= 0.90, misses
