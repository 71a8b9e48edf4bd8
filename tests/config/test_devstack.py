"""`make run`'s process supervisor, with real processes: every stop signal, to it or to its parent
(`make`), stops web, worker and beat; the URL is printed only once the server answers HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but not yet reaped by whoever inherited it.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _default_stop_signals() -> None:
    """As in a terminal: a test run started with nohup, or in the background of a script, hands its
    children SIGHUP or SIGINT ignored, and `sh` and `make` would then never die of them."""
    for signum in (signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)


class Stack:
    """`python -m config.devstack` on a free port with a temporary var dir; its output collected."""

    def __init__(self, tmp_path: Path, *, via_parent: bool = False, via_make: bool = False):
        self.port = _free_port()
        env = {
            **os.environ,
            "DEBUG": "1",
            "PORT": str(self.port),
            "MOCKLOOP_VAR_DIR": str(tmp_path),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        command = [sys.executable, "-m", "config.devstack"]
        if via_parent:  # a parent that is killed without passing the signal on
            command = ["sh", "-c", f"{sys.executable} -m config.devstack; exit 0"]
        if via_make:  # the same recipe as `make run`'s last line
            makefile = tmp_path / "Makefile"
            makefile.write_text(f"run:\n\texec {sys.executable} -m config.devstack\n")
            command = ["make", "--no-print-directory", "-f", str(makefile), "run"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=_default_stop_signals,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.process.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never printed:\n{''.join(self.lines)}")

    def pids(self) -> dict[str, int]:
        found = {}
        for line in self.lines:
            for name in ("web", "worker", "beat"):
                if line.startswith(f"{name} started (pid "):
                    found[name] = int(line.split("pid ")[1].rstrip(")\n"))
        return found

    def kill_all(self) -> None:
        for pid in self.pids().values():
            if _alive(pid):
                os.killpg(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()


def _assert_all_gone(stack: Stack, timeout: float = 30) -> None:
    pids = stack.pids()
    assert set(pids) == {"web", "worker", "beat"}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids.values()):
        time.sleep(0.2)
    alive = {name: pid for name, pid in pids.items() if _alive(pid)}
    assert not alive, f"still running: {alive}\n{''.join(stack.lines)}"


def test_the_url_is_printed_once_the_server_answers_and_sigterm_stops_everything(tmp_path):
    stack = Stack(tmp_path)
    try:
        stack.wait_for("mockloop is running at")
        banner = next(line for line in stack.lines if "mockloop is running at" in line)
        assert f"http://127.0.0.1:{stack.port}/" in banner  # PORT is honoured
        with contextlib.suppress(urllib.error.HTTPError):  # a 503 is an answer too: the server is up
            urllib.request.urlopen(f"http://127.0.0.1:{stack.port}/healthz", timeout=5)
        assert sum("mockloop is running at" in line for line in stack.lines) == 1
        stack.process.send_signal(signal.SIGTERM)
        assert stack.process.wait(timeout=30) == 0
        _assert_all_gone(stack)
    finally:
        stack.kill_all()


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT])
def test_sighup_and_sigint_stop_everything(tmp_path, signum):
    stack = Stack(tmp_path)
    try:
        stack.wait_for("beat started")
        stack.process.send_signal(signum)
        stack.process.wait(timeout=30)
        _assert_all_gone(stack)
    finally:
        stack.kill_all()


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGKILL])
def test_killing_the_parent_like_make_stops_everything(tmp_path, signum):
    stack = Stack(tmp_path, via_parent=True)
    try:
        stack.wait_for("beat started")
        stack.process.send_signal(signum)  # the shell dies and passes nothing on
        stack.process.wait(timeout=30)
        _assert_all_gone(stack)
    finally:
        stack.kill_all()


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT, signal.SIGTERM])
def test_any_stop_signal_to_make_alone_stops_everything(tmp_path, signum):
    """make forwards only SIGTERM; after SIGHUP or SIGINT it waits for its children, which stop too."""
    stack = Stack(tmp_path, via_make=True)
    try:
        stack.wait_for("beat started")
        stack.process.send_signal(signum)
        stack.process.wait(timeout=40)
        _assert_all_gone(stack)
    finally:
        stack.kill_all()


def test_a_bad_port_is_refused_clearly(tmp_path):
    env = {**os.environ, "DEBUG": "1", "PORT": "eighty", "MOCKLOOP_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "config.devstack"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "PORT must be a number" in result.stderr
