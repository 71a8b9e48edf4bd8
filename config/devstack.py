"""`make run`: the web server, a real Celery worker and beat, on the embedded defaults, as one command.

Every way of stopping it stops everything it started:
- SIGINT (Ctrl-C), SIGTERM and SIGHUP (a closed terminal) to this process stop all three children;
- when the parent is stopping or gone, the stack stops too. `make` forwards only SIGTERM to its
  children; on SIGHUP or SIGINT sent to make alone it blocks that signal and waits for its children
  (it assumes the terminal signalled the whole group), so on Linux we watch the parent's blocked
  signals (/proc/<pid>/status) as well as whether it is still our parent. `make run` execs this
  module, so make is the parent;
- if this process is killed outright (SIGKILL), Linux sends each child SIGTERM (PR_SET_PDEATHSIG);
- if one child dies, the others are stopped too, so a half-running stack never goes unnoticed.
Each child runs in its own process group, so stopping it also stops what it forked (the worker's pool).

The URL is printed once the web server answers HTTP. `PORT` (default 8000) and `HOST` (127.0.0.1)
choose where it listens.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _commands(host: str, port: str) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            "--hostname=worker@%h",
        ],
        "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
    }


def _child_setup() -> None:
    """Runs in each child before exec: its own process group, and SIGTERM when we die (Linux)."""
    os.setsid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _parent_stopping(pid: int) -> bool:
    """True while `pid` holds a stop signal blocked: make does so while it waits for its children
    after SIGHUP or SIGINT (Linux only; elsewhere we rely on the parent dying)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigBlk:"):
            mask = int(line.split()[1], 16)
            return any(mask & (1 << (sig - 1)) for sig in (*STOP_SIGNALS, signal.SIGQUIT))
    return False


def _answers_http(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP status means the server is up (/healthz says 503 while the broker starts)
    except (OSError, ValueError):
        return False


class _Stop:
    """Set by a stop signal, by a child that exited or by the parent going away; the loop then ends."""

    def __init__(self) -> None:
        self.requested = False

    def on_signal(self, signum: int, _frame: object) -> None:
        if not self.requested:
            print(f"\n{signal.Signals(signum).name} received; stopping web, worker and beat.", flush=True)
        self.requested = True


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"PORT must be a number between 1 and 65535, not {port!r}.", file=sys.stderr)
        return 2
    stop = _Stop()
    parent = os.getppid()
    for sig in STOP_SIGNALS:
        signal.signal(sig, stop.on_signal)
    children: dict[str, subprocess.Popen[bytes]] = {}
    try:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for name, command in _commands(host, port).items():
            children[name] = subprocess.Popen(command, cwd=ROOT, env=env, preexec_fn=_child_setup)
            print(f"{name} started (pid {children[name].pid})", flush=True)
        exit_code = _watch(children, stop, parent, f"http://{host}:{port}/")
    finally:
        _stop_all(children)
    print("mockloop stopped.", flush=True)
    return exit_code


def _watch(children: dict[str, subprocess.Popen[bytes]], stop: _Stop, parent: int, url: str) -> int:
    """Poll until something asks to stop; the exit status of a child that died, else 0."""
    announced = False
    parent_signalled = 0  # polls in a row that saw the parent holding a stop signal
    exit_code = 0
    while not stop.requested:
        exited = next(((name, child) for name, child in children.items() if child.poll() is not None), None)
        if exited:
            name, child = exited
            print(f"{name} exited with status {child.returncode}; stopping the rest.", flush=True)
            exit_code = child.returncode or 1
            stop.requested = True
        parent_signalled = parent_signalled + 1 if _parent_stopping(parent) else 0
        if os.getppid() != parent or parent_signalled >= 2:
            print("The parent process (make) is stopping; stopping web, worker and beat.", flush=True)
            stop.requested = True
        if not stop.requested and not announced and _answers_http(f"{url}healthz"):
            announced = True
            print(f"\n  mockloop is running at {url}  (web, worker and beat; Ctrl-C stops all)\n", flush=True)
        time.sleep(0.3)
    return exit_code


def _stop_all(children: dict[str, subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each leader lets the worker finish its task and stop its own pool (a warm shutdown);
    whatever is still alive after the grace period is killed with its whole process group."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 10
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)  # strays a clean exit left behind


if __name__ == "__main__":
    sys.exit(main())
