"""Real processes for the promises only they can test: a Redis server and a Celery worker of our own."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_redis_server() -> str:
    path = shutil.which("redis-server")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("CI needs redis-server for the worker tests")
        pytest.skip("redis-server is not installed: the worker-recovery tests need a Redis of their own")
    return path


@contextmanager
def redis_server(port: int) -> Iterator[None]:
    """A private, throwaway Redis on `port` (the shared one on 6379 is never stopped by tests)."""
    proc = subprocess.Popen(
        [
            require_redis_server(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def database_url() -> str:
    """A URL for the test database this test process uses (the worker must write to the same one)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def celery_worker(
    *, broker_url: str, log: Path, beat: bool = False, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `celery worker` (optionally with beat) against the test database; stop it (and its pool) after."""
    full_env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url,
        "MOCKLOOP_VAR_DIR": str(log.parent / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **(env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
               "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
               f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h"]  # fmt: skip
    if beat:
        command += ["--beat", f"--schedule={log.parent / 'beat-schedule'}"]
    with log.open("ab") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 40
        while b" ready." not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield proc
    finally:
        kill_worker(proc)


def kill_worker(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    """Kill the worker and every process of its group (the pool child grading right now included)."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=20)


def wait_for(predicate, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")
