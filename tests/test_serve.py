"""`make serve` on a fresh machine: only the site's packages, the port the
reader chooses, one Chinese line when it is busy, no internal dumps."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def make(*args, cwd=ROOT, timeout=60):
    env = {**os.environ}
    env.pop("PORT", None)
    env.pop("DISTRICT", None)
    return subprocess.run(["make", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def ready_venv(tmp_path):
    """A venv directory whose site stamp is up to date: `make VENV=…` then
    runs the real recipes with the shared virtualenv's programs."""
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "bin").symlink_to(os.path.dirname(sys.executable))
    (venv / ".site-installed").touch()
    return venv


def busy_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_installs_only_the_site_packages(tmp_path):
    empty = tmp_path / "empty-venv"
    serve = make("-n", "serve", f"VENV={empty}").stdout
    assert "-r requirements.txt" in serve, serve
    assert "requirements-dev.txt" not in serve, serve
    test = make("-n", "test", f"VENV={empty}").stdout
    assert "-r requirements-dev.txt" in test, test
    # The test stack needs the site's packages too, and they are installed once.
    assert test.count("-r requirements.txt") == 1, test


def test_site_requirements_hold_no_test_tools():
    names = {
        line.split("==")[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    }
    # OpenCC and autocorrect-py stay: the build runs make check's content gates (macros/check.py).
    assert not names & {"pytest", "playwright", "beautifulsoup4", "jieba", "coverage", "ruff"}, names
    assert "pypinyin" in names


def test_busy_port_gives_one_chinese_line(tmp_path):
    sock = busy_socket()
    try:
        port = sock.getsockname()[1]
        result = make("serve", f"PORT={port}", f"VENV={ready_venv(tmp_path)}")
    finally:
        sock.close()
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert len(ours) == 1, result.stderr
    assert f"端口 {port} 已被占用" in ours[0] and "make serve PORT=" in ours[0], ours[0]
    suggested = int(ours[0].rsplit("PORT=", 1)[1])
    assert suggested != port
    assert "Traceback" not in result.stdout + result.stderr
    assert "mkdocs serve" not in result.stdout, "mkdocs started on a busy port"


def test_bad_port_is_named(tmp_path):
    result = make("serve", "PORT=abc", f"VENV={ready_venv(tmp_path)}")
    assert result.returncode != 0
    assert "PORT 应为 1 到 65535 之间的数字" in result.stderr and "Traceback" not in result.stderr


def test_serve_answers_on_the_chosen_port_without_dumps(warm_project, tmp_path):
    project = warm_project  # with the build cache, as on a maintainer's machine: the pages' files are not written anew
    for name in ["Makefile", "requirements.txt", "requirements-dev.txt", "tools"]:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    port = free_port()
    env = {**os.environ}
    env.pop("DISTRICT", None)
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            ["make", "serve", f"PORT={port}", f"VENV={ready_venv(tmp_path)}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 300
        body = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.5)
        output = log.read_text(encoding="utf-8")
        assert body is not None, output[-3000:]
        assert "社区精神文明建设" in body
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    assert f"Serving on http://127.0.0.1:{port}/" in output, output[-3000:]
    assert "Config variables" not in output and "[macros]" not in output, output[-3000:]
    assert "Traceback" not in output
