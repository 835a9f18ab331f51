"""The browsers our readers have: every script of the site parses for them.

Target: Chrome 78, that is ECMAScript 2019 syntax and the built-ins Chrome 78
has. Community offices use the Chromium inside 360安全浏览器/极速浏览器, QQ浏览器
and 搜狗浏览器, and WeChat's built-in browser; their kernels in current use
are Chromium 78 to 94 (360 ships 78 and 86, 搜狗 80, QQ 94, WeChat's XWeb 86+),
and offices update slowly, so the oldest of them sets the floor. Chrome 78
lacks the syntax of ES2020 (`?.`, `??`, Chrome 80) and built-ins such as
String.replaceAll (85), Intl.Segmenter (87), Array.at (92), Object.hasOwn (93).

The check parses each file with acorn (vendored at an exact version in
tests/vendor/acorn, tools/vendor.json) with ecmaVersion 2019, in Chromium so
that it needs nothing beyond the browser the other tests use.
"""

import re

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser
ECMA_VERSION = 2019
SCRIPTS = sorted((ROOT / "docs/assets/javascripts").glob("*.js"))
ACORN = (ROOT / "tests/vendor/acorn/acorn.js").read_text(encoding="utf-8")
# Built-ins newer than Chrome 78; Intl.Segmenter would need a fallback beside it.
NEWER_BUILT_INS = [
    r"\.replaceAll\(",
    r"\.at\(",
    r"Object\.hasOwn\(",
    r"structuredClone\(",
    r"Intl\.Segmenter",
    r"\.findLast(Index)?\(",
    r"\.toSorted\(",
    r"Promise\.any\(",
    r"\bWeakRef\b",
]


def syntax_errors(page, sources):
    """{name: error} for each source that does not parse as ES2019 script."""
    page.add_script_tag(content=ACORN)
    return page.evaluate(
        """([sources, version]) => {
        const errors = {};
        for (const [name, text] of Object.entries(sources)) {
            try { acorn.parse(text, {ecmaVersion: version, sourceType: "script"}); }
            catch (error) { errors[name] = error.message; }
        }
        return errors;
    }""",
        [sources, ECMA_VERSION],
    )


def test_every_script_parses_for_the_target(page):
    assert len(SCRIPTS) >= 12, SCRIPTS
    sources = {path.name: path.read_text(encoding="utf-8") for path in SCRIPTS}
    assert syntax_errors(page, sources) == {}


def test_the_check_refuses_newer_syntax(page):
    """The check itself: ES2020 syntax fails, ES2018 regular expressions pass."""
    errors = syntax_errors(
        page,
        {
            "optional-chaining": "var a = window.b?.c;",
            "nullish": "var a = window.b ?? 1;",
            "lookbehind-and-properties": r"var a = /(?<!\p{Extended_Pictographic})\u200D/gu;",
            "catch-without-binding": "try { f(); } catch { g(); }",
        },
    )
    assert set(errors) == {"optional-chaining", "nullish"}, errors


def test_no_script_uses_built_ins_newer_than_the_target():
    found = [
        (path.name, pattern)
        for path in SCRIPTS
        for pattern in NEWER_BUILT_INS
        if re.search(pattern, path.read_text(encoding="utf-8"))
    ]
    assert found == []
