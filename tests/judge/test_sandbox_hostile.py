"""Hostile programs (tests/judge/hostile/) against the real bubblewrap sandbox: each is contained, with the right
status, and leaves nothing behind on this machine."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from scoring.judge.sandbox import get_backend
from scoring.judge.sandbox_common import Interpreter
from scoring.judge.sandbox_types import SANDBOX_UID, Limits, RunResult, SandboxBackend, Status

HOSTILE = Path(__file__).parent / "hostile"

pytestmark = pytest.mark.skipif(
    shutil.which("bwrap") is None,
    reason="bubblewrap is not installed (apt-get install bubblewrap; CI has it)",
)


@pytest.fixture(scope="module")
def box() -> SandboxBackend:
    backend = get_backend("bwrap")
    assert backend.problem() is None, backend.problem()
    return backend


def run(
    box: SandboxBackend, program: str, *, stdin: bytes = b"", main: str | None = None, **limits: Any
) -> RunResult:
    name = main or program
    return box.run_python(
        files={name: (HOSTILE / program).read_bytes()}, main=name, stdin=stdin, limits=Limits(**limits)
    )


def report(result: RunResult) -> dict[str, Any]:
    assert result.status == Status.OK, (result.status, result.message, result.stderr[-2000:])
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _status(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/status") as f:
        return {k: v.strip() for k, _, v in (line.partition(":") for line in f)}


def host_processes(marker: str) -> dict[int, dict[str, str]]:
    """Every process on this machine with ``marker`` in its command line: pid -> its /proc status fields."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if marker.encode() not in f.read():
                    continue
            found[int(entry)] = _status(int(entry))
        except OSError:
            continue  # gone meanwhile
    return found


def our_sandboxes() -> dict[int, dict[str, str]]:
    """Every process descending from this test process (bwrap, the sandboxes' init, what runs in them, and a
    prestarted spare): pid -> its /proc status fields."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = {}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                try:
                    found[pid] = _status(pid)
                except OSError:
                    continue
                frontier.append(pid)
    return found


def program_processes() -> dict[int, dict[str, str]]:
    """Processes of programs under way in our sandboxes: PID 2 and up inside (PID 1 is an init, which a
    prestarted spare has alone)."""
    return {pid: st for pid, st in our_sandboxes().items() if int(st.get("NSpid", "0 0").split()[-1]) >= 2
            and len(st.get("NSpid", "").split()) >= 2}  # fmt: skip


class Watcher:
    """Looks at this process's sandboxes while a run is under way, from another thread."""

    def __init__(self, look: float = 5.0) -> None:
        self.seen: dict[int, dict[str, str]] = {}
        self.environ: dict[int, bytes] = {}
        self.cmdline: dict[int, bytes] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(look,), daemon=True)

    def _watch(self, look: float) -> None:
        end = time.monotonic() + look
        while not self._stop.is_set() and time.monotonic() < end:
            for pid, status in our_sandboxes().items():
                self.seen[pid] = status  # the latest look: e.g. the program drops to 65534 right after fork
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        cmdline = f.read()
                    if cmdline:  # a process being killed reads empty: keep what it was
                        self.cmdline[pid] = cmdline
                    with open(f"/proc/{pid}/environ", "rb") as f:
                        self.environ.setdefault(pid, f.read())
                except OSError:
                    pass
            time.sleep(0.005)

    def programs(self) -> dict[int, dict[str, str]]:
        return {pid: st for pid, st in self.seen.items() if len(st.get("NSpid", "").split()) >= 2
                and int(st["NSpid"].split()[-1]) >= 2}  # fmt: skip

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ---- time -----------------------------------------------------------------------------------------------


def test_infinite_loop_is_stopped_by_the_cpu_limit(box):
    result = run(box, "infinite_loop.py", cpu_seconds=1, wall_seconds=10)
    assert result.status == Status.TLE
    assert "CPU" in result.message
    assert result.exit_code == -signal.SIGXCPU
    # CPU time, bounded by the rlimit's soft and hard limits (1 s, then SIGKILL at 2 s), whatever the load.
    assert 500 <= result.time_ms < 3000  # (usage can come out a little under what the rlimit saw)


def test_sleep_forever_is_stopped_by_the_wall_limit(box):
    result = run(box, "sleep_forever.py", cpu_seconds=5, wall_seconds=1)
    assert result.status == Status.TLE
    assert "wall" in result.message
    assert result.time_ms < 500  # CPU time: asleep
    assert result.wall_ms >= 1000
    assert result.wall_ms - result.time_ms >= 500  # it was stopped for wall time, not CPU time


# ---- memory ---------------------------------------------------------------------------------------------


def test_python_memory_bomb_is_mle(box):
    result = run(box, "memory_bomb.py", memory_mb=128)
    assert result.status == Status.MLE, (result.status, result.stderr[-500:])
    assert result.stderr.rstrip().endswith(b"MemoryError")


def test_numpy_memory_bomb_is_mle(box):
    result = run(box, "numpy_memory_bomb.py", memory_mb=256)
    assert result.status == Status.MLE, (result.status, result.stderr[-500:])
    assert b"Unable to allocate" in result.stderr
    assert result.memory_kb > 100_000  # it did get real memory before the limit


# ---- processes ------------------------------------------------------------------------------------------


def test_fork_bomb_is_contained_and_nothing_survives(box):
    with Watcher() as watcher:
        result = run(box, "fork_bomb.py", cpu_seconds=1, wall_seconds=2, tasks=16)
    # A verdict on the program, not SE (a sandbox that did not die when killed would be SE).
    assert result.status in (Status.RE, Status.TLE), (result.status, result.message)
    assert len(watcher.programs()) > 5, "the fork bomb never showed up on the host"
    assert len(watcher.programs()) < 200  # at most `tasks` at a time
    assert program_processes() == {}


def test_thread_bomb_is_refused_at_the_tasks_limit(box):
    result = run(box, "thread_bomb.py", tasks=16)
    assert result.status == Status.RE
    assert b"can't start new thread" in result.stderr
    assert 0 < int(result.channel) < 16


def test_daemon_left_behind_is_dead_when_the_run_returns(box):
    marker = f"mockloop-daemon-{uuid.uuid4().hex}"
    with Watcher() as watcher:
        result = run(box, "daemon.py", stdin=marker.encode())
    assert result.status == Status.OK, result.stderr
    assert result.stdout == b"parent leaves\n"
    daemons = [pid for pid in watcher.programs() if marker.encode() in watcher.cmdline.get(pid, b"")]
    assert daemons, "the daemon never started"
    assert host_processes(marker) == {}
    assert program_processes() == {}


def test_kill_everything_hurts_nobody_outside(box):
    # A process of the sandbox's host uid (65534 when the worker is root) outside the sandbox: kill(-1)
    # inside must not reach it.
    as_nobody: dict[str, Any] = (
        {"user": SANDBOX_UID, "group": SANDBOX_UID, "extra_groups": []} if os.geteuid() == 0 else {}
    )
    sentinel = subprocess.Popen(["sleep", "30"], **as_nobody)
    try:
        data = report(run(box, "kill_others.py"))
        assert data["alive"] is True
        assert data["ppid"] == 1  # its parent is the sandbox's init, nothing of the host
        assert sentinel.poll() is None, "a process outside the sandbox was killed"
    finally:
        sentinel.kill()
        sentinel.wait()


# ---- output and disk ------------------------------------------------------------------------------------


def test_huge_stdout_is_ole(box):
    result = run(box, "huge_stdout.py", output_bytes=256 << 10)
    assert result.status == Status.OLE
    assert "stdout" in result.message
    assert len(result.stdout) == 256 << 10
    assert "wall" not in result.message  # stopped at the cap, not left to run into the wall limit


def test_disk_fill_is_contained(box):
    data = report(run(box, "disk_fill.py", workdir_mb=24, file_size_mb=8))
    assert data["workdir"]["errno"] == "ENOSPC"
    assert data["workdir"]["mb"] <= 24
    assert data["one_file"] == {"errno": "EFBIG", "mb": 8}
    assert data["dev_shm"]["errno"] == "ENOSPC"
    assert data["dev_shm"]["mb"] <= 24


def test_writing_outside_the_work_dir_fails(box):
    data = report(run(box, "write_outside.py"))
    assert data, "nothing was tried"
    written = {path: outcome for path, outcome in data.items() if outcome in ("written", "created")}
    assert written == {}


# ---- what the program can see ---------------------------------------------------------------------------


def test_host_files_and_worker_packages_are_out_of_reach(box):
    assert Path("/etc/passwd").exists()  # the host has them...
    data = report(run(box, "read_host.py"))
    for path, outcome in data["files"].items():  # ...the sandbox does not
        assert outcome in ("FileNotFoundError", "PermissionError"), (path, outcome)
    imports = data["imports"]
    assert imports.pop("numpy") == "imported"
    assert set(imports.values()) == {"ModuleNotFoundError"}, imports
    assert set(data["root_entries"]) <= {"dev", "lib", "lib32", "lib64", "libx32", "opt", "proc", "root",
                                         "sandbox", "tmp", "usr"}  # fmt: skip


def test_environment_secrets_do_not_reach_the_program(box, monkeypatch):
    secret = f"fake-secret-{uuid.uuid4().hex}"
    monkeypatch.setenv("MOCKLOOP_FAKE_SECRET", secret)
    monkeypatch.setenv("SECRET_KEY", secret)
    source = (HOSTILE / "env_secrets.py").read_bytes() + b"\nimport time\ntime.sleep(0.3)\n"
    with Watcher() as watcher:
        result = box.run_python(files={"env_secrets.py": source}, main="env_secrets.py")
    data = report(result)
    assert secret not in result.stdout.decode()
    assert "MOCKLOOP_FAKE_SECRET" not in result.stdout.decode()
    assert set(data["os.environ"]) == {"PATH", "HOME", "TMPDIR", "LANG", "PWD", "MALLOC_ARENA_MAX",
                                       "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}  # fmt: skip
    for source_name in ("/proc/self/environ", "/proc/1/environ"):
        assert source_name in data
    # And from the host's side: bwrap, the sandbox's init and the program were all started without it.
    assert watcher.environ, "no process of the run was seen"
    for pid, environ in watcher.environ.items():
        assert secret.encode() not in environ, (
            f"process {pid} ({watcher.seen[pid].get('Name')}) has the secret"
        )


def test_no_network_at_all(box):
    data = report(run(box, "network.py"))
    assert data["interfaces"] == ["lo"]
    assert data["routes"] == []
    # The sandbox's loopback is its own: the worker's PostgreSQL and Redis (up on this machine and on CI,
    # see below) are not there.
    assert data["postgres"] == "ConnectionRefusedError"
    assert data["redis"] == "ConnectionRefusedError"
    assert data["route_out"].startswith("OSError") and "unreachable" in data["route_out"]
    assert data["dns"] == "gaierror"
    for port in (5432, 6379):
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
    else:
        pytest.fail("neither PostgreSQL nor Redis listens on the host: the refusals above prove nothing")


# ---- privileges -----------------------------------------------------------------------------------------


def test_raw_syscalls_are_refused_by_seccomp(box):
    data = report(run(box, "raw_syscalls.py"))
    assert data.pop("clone3") == "ENOSYS"  # so that glibc falls back to clone(), whose flags are checked
    status = {key: data.pop(key) for key in ("Seccomp", "NoNewPrivs", "CapEff", "CapPrm", "CapAmb", "Uid",
                                              "Gid", "Groups")}  # fmt: skip
    assert data == dict.fromkeys(data, "EPERM"), data
    assert status["Seccomp"] == "2"  # filter mode
    assert status["NoNewPrivs"] == "1"
    assert status["CapEff"] == status["CapPrm"] == status["CapAmb"] == "0000000000000000"


def test_the_program_never_runs_as_root(box):
    with Watcher() as watcher:
        result = run(box, "identity.py", stdin=b"0.4\n")
    data = report(result)
    assert (data["uid"], data["euid"], data["gid"], data["groups"]) == (
        SANDBOX_UID,
        SANDBOX_UID,
        SANDBOX_UID,
        [],
    )
    assert data["hostname"] == "sandbox"
    assert (data["pid"], data["ppid"]) == (2, 1)
    for cap in ("CapPrm", "CapEff", "CapAmb"):
        assert data["caps"][cap] == "0000000000000000"
    # Seen from the host: the program's real uid, not just the one inside its user namespace.
    program = [s for s in watcher.programs().values() if s["NSpid"].split()[-1] == "2"]
    assert program, watcher.seen
    host_uids = set(program[0]["Uid"].split())
    if os.geteuid() == 0:
        assert host_uids == {str(SANDBOX_UID)}
        assert data["uid_map"] == f"0 0 1 {SANDBOX_UID} {SANDBOX_UID} 1"
    else:
        assert host_uids == {str(os.geteuid())}
    assert "0" not in host_uids


def test_the_sandbox_is_gone_after_every_run(box):
    result = box.run_python(
        files={"main.py": b"import os, time\nos.fork()\ntime.sleep(0.1)\n"}, main="main.py"
    )
    assert result.status == Status.OK
    assert program_processes() == {}  # what may be left: prestarted spares, an init waiting for its job


def test_the_interpreters_own_packages_are_hidden(box):
    interp = Interpreter.current()
    assert interp.site_packages  # this machine's base interpreter has some (pip, boto3, ...)
    program = b"import json, os, sys\nout = {}\nfor d in json.load(sys.stdin):\n"
    program += b"    try:\n        out[d] = os.listdir(d)\n    except OSError as e:\n"
    program += b"        out[d] = type(e).__name__\nprint(json.dumps(out))\n"
    result = box.run_python(
        files={"main.py": program}, main="main.py", stdin=json.dumps(interp.site_packages).encode()
    )
    for path, listing in report(result).items():
        assert listing in ([], "FileNotFoundError"), (path, listing)
