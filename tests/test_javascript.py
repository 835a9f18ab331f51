"""The browser scripts' unit tests (tests/js/*.test.mjs), run by node's own
test runner on the same files the site serves, without a browser."""

import re
import subprocess

from helpers import ROOT, node


def test_javascript_unit_tests():
    result = subprocess.run(
        [node(), "--test", *sorted(str(p) for p in (ROOT / "tests/js").glob("*.test.mjs"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = dict(re.findall(r"^# (\w+) (\d+)$", result.stdout, re.M))
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert int(summary["pass"]) >= 9 and summary["fail"] == "0" and summary["skipped"] == "0", summary
