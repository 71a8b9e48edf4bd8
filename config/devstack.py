"""`make run`: the web server, a real Celery worker and beat, on the embedded defaults, as one command.

Ctrl-C (or SIGTERM) stops every process it started; if one of them dies, the others are stopped too, so a
half-running stack never goes unnoticed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    children: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for name, command in _commands(host, port).items():
        # Own process group, so stopping a child also stops anything it forked (worker pool processes).
        children[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    print(
        f"\n  mockloop is starting at http://{host}:{port}/  (web, worker and beat; Ctrl-C stops all)\n",
        flush=True,
    )
    exit_code = 0
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    print(f"{name} exited with status {child.returncode}; stopping the rest.", flush=True)
                    exit_code = child.returncode or 1
                    stopping = True
                    break
            time.sleep(0.3)
    finally:
        # SIGTERM to each leader lets the worker finish its task and stop its own pool (a warm shutdown);
        # whatever is still alive after the grace period is killed with its whole process group.
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
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)  # strays a clean exit left behind
    print("mockloop stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
