"""`python -m mkdocs build`, `python -m macros.check` and `python -m
macros.editions.offline` as the tests start them (about 80 a session),
without paying for Python's start and the libraries' imports each time.

A server process imports the libraries a build uses (MkDocs, Material,
mkdocs-macros, Markdown, Jinja, python-docx, lxml ...) once, then forks one
child per request. The child takes the request's folder, environment and
arguments and runs the module as `python -m` does (runpy), its output into
files; its exit status is the request's. Nothing of the project is imported
before the fork: each child imports the macros of the project copy it runs
in, as a new process does.

Each test process has its own server, which runs one request at a time.
Under coverage (make coverage: coverage.py measures each new process) or
where there is no fork, every run is a new process instead.
"""

import json
import os
import queue
import runpy
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# Third-party modules the builds import (python -X importtime -m mkdocs build);
# never the project's own (macros), which differ from copy to copy.
PRELOAD = (
    "click",
    "jinja2",
    "markdown",
    "yaml",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs.structure.pages",
    "mkdocs.utils.meta",
    "mkdocs_macros.plugin",
    "material.plugins.search.plugin",
    "material.extensions.emoji",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pygments.formatters.html",
    "docx",
    "lxml.etree",
    "lxml.html",
    "opencc",
    "autocorrect_py",
    "lunar_python",
    "multiprocessing.context",
)


def _serve():
    """The server's loop: one JSON request a line on stdin; for each, the
    child's pid and then its exit status, a line each, on stdout."""
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:  # a library a later version no longer has: imported by the child then
            pass
    answers = os.fdopen(os.dup(1), "w")
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)  # ends as the interpreter ends after `python -m module`
        answers.write(f"{pid}\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(f"{os.waitstatus_to_exitcode(status)}\n")
        answers.flush()


def _child(request):
    """Become `python -m module args` in the request's folder and environment.
    Returns only by raising SystemExit (or the module's own error), which ends
    this process as Python ends: exit handlers run, the error is printed."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for fd, path in ((1, request["stdout"]), (2, request["stderr"]), (0, os.devnull)):
        target = os.open(path, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - what the server had read of its requests is not the child's
    sys.argv = [request["module"], *request["args"]]
    sys.path[0] = request["cwd"]  # `python -m` puts the current folder first
    runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
    raise SystemExit(0)


class _Server:
    def __init__(self):
        self.lock = threading.Lock()
        self.process = None

    def _started(self, env):
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, __file__, "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd="/",
                env={**env, "PYTHONPATH": ""},
                text=True,
            )
            self.answers = queue.Queue()
            threading.Thread(target=self._read, args=(self.process.stdout, self.answers), daemon=True).start()
        return self.process

    @staticmethod
    def _read(stream, answers):
        for line in stream:
            answers.put(int(line))
        answers.put(None)  # the server ended

    def _line(self, deadline):
        """The server's next answer, or None if it does not come by `deadline`."""
        try:
            answer = self.answers.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if answer is None:
            raise RuntimeError("the fork server stopped")
        return answer

    def run(self, module, args, cwd, env, timeout):
        command = [sys.executable, "-m", module, *args]
        with self.lock, tempfile.TemporaryDirectory(prefix="fork-server-") as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            request = {
                "module": module,
                "args": list(args),
                "cwd": str(cwd),
                "env": dict(env),
                "stdout": str(out),
                "stderr": str(err),
            }
            server = self._started(env)
            server.stdin.write(json.dumps(request) + "\n")
            server.stdin.flush()
            deadline = time.monotonic() + timeout
            pid = self._line(deadline)
            if pid is None:
                raise RuntimeError("the fork server did not start the run")
            returncode = self._line(deadline)
            if returncode is None:
                os.kill(pid, signal.SIGKILL)
                self._line(time.monotonic() + 60)
                raise subprocess.TimeoutExpired(command, timeout)
            texts = [p.read_text(encoding="utf-8", errors="replace") if p.exists() else "" for p in (out, err)]
            return subprocess.CompletedProcess(command, returncode, *texts)


_server = _Server()


def run_module(module, args, cwd, env, timeout=600):
    """`python -m module args` in `cwd` with `env`; a CompletedProcess with text output."""
    if "coverage" in sys.modules or not hasattr(os, "fork"):
        return subprocess.run(
            [sys.executable, "-m", module, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    return _server.run(module, args, cwd, env, timeout)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    _serve()
