"""`make check DISTRICT=…` (issue 12): the upstream content gates on an
edition's own pages and values.yml, one `file:line: rule: message` each."""

import os
import subprocess

import pytest

from helpers import GOOD_PAGE, ROOT, activity_front_matter, new_district, run_check

# A local activity that breaks every rule of the check once, each on its own line.
BAD_PAGE = (
    activity_front_matter("东湖護湖行动", "组织居民清理湖岸垃圾,保护水环境")
    + """
## 活动目的

以科学发展观为指导，保护东湖水环境。

## 时间地点

20xx年6月，地点见[地图](https://example.com/map)。

依据：《某市湖泊保护条例》。

!!! note "依据"

    依据：《中华人民共和国水法》。

## 活动流程

1. 准备：组织志愿者,分组负责.
2. 实施：清理湖岸\u200b垃圾。

## 分工

社区负责组织，共建单位提供工具。更多相关内容本文由网友提供。

## 安全保障

湖边設置警示牌。

## 信息稿

{{ fill("活动日期") }}，{{ community }}开展护湖行动。

## 台账清单

{{ ledger_checklist() }}
"""
)

# rule -> a fragment of the line where the check must report it.
EXPECTED = {
    "traditional": "title: 东湖護湖行动",
    "punctuation": "summary: 组织居民清理湖岸垃圾,保护水环境",
    "stale": "以科学发展观为指导",
    "placeholder": "20xx年6月",
    "writer-note": "依据：《某市湖泊保护条例》",
    "zero-width": "清理湖岸\u200b垃圾",
    "ad": "更多相关内容本文由网友提供",
}


def line_of(text, fragment):
    [number] = [n for n, line in enumerate(text.split("\n"), start=1) if fragment in line]
    return number


@pytest.fixture
def edition(project):
    """A new edition as `make new-district` creates it."""
    result = new_district(project, "dongcheng")
    assert result.returncode == 0, result.stderr
    return project / "districts/dongcheng"


def test_a_new_edition_and_upstream_pass(edition):
    check = run_check(edition.parent.parent, "dongcheng")
    assert check.returncode == 0 and "没有发现问题" in check.stdout, check.stdout
    upstream = run_check(edition.parent.parent)  # the same gates on docs/: no false alarms on the real content
    assert upstream.returncode == 0 and "没有发现问题" in upstream.stdout, upstream.stdout


def test_a_local_page_that_breaks_each_rule(edition):
    page = edition / "docs/activities/lake.md"
    page.write_text(BAD_PAGE, encoding="utf-8")
    check = run_check(edition.parent.parent, "dongcheng")
    assert check.returncode == 1, check.stdout
    reported = check.stdout.splitlines()
    for rule, fragment in EXPECTED.items():
        prefix = f"districts/dongcheng/docs/activities/lake.md:{line_of(BAD_PAGE, fragment)}: {rule}: "
        assert any(line.startswith(prefix) for line in reported), f"{prefix!r} not in:\n{check.stdout}"
    assert (
        f"lake.md:{line_of(BAD_PAGE, '分组负责')}: punctuation: 应为全角标点：准备：组织志愿者,分组负责. → 准备：组织志愿者，分组负责。"
        in check.stdout
    )
    # Inside the admonition the same note is right; a link's address is not text.
    assert f"lake.md:{line_of(BAD_PAGE, '《中华人民共和国水法》')}:" not in check.stdout
    assert "example.com" not in check.stdout
    assert sum(line.startswith("districts/") for line in reported) == len(EXPECTED) + 2  # 設 (line 48) and the list item


def test_a_schema_error_is_named_with_its_line(edition):
    page = edition / "docs/activities/lake.md"
    page.write_text(BAD_PAGE.replace("months: [6]", "months: [6, 13]"), encoding="utf-8")
    check = run_check(edition.parent.parent, "dongcheng")
    assert check.returncode == 1
    assert (
        "districts/dongcheng/docs/activities/lake.md:6: schema: key 'months[1]': expected a month from 1 to 12, got 13"
        in check.stdout
    )


def test_values_are_checked(edition):
    values = edition / "values.yml"
    text = values.read_text(encoding="utf-8")
    values.write_text(text.replace('party_congress: "', 'party_congress: "党的十九大和'), encoding="utf-8")
    check = run_check(edition.parent.parent, "dongcheng")
    assert check.returncode == 1
    assert f"districts/dongcheng/values.yml:{line_of(text, 'party_congress:')}: stale: 过时的提法：十九大" in check.stdout

    values.write_text(text.replace("community:", "comunity:"), encoding="utf-8")
    check = run_check(edition.parent.parent, "dongcheng")
    assert check.returncode == 1
    assert (
        f"districts/dongcheng/values.yml:{line_of(text, 'community:')}: schema: key 'comunity': expected one of the variables"
        in check.stdout
    )


def test_make_check_is_the_check():
    """The Makefile target runs this command line (in the real project; it only reads)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISTRICT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}

    def make(*args):
        return subprocess.run(
            ["make", "--no-print-directory", "check", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )

    ok = make()
    assert ok.returncode == 0 and "没有发现问题" in ok.stdout, ok.stdout + ok.stderr
    assert "Warning" not in ok.stderr, ok.stderr  # e.g. runpy's, when the package imported macros.check already
    unknown = make("DISTRICT=nowhere")
    assert unknown.returncode != 0 and "make new-district NAME=nowhere" in unknown.stderr


# --- The build runs the same checks ------------------------------------------


def run_edition_build(project, tmp_path):
    from conftest import run_build

    return run_build(project, tmp_path / "site", district="dongcheng")


def reported(output):
    """The `file:line: rule: message` lines of a check or a build's output."""
    return sorted(line for line in output.splitlines() if line.startswith("districts/dongcheng/"))


BROKEN = {
    # rule -> (file of the edition, old text, new text); each breaks one rule once
    "headings": ("docs/activities/lake.md", "## 安全保障", "## 安全须知"),  # the renamed heading of issue 19
    "schema": ("docs/activities/lake.md", "months: [6]", "months: [6, 13]"),
    "traditional": ("docs/activities/lake.md", "设置警示牌", "設置警示牌"),
    "stale": ("docs/activities/lake.md", "保护东湖水环境。", "以科学发展观为指导，保护东湖水环境。"),
    "placeholder": ("docs/activities/lake.md", "6月，地点", "20xx年6月，地点"),
    "ad": ("docs/activities/lake.md", "提供工具。", "提供工具。更多相关内容本文由网友提供。"),
    "zero-width": ("docs/activities/lake.md", "清理湖岸垃圾。", "清理湖岸\u200b垃圾。"),
    "writer-note": ("docs/activities/lake.md", "\n## 活动流程", "\n依据：《某市湖泊保护条例》。\n\n## 活动流程"),
    "punctuation": ("docs/activities/lake.md", "保护湖岸水环境", "保护湖岸,水环境"),
    "values": ("values.yml", 'party_congress: "', 'party_congress: "党的十九大精神，'),
    "values-schema": ("values.yml", "community:", "comunity:"),
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_the_build_fails_with_the_check_s_message(edition, tmp_path, rule):
    """`make check` and `mkdocs build` run one function (check.build_check):
    each broken rule stops both, with the same `file:line: rule: message`."""
    (edition / "docs/activities").mkdir(parents=True, exist_ok=True)
    page = edition / "docs/activities/lake.md"
    page.write_text(GOOD_PAGE, encoding="utf-8")
    name, old, new = BROKEN[rule]
    target = edition / name
    text = target.read_text(encoding="utf-8")
    assert old in text, (rule, old)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    check = run_check(edition.parent.parent, "dongcheng")
    assert check.returncode == 1, check.stdout
    expected = reported(check.stdout)
    shown_rule = {"values": "stale", "values-schema": "schema"}.get(rule, rule)
    assert len(expected) == 1 and f": {shown_rule}: " in expected[0], check.stdout
    build = run_edition_build(edition.parent.parent, tmp_path)
    assert build.returncode != 0
    assert reported(build.stdout + build.stderr) == expected, build.stderr[-3000:]
    if rule == "headings":
        assert "安全保障" in expected[0]


def test_a_good_local_page_passes_both(edition_sites):
    """The page every rule above is broken in, as it is: a local page of the
    shared east edition (conftest.edition_sites), which `make check` passes
    and the edition's build shows."""
    assert (edition_sites.project / "districts/dongcheng/docs/activities/lake.md").read_text(encoding="utf-8") == GOOD_PAGE
    check = run_check(edition_sites.project, "dongcheng")
    assert check.returncode == 0 and "没有发现问题" in check.stdout, check.stdout
    assert "东湖湖岸清洁日" in (edition_sites.east / "activities/lake/index.html").read_text(encoding="utf-8")


# A local activity that breaks each gate of what a 文秘 catches at first
# reading (issue 18) once: an activity title its 活动方案 title would double,
# a campaign named without quotation marks in the document's own heading, a
# doubled word, a chain of 和 and the congress formula joined by 和.
SLIPS_PAGE = (
    BAD_PAGE[: BAD_PAGE.index("\n---\n") + 5]
    .replace("东湖護湖行动", "社区我们的节日护湖活动")
    .replace("垃圾,保护水环境", "垃圾，保护水环境。")
    + """
# 东湖社区“我们的节日”护湖和七一活动

## 活动目的

家家户户参与护湖，一项一项落实，开展护湖活动活动。

## 时间地点

6月，{{ fill("地点") }}。

## 活动流程

1. 组织党员和居民和志愿者和共建单位清理湖岸。
2. 深入学习贯彻党的二十大和二十届历次全会精神和习近平文化思想。

## 分工

社区负责组织，和平街道和和美村提供工具。

## 安全保障

湖边设置警示牌。

## 信息稿

{{ fill("活动日期") }}，{{ community }}开展护湖行动。

## 台账清单

{{ ledger_checklist() }}
"""
)

SLIPS = [  # (fragment of the line, rule, message)
    ("title: 社区我们的节日护湖活动", "campaign-quotes", "标题中的活动名称要加引号：我们的节日"),
    ("# 东湖社区", "campaign-quotes", "标题中的活动名称要加引号：七一"),
    ("护湖活动活动", "doubled-word", "重复的词：活动活动"),
    (
        "title: 社区我们的节日护湖活动",
        "doubled-word",
        "活动方案的标题会写成“××社区社区我们的节日护湖活动活动方案”，出现重复的词：标题不以“社区”开头、不以“活动”结尾",
    ),
    ("志愿者和共建单位", "and-chain", "“和”连用成串，改用顿号或拆句：组织党员和居民和志愿者和共建单位清理湖岸"),
    ("全会精神和习近平", "and-chain", "“和”连用成串，改用顿号或拆句：党的二十大和二十届历次全会精神和"),
]


def test_a_local_page_with_the_slips_a_checker_catches(edition):
    page = edition / "docs/activities/lake.md"
    page.write_text(SLIPS_PAGE, encoding="utf-8")
    check = run_check(edition.parent.parent, "dongcheng")
    assert check.returncode == 1, check.stdout
    reported = [line for line in check.stdout.splitlines() if line.startswith("districts/")]
    expected = [
        f"districts/dongcheng/docs/activities/lake.md:{line_of(SLIPS_PAGE, fragment)}: {rule}: {message}"
        for fragment, rule, message in SLIPS
    ]
    assert sorted(reported) == sorted(expected), check.stdout
    # Not slips, so nothing else is reported: 家家户户, 一项一项, a quoted
    # campaign, 和 before a name that starts with 和 (和平街道和和美村).
    assert not any(word in check.stdout for word in ("家家", "一项一项", "和和"))
