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
        port: int = s.getsockname()[1]
        return port


def require_redis_server() -> str:
    path = shutil.which("redis-server")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("CI needs redis-server for the worker tests")
        pytest.skip("redis-server is not installed: the worker-recovery tests need a Redis of their own")
    return path


class RedisServer:
    """A private, throwaway Redis on `port` that a test may stop and start again on the same port (the
    shared one on 6379 is never touched by tests)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [require_redis_server(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)

    def stop(self) -> None:
        """SIGKILL, as a crash would: nothing is saved, queued messages are lost."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextmanager
def redis_server(port: int) -> Iterator[RedisServer]:
    server = RedisServer(port)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def database_url() -> str:
    """A URL for the test database this test process uses (the worker must write to the same one)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _env(broker_url: str, log: Path, env: dict[str, str] | None) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url,
        "MOCKLOOP_VAR_DIR": str(log.parent / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }


@contextmanager
def _process(command: list[str], *, env: dict[str, str], log: Path, ready: bytes, what: str):
    """Start a process in its own group, wait until `ready` appears in its log, kill the group after."""
    start = log.stat().st_size if log.exists() else 0
    with log.open("ab") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while ready not in log.read_bytes()[start:]:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{what} did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield proc
    finally:
        kill_worker(proc)


@contextmanager
def celery_worker(
    *,
    broker_url: str,
    log: Path,
    beat: bool = False,
    env: dict[str, str] | None = None,
    concurrency: int = 1,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `celery worker` (optionally with beat) against the test database; stop it (and its pool) after."""
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
               f"--concurrency={concurrency}", "--loglevel=INFO", "--without-gossip", "--without-mingle",
               "--without-heartbeat", f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h"]  # fmt: skip
    if beat:
        command += ["--beat", f"--schedule={log.parent / 'beat-schedule'}"]
    with _process(
        command, env=_env(broker_url, log, env), log=log, ready=b" ready.", what="the worker"
    ) as proc:
        yield proc


@contextmanager
def celery_beat(*, broker_url: str, log: Path, env: dict[str, str] | None = None):
    """`celery beat` on its own, as in production: killing a worker leaves it running."""
    command = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
               f"--schedule={log.parent / 'beat-schedule'}"]  # fmt: skip
    with _process(
        command, env=_env(broker_url, log, env), log=log, ready=b"beat: Starting", what="beat"
    ) as proc:
        yield proc


@contextmanager
def web_server(*, broker_url: str, log: Path, env: dict[str, str] | None = None):
    """gunicorn serving the app on a free port against the test database; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--access-logfile", "-", "--timeout", "60"]  # fmt: skip
    with _process(command, env=_env(broker_url, log, env), log=log, ready=b"Booting worker", what="gunicorn"):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"


def pool_children(proc: subprocess.Popen[bytes]) -> list[int]:
    """The prefork pool processes of a worker (its direct children)."""
    return [pid for pid, parent in _parents().items() if parent == proc.pid]


def busy_pool_child(proc: subprocess.Popen[bytes]) -> int | None:
    """A pool process that is grading right now: it has a sandbox process of its own."""
    parents = _parents()
    for pid in pool_children(proc):
        if any(parent == pid for parent in parents.values()):
            return pid
    return None


def _parents() -> dict[int, int]:
    """Each live process's parent. Zombies are left out: a sandbox process that has exited but is not reaped
    yet does not make its pool process busy (it may already have written its verdict)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError, IndexError, ValueError):
                # /proc/<pid>/stat: "pid (comm) state ppid ...", comm may hold spaces
                state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
                if state not in ("Z", "X"):
                    parents[int(entry.name)] = int(ppid)
    return parents


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
