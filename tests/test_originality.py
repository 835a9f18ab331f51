"""The originality check of the project (tools/originality.py): fingerprints of
the reference documents kept as data, never their text, and a check that finds
every run of 24 ideographs a text shares with them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from tools import originality  # noqa: E402

# A reference document made up for the test (the real ones stay outside the
# repository): 71 ideographs with punctuation between them.
REFERENCE = (
    "清晨的江边码头上，七位老船工围坐在石桌旁，慢慢讲起当年摆渡送学生过河的往事；"
    "孩子们听得入神，有人掏出本子记下每一条航道的名字，又把渡口老槐树画进了作业本。"
)
# Where the shared tools sit beside a clone (as in CI); TPL_SHARED names another place.
SHARED = Path(os.environ.get("TPL_SHARED", ROOT.parent / "shared"))


def ideographs(text):
    return "".join(re.findall(r"[\u4e00-\u9fff]", text))


@pytest.fixture
def reference(tmp_path):
    """(fingerprint file of REFERENCE, written as `make fingerprints` writes it, its prints)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000.txt").write_text(REFERENCE, encoding="utf-8")
    out = tmp_path / "prints.bin"
    assert originality.main(["--make", str(seeds), "--fingerprints", str(out)]) == 0
    return out, originality.load(out)


def test_the_fingerprint_file_covers_the_reference_documents():
    prints = originality.load()
    assert len(prints) > 50_000  # about 74,000 windows of 24 in the five documents
    assert (
        originality.FINGERPRINTS.stat().st_size
        == len(prints) * 8 + len(originality.FINGERPRINTS.read_bytes().split(b"\n", 1)[0]) + 1
    )


def test_a_planted_run_is_found_with_file_line_and_length(reference, tmp_path):
    _, prints = reference
    chars = ideographs(REFERENCE)
    assert len(chars) == 71
    # 24 ideographs of the reference, with other punctuation and a line break inside: still copied.
    planted = "开头是新写的一句。\n\n我们写道：七位老船工围坐在石桌旁，\n慢慢讲起当年摆渡送学生过河。结尾新写。\n"
    assert ideographs(planted).count(chars[8:32]) == 1
    [run] = originality.runs_in(planted, prints, "plan.md")
    assert (run.path, run.line, run.length, run.text) == ("plan.md", 3, 24, chars[8:32])
    assert str(run).startswith("plan.md:3: 24 ideographs copied: 七位老船工")
    # 23 are not; a longer copy is one run of its length; Traditional characters are folded.
    assert originality.runs_in("新写：" + chars[8:31] + "。", prints) == []
    [long_run] = originality.runs_in("新写：" + chars[3:50] + "，完。", prints)
    assert long_run.length == 47
    [folded] = originality.runs_in("孩子們聽得入神，有人掏出本子記下每一條航道的名字，又把渡口", prints)
    assert folded.length == 27
    # Two copied passages with new text between them are two runs.
    assert [r.length for r in originality.runs_in(chars[0:30] + "这是中间新写的话" + chars[34:71], prints)] == [30, 37]


def test_the_command_line_names_file_and_line_and_fails(reference, tmp_path):
    out, _ = reference
    docs = tmp_path / "docs"
    (docs / "plans").mkdir(parents=True)
    (docs / "plans/ok.md").write_text("全是新写的内容，没有照抄。\n", encoding="utf-8")
    (docs / "plans/copied.md").write_text("---\ntitle: 例\n---\n\n" + REFERENCE[:40] + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/originality.py"), "--fingerprints", str(out), str(docs)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    copied = len(ideographs(REFERENCE[:40]))
    assert result.stdout.startswith(f"{docs / 'plans/copied.md'}:5: {copied} ideographs copied: 清晨的江边码头上")
    assert "ok.md" not in result.stdout
    clean = subprocess.run(
        [sys.executable, str(ROOT / "tools/originality.py"), "--fingerprints", str(out), str(docs / "plans/ok.md")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert clean.returncode == 0 and "0" in clean.stdout


def test_a_file_that_is_not_a_fingerprint_file_is_refused(tmp_path):
    bad = tmp_path / "prints.bin"
    bad.write_bytes(b"not fingerprints\n12345678")
    with pytest.raises(ValueError, match="prints.bin: expected a fingerprint file"):
        originality.load(bad)


# --- Against the shared tool and the reference documents themselves ------------
# Only where they sit beside the clone (in CI they do); the project itself never needs them.

needs_shared = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir() or not (SHARED / "tools/originality.py").is_file(),
    reason=f"no reference documents at {SHARED} (set TPL_SHARED)",
)


@needs_shared
def test_the_fingerprints_are_those_of_the_reference_documents(tmp_path):
    """The committed data is up to date: `make fingerprints SEEDS=…` writes the same bytes."""
    originality.make(SHARED / "seeds", tmp_path / "prints.bin")
    assert (tmp_path / "prints.bin").read_bytes() == originality.FINGERPRINTS.read_bytes()


@needs_shared
def test_every_run_the_shared_tool_finds_is_found(tmp_path):
    """Runs planted from each reference document: the shared tool's findings are
    a subset of ours (it follows only the first place a 12-ideograph anchor
    occurs, so it misses some repeats; the fingerprints miss none), and docs/
    gives no finding in either."""
    planted = tmp_path / "planted"
    planted.mkdir()
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        lines = [line for line in seed.read_text(encoding="utf-8").split("\n") if len(ideographs(line)) >= 70]
        for n, length in enumerate((23, 24, 40, 60)):
            line = lines[(n * 7) % len(lines)]
            positions = [m.start() for m in re.finditer(r"[\u4e00-\u9fff]", line)]
            excerpt = line[positions[3] : positions[3 + length - 1] + 1]
            (planted / f"{seed.stem}-{length}.md").write_text(
                f"新写的第一行。\n\n新写的开头，{excerpt}新写的结尾。\n", encoding="utf-8"
            )
    theirs = subprocess.run(
        [sys.executable, str(SHARED / "tools/originality.py"), str(planted), str(ROOT / "docs")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    shared_found = {tuple(line.split(":")[:2]) for line in theirs.stdout.splitlines() if " ideographs copied: " in line}
    ours = originality.check([planted, ROOT / "docs"])
    our_found = {(run.path, str(run.line)) for run in ours}
    assert shared_found and shared_found <= our_found
    seeds = len(list((SHARED / "seeds").glob("*.txt")))
    assert sorted(run.length for run in ours) == sorted([24, 40, 60] * seeds)
    assert not [run for run in ours if "/docs/" in run.path]
