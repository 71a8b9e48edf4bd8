"""Run untrusted candidate Python in a sandbox: bubblewrap on servers, an insecure local fallback on laptops.

Plain Python (no Django), so the harness, the benchmarks and the tests use it directly. ``docs/sandbox.md``
explains the isolation, the limits and how time and memory are measured; in short:

- ``BwrapBackend`` ("bwrap", secure): the worker's own CPython started directly inside bubblewrap with an
  empty environment, new user/pid/net/ipc/uts/mount/cgroup namespaces, a read-only root holding only the
  interpreter, the system libraries and a numpy-only package directory, a size-capped private tmpfs as work
  dir, a seccomp filter (``sandbox_seccomp.py``), uid 65534, and rlimits on everything; cgroup memory and
  pids limits on top when the host delegates a cgroup v2 subtree (``sandbox_cgroup.py``).
- ``LocalInsecureBackend`` ("local-insecure"): same interpreter, same rlimits and empty environment in a temp
  dir, killed as a process group. It isolates nothing; the Django side refuses it unless DEBUG is on.

Both start ``sandbox_boot.py`` first, which reads the job (limits, files), sets the limits and then runs the
program as ``__main__``. The bubblewrap backend keeps one sandbox prestarted, so a run does not wait for
bubblewrap and the interpreter to start. ``run_tests`` is the judge's way in: numpy preloaded, a per-test
supervisor as the program, one input handed to one test's process at a time (``docs/sandbox.md``).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import json
import math
import os
import re
import resource
import select
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scoring.judge import sandbox_cgroup, sandbox_seccomp

SANDBOX_UID = 65534  # "nobody": the program's uid inside, and on the host when the worker runs as root
SITE_ENV = "MOCKLOOP_SANDBOX_SITE"
PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_SITE_DIR = PROJECT_DIR / ".sandbox" / "site"
SITE_MARKER = ".mockloop-sandbox-site.json"  # written by build_sandbox_site
BOOT_FILE = Path(__file__).with_name("sandbox_boot.py")

# Paths inside the bubblewrap sandbox.
BOX_WORKDIR = "/sandbox"
BOX_SITE = "/opt/mockloop/site"
BOX_BOOT = "/opt/mockloop/boot.pyc"  # compiled once by the worker: a script would be compiled every run

# BLAS and OpenMP pools would start one thread per core at numpy import: slower to start, and a run counts
# against the tasks limit. One thread each.
THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# The address-space rlimit sits well above the memory limit (shared libraries, thread stacks and allocator
# reservations are address space, not memory); RLIMIT_DATA is the real memory cap. It only catches what DATA
# cannot see, such as a MAP_SHARED bomb.
ADDRESS_SPACE_HEADROOM_MB = 1024
_CHUNK = 1 << 16
_DRAIN_GRACE_S = 0.5  # after the program is gone, how long to wait for its pipes to reach EOF
_HARD_KILL_AFTER_S = 1.0  # after the polite stop (SIGTERM to the sandbox's init), when to SIGKILL
_RESEND_S = 0.05  # SIGTERM is repeated: one that comes before the init has its handler is ignored
_KILL_GRACE_S = 5.0  # after a kill, how long before giving up on a sandbox that does not die (a fault)
_RECHECK_S = 30.0  # a backend found unusable is checked again after this long (bwrap installed, dir built)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float = 5.0
    wall_seconds: float = 10.0
    memory_mb: int = 512
    tasks: int = 32  # processes + threads
    output_bytes: int = 1 << 20  # per stream (stdout, stderr); more => OLE
    file_size_mb: int = 16
    open_files: int = 64
    workdir_mb: int = 64  # size cap of the private tmpfs work dir
    channel_bytes: int = 4 << 20  # cap on what the program writes to fd 3 (the result channel)


class Status(enum.StrEnum):
    OK = "OK"
    TLE = "TLE"  # CPU or wall time limit
    MLE = "MLE"  # memory limit
    OLE = "OLE"  # stdout, stderr or the channel over its cap
    RE = "RE"  # non-zero exit or killed by a signal
    SE = "SE"  # the sandbox itself failed: not the program's fault, run it again later


@dataclass
class RunResult:
    status: Status
    exit_code: int | None  # exit status, or -N if killed by signal N; None if the sandbox killed it
    stdout: bytes
    stderr: bytes
    channel: bytes  # bytes the program wrote to file descriptor 3 (a pipe), capped at channel_bytes
    time_ms: int  # CPU time (user+sys) of every process of the run
    wall_ms: int  # around the whole sandboxed launch
    memory_kb: int  # peak RSS
    message: str = ""  # human-readable reason for SE/limits


class SandboxBackend(ABC):
    name: str
    secure: bool

    @abstractmethod
    def problem(self) -> str | None:
        """None when usable, else why not."""

    @abstractmethod
    def run_python(
        self, *, files: dict[str, bytes], main: str, stdin: bytes = b"", limits: Limits = Limits()
    ) -> RunResult:
        """Write ``files`` into a fresh private work dir and run the sandbox interpreter on ``main``."""

    @abstractmethod
    def run_tests(
        self, *, files: dict[str, bytes], main: str, inputs: list[bytes], limits: Limits = Limits(),
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> TestsResult:  # fmt: skip
        """Run ``main`` (a per-test supervisor such as ``harness.py``) with numpy preloaded, and hand it
        ``inputs[k]`` on stdin only when it reports that the process for test k exists (``docs/sandbox.md``,
        "Per-test runs"). Returns the supervisor's trusted figures and each test's own output. The run stops
        after a test for which ``keep_going`` says False."""


@dataclass
class TestRecord:
    """One test of a per-test run, as the trusted supervisor in the box measured it, plus what the test's
    processes wrote (untrusted bytes, attributed to this test because no other test's process was alive)."""

    __test__ = False  # not a pytest test class

    index: int  # position in ``inputs``
    exit_kind: str  # "exit" or "signal"
    code: int  # exit status, or the signal number
    killed: str  # "" or why the supervisor killed the test's processes: "cpu", "wall", "memory"
    cpu_ms: float  # every process of the test, children included (rusage of the reaped processes)
    wall_ms: float
    memory_kb: int  # peak of the test's memory as the supervisor summed it (docs/sandbox.md)
    stdout: bytes = b""
    stderr: bytes = b""
    channel: bytes = b""


@dataclass
class TestsResult:
    __test__ = False  # not a pytest test class

    run: RunResult  # the whole box
    tests: list[TestRecord]  # the tests that finished, in order
    running: int | None  # the test in progress when the box ended, if any
    start_ms: float = 0.0  # from the call to the first test's process being ready (sandbox start)
    input_left: bool = False  # a test died before reading all of its input: the run was stopped there


_REPORT_MAX = 4096


def _per_test_caps(sup: _Supervisor, limits: Limits, n: int) -> None:
    # Each test has its own output cap (``_TestFeed.on_data``); the run's caps only bound the total.
    sup.caps["stdout"] = sup.caps["stderr"] = limits.output_bytes * (n + 1)


def _tests_result(rr: RunResult, feed: _TestFeed | None) -> TestsResult:
    if feed is None:
        return TestsResult(rr, [], None)
    start_ms = (feed.first_ready - feed.started) * 1000 if feed.first_ready is not None else 0.0
    return TestsResult(
        rr, feed.records, feed.running, start_ms=round(start_ms, 1), input_left=feed.input_left
    )


class _TestFeed:
    """The worker's half of a per-test run. Input k goes into the stdin pipe once no process of an earlier test
    is alive (at the start for test 0, at "done k-1" for test k): the supervisor never reads stdin, so only test
    k's process, forked after that, ever reads it. What is written between "done k-1" and "done k" is test k's.
    (Writing ahead of "ready" keeps the worker's wake-up off each test's critical path.)"""

    def __init__(
        self, sup: _Supervisor, inputs: list[bytes], in_w: int, in_probe: int, limits: Limits,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> None:  # fmt: skip
        self.sup = sup
        self.keep_going = keep_going
        self.inputs = inputs
        self.in_w = in_w
        self.in_probe = in_probe
        self.limits = limits
        self.records: list[TestRecord] = []
        self.running: int | None = None
        self.marks = {"stdout": 0, "stderr": 0, "channel": 0}
        self.buf = bytearray()
        self.started = time.monotonic()
        self.first_ready: float | None = None
        self.input_left = False

    def on_data(self, name: str) -> None:
        # A test's own share of stdout/stderr: more stops the box (the grader blames the running test).
        if name != "channel" and len(self.sup.bufs[name]) - self.marks[name] > self.limits.output_bytes:
            self.sup.stop(name)

    def on_report(self, data: bytes) -> None:
        self.buf += data
        if len(self.buf) > _REPORT_MAX and b"\n" not in self.buf:
            self.sup.stop("report")  # never happens with our supervisor; nothing else can write here
            return
        while b"\n" in self.buf:
            line, _, rest = bytes(self.buf).partition(b"\n")
            self.buf = bytearray(rest)
            self._line(line.decode("ascii", "replace").split())

    def _line(self, words: list[str]) -> None:
        if self.sup.out.killed:
            return
        if len(words) == 2 and words[0] == "ready" and words[1].isdigit():
            k = int(words[1])
            if k >= len(self.inputs) or self.running is not None:
                return
            if self.first_ready is None:
                self.first_ready = time.monotonic()
            # (No marks here: test k's process may have written already, read before this line was.)
            self.running = k
        elif len(words) == 8 and words[0] == "done" and self.running == _int(words[1]):
            self.sup.drain()  # all of the test's writes happened before its processes died
            k, self.running = self.running, None
            bufs = self.sup.bufs
            self.records.append(TestRecord(
                index=k, exit_kind=words[2], code=_int(words[3]), killed="" if words[4] == "-" else words[4],
                cpu_ms=_int(words[5]) / 1000, wall_ms=_int(words[6]) / 1000, memory_kb=_int(words[7]),
                stdout=bytes(bufs["stdout"][self.marks["stdout"]:]),
                stderr=bytes(bufs["stderr"][self.marks["stderr"]:]),
                channel=bytes(bufs["channel"][self.marks["channel"]:]),
            ))  # fmt: skip
            # Nothing is alive until the next test's process is forked: what comes next is the next test's, and
            # the caps (stdout, stderr, channel) count per test.
            for buf in bufs.values():
                del buf[:]
            self.marks = {name: 0 for name in bufs}
            # Input left in the pipe (the test died while reading it) would reach the next test's process.
            left = self.sup.unwritten(self.in_w) + _unread(self.in_probe)
            if left:
                self.input_left = True
                self.sup.stop("input")
            elif self.keep_going is not None and not self.keep_going(self.records[-1]):
                self.sup.stop("enough")
            elif k + 1 < len(self.inputs):
                self.sup.feed(self.in_w, self.frame(k + 1))

    def frame(self, k: int) -> bytes:
        return b"%d %d\n" % (k, len(self.inputs[k])) + self.inputs[k]


def _int(word: str) -> int:
    try:
        return int(word)
    except ValueError:
        return -1


def _unread(fd: int) -> int:
    import array
    import fcntl
    import termios

    buf = array.array("i", [0])
    try:
        fcntl.ioctl(fd, termios.FIONREAD, buf, True)
    except OSError:
        return 0
    return buf[0]


def site_dir() -> Path:
    """The numpy-only package directory (``MOCKLOOP_SANDBOX_SITE``, else ``<project>/.sandbox/site``)."""
    return Path(os.environ.get(SITE_ENV) or DEFAULT_SITE_DIR)


def _site_problem(path: Path) -> str | None:
    if not (path / "numpy" / "__init__.py").is_file():
        return (
            f"no numpy-only site dir at {path}: build it with "
            f"`python -m scoring.judge.build_sandbox_site {path}` (or set {SITE_ENV})"
        )
    marker = path / SITE_MARKER
    try:
        built_for = json.loads(marker.read_text())["python"]
    except (OSError, ValueError, KeyError):
        return f"{path} was not made by build_sandbox_site (no {SITE_MARKER}): rebuild it"
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if built_for != running:
        return f"{path} was built for Python {built_for}, the worker runs {running}: rebuild it"
    return None


@dataclass(frozen=True)
class Interpreter:
    """Where the worker's own CPython lives, found from ``sys.base_prefix`` (never the virtualenv)."""

    executable: str
    stdlib: str
    libpython: str | None
    site_packages: tuple[str, ...]  # the interpreter's own package dirs: never visible in the sandbox

    @classmethod
    def current(cls) -> Interpreter:
        import sysconfig

        # In a virtualenv, _base_executable is the interpreter the virtualenv was made from.
        exe = getattr(sys, "_base_executable", "")
        if not os.path.isfile(exe):
            exe = os.path.join(
                sys.base_prefix, "bin", f"python{sys.version_info.major}.{sys.version_info.minor}"
            )
        libpython = None
        if sysconfig.get_config_var("Py_ENABLE_SHARED"):
            candidate = os.path.join(
                sysconfig.get_config_var("LIBDIR") or "", sysconfig.get_config_var("INSTSONAME") or ""
            )
            if os.path.isfile(candidate):
                libpython = os.path.realpath(candidate)
        import site

        stdlib = os.path.realpath(os.path.dirname(os.__file__))
        candidates = [
            *site.getsitepackages([sys.base_prefix, sys.base_exec_prefix]),
            os.path.join(stdlib, "site-packages"),
            os.path.join(stdlib, "dist-packages"),
        ]
        packages = {os.path.realpath(d) for d in candidates if os.path.isdir(d)}
        return cls(
            executable=os.path.realpath(exe),
            stdlib=stdlib,
            libpython=libpython,
            site_packages=tuple(sorted(packages)),
        )

    def argv(self, boot: str) -> list[str]:
        # -I: no environment, no user site, no script dir on sys.path; -S: no site-packages (the boot script
        # adds the numpy-only dir itself); -B: nothing written next to the sources; -X utf8: whatever locale.
        return [self.executable, "-I", "-S", "-B", "-X", "utf8", boot]


def _program_env(home: str, executable: str) -> dict[str, str]:
    return {
        "PATH": os.path.dirname(executable),
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "MALLOC_ARENA_MAX": "2",  # threads share two malloc arenas instead of reserving one each
        **THREAD_ENV,
    }


@functools.lru_cache(maxsize=16)
def trusted_bytecode(name: str, source: bytes) -> dict[str, bytes]:
    """A ``files`` entry holding the compiled form of a TRUSTED module ``name`` (e.g. "harness_impl.py").

    Put it next to the module's source in ``files`` and the sandbox's ``import`` uses it instead of compiling
    the source on every run (an unchecked hash-based .pyc, PEP 552, which the interpreter reads although
    nothing in the box may write one). Never for candidate code: compiling happens here, in the worker.
    """
    import importlib.util
    import marshal

    code = compile(source, f"{BOX_WORKDIR}/{name}", "exec", dont_inherit=True)
    stem = name.rsplit("/", 1)
    folder = stem[0] + "/" if len(stem) == 2 else ""
    module = stem[-1].removesuffix(".py")
    pyc = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(source)
    return {f"{folder}__pycache__/{module}.{sys.implementation.cache_tag}.pyc": pyc + marshal.dumps(code)}


def _check_files(files: dict[str, bytes], main: str) -> str | None:
    if main not in files:
        return f"main file {main!r} is not among the files"
    for name in files:
        parts = name.split("/")
        bad_part = any(p in ("", ".", "..") for p in parts) or any(ord(c) < 32 for c in name)
        if not name or name.startswith("/") or bad_part:
            return f"bad file name {name!r}: relative paths without '.', '..' or control characters only"
    return None


def _boot_args(
    *, mode: str, status_fd: int, drop_uid: int, channel_fd: int, job_fd: int, site: str, workdir: str,
    report_fd: int = -1, preload: bool = False,
) -> list[str]:  # fmt: skip
    numbers = (status_fd, drop_uid, channel_fd, job_fd, report_fd)
    return [mode, *map(str, numbers), site, workdir, "numpy" if preload else "-"]


def _job(
    files: dict[str, bytes], main: str, limits: Limits, extra_tasks: int = 0, per_test: bool = False
) -> bytes:
    """What the boot script reads on its job fd: the limits, the main file and the files; whether the program
    gets the per-test report pipe as fd 4."""
    memory = limits.memory_mb << 20
    numbers = [
        max(1, math.ceil(limits.cpu_seconds)),
        memory,
        memory + (ADDRESS_SPACE_HEADROOM_MB << 20),
        limits.tasks + extra_tasks,
        limits.file_size_mb << 20,
        limits.open_files,
        int(per_test),
        len(files),
    ]
    parts = [b"mockloop-job 1\n", " ".join(map(str, numbers)).encode() + b"\n"]
    encoded_main = main.encode()
    parts += [b"%d\n" % len(encoded_main), encoded_main]
    for name, data in files.items():
        encoded = name.encode()
        parts += [b"%d %d\n" % (len(encoded), len(data)), encoded, data]
    return b"".join(parts)


# ---- supervising a launched sandbox ---------------------------------------------------------------------


class _Fds:
    """The descriptors of one run, each closed exactly once (a second close could hit another thread's fd)."""

    def __init__(self) -> None:
        self._open: set[int] = set()

    def add(self, fd: int) -> int:
        self._open.add(fd)
        return fd

    def pipe(self) -> tuple[int, int]:
        r, w = os.pipe()
        return self.add(r), self.add(w)

    def close(self, *fds: int) -> None:
        for fd in fds:
            if fd in self._open:
                self._open.discard(fd)
                os.close(fd)

    def close_all(self) -> None:
        self.close(*list(self._open))

    @property
    def open(self) -> set[int]:
        return self._open


@dataclass
class _Outcome:
    stdout: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)
    channel: bytearray = field(default_factory=bytearray)
    killed: str | None = None  # why the supervisor killed the run: "wall", "stdout", "stderr", "channel"
    stuck: bool = False  # killed, yet still alive after the grace period


class _Supervisor:
    """Feeds stdin, collects stdout, stderr and the channel, and enforces the output caps and wall time.

    ``writers`` (the job, stdin) are fed and closed when done, except those in ``keep_open`` (a per-test run's
    stdin, fed one test's input at a time through ``feed``). ``exit_fd`` (a pidfd) becomes readable when the
    launched process is gone; for bubblewrap that means every process of the run is gone. ``kill`` asks the run
    to stop (called again every 50 ms until it does), ``hard_kill`` forces it a second later. ``extra`` readers
    get each chunk, then b"" at EOF. ``on_data`` is called after each chunk read from stdout, stderr or the
    channel; ``drain`` reads whatever those pipes hold right now.
    """

    def __init__(self, limits: Limits, deadline: float, fds: _Fds) -> None:
        self.limits = limits
        self.deadline = deadline
        self.fds = fds
        self.out = _Outcome()
        self.kill: Callable[[], None] = lambda: None
        self.hard_kill: Callable[[], None] = lambda: None
        self.after_exit: Callable[[], None] = lambda: None
        self.on_data: Callable[[str], None] = lambda name: None
        self.keep_open: set[int] = set()
        self._sel: selectors.BaseSelector | None = None
        self._pending: dict[int, memoryview] = {}
        self._readers: dict[int, str] = {}
        self._open_streams: set[int] = set()
        self.caps = {
            "stdout": limits.output_bytes,
            "stderr": limits.output_bytes,
            "channel": limits.channel_bytes,
        }
        self.bufs = {"stdout": self.out.stdout, "stderr": self.out.stderr, "channel": self.out.channel}

    def _stop(self, reason: str) -> None:
        if self.out.killed is None:
            self.out.killed = reason
            self.kill()

    def stop(self, reason: str) -> None:
        self._stop(reason)

    def feed(self, fd: int, data: bytes) -> None:
        """Queue ``data`` on writer ``fd`` (a kept-open one)."""
        assert self._sel is not None
        if not data or fd not in self.fds.open:
            return
        had = self._pending.get(fd)
        self._pending[fd] = memoryview(bytes(had) + data if had is not None else data)
        if had is None:
            os.set_blocking(fd, False)
            self._sel.register(fd, selectors.EVENT_WRITE, "writer")

    def unwritten(self, fd: int) -> int:
        view = self._pending.get(fd)
        return len(view) if view is not None else 0

    def _take(self, fd: int, name: str, data: bytes) -> None:
        buf = self.bufs[name]
        room = self.caps[name] - len(buf)
        buf += data[: max(0, room)]
        if len(data) > room:
            self._stop(name)
        self.on_data(name)

    def drain(self) -> None:
        """Read stdout, stderr and the channel until each is empty for now (data written before an event)."""
        for fd in list(self._open_streams):
            name = self._readers[fd]
            while True:
                try:
                    data = os.read(fd, _CHUNK)
                except BlockingIOError:
                    break
                if not data:
                    assert self._sel is not None
                    self._sel.unregister(fd)
                    self._open_streams.discard(fd)
                    break
                self._take(fd, name, data)

    def run(
        self, *, writers: dict[int, bytes], readers: dict[int, str], exit_fd: int,
        extra: dict[int, Callable[[bytes], None]] | None = None,
    ) -> _Outcome:  # fmt: skip
        extra = extra or {}
        sel = self._sel = selectors.DefaultSelector()
        self._readers = dict(readers)
        open_streams = self._open_streams
        for fd in readers:
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ, "stream")
            open_streams.add(fd)
        for fd in extra:
            sel.register(fd, selectors.EVENT_READ, "extra")
        pending = self._pending
        for fd, data in writers.items():
            if data:
                pending[fd] = memoryview(data)
                os.set_blocking(fd, False)
                sel.register(fd, selectors.EVENT_WRITE, "writer")
            elif fd not in self.keep_open:
                self.fds.close(fd)  # EOF at once
        sel.register(exit_fd, selectors.EVENT_READ, "exit")
        exited_at: float | None = None
        killed_at: float | None = None
        hard_killed = False
        last_kill = 0.0
        try:
            while True:
                now = time.monotonic()
                if exited_at is None and now >= self.deadline:
                    self._stop("wall")
                if self.out.killed and killed_at is None:
                    killed_at = last_kill = now
                if exited_at is not None and (not open_streams or now >= exited_at + _DRAIN_GRACE_S):
                    break
                if killed_at is not None and exited_at is None:
                    if now >= killed_at + _KILL_GRACE_S:
                        self.out.stuck = True
                        break
                    if not hard_killed and now >= killed_at + _HARD_KILL_AFTER_S:
                        hard_killed = True
                        self.hard_kill()
                    elif not hard_killed and now >= last_kill + _RESEND_S:
                        last_kill = now
                        self.kill()
                if exited_at is not None:
                    timeout = exited_at + _DRAIN_GRACE_S - now
                elif killed_at is not None:
                    timeout = killed_at + _KILL_GRACE_S - now if hard_killed else _RESEND_S
                else:
                    timeout = self.deadline - now
                for key, _ in sel.select(max(0.0, timeout)):
                    fd, name = key.fd, key.data
                    if name == "exit":
                        exited_at = time.monotonic()
                        sel.unregister(fd)
                        self.after_exit()
                    elif name == "writer":
                        if fd not in pending:
                            continue
                        try:
                            written = os.write(fd, pending[fd][:_CHUNK])
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:  # the reader is done with it
                            written = len(pending[fd])
                        pending[fd] = pending[fd][written:]
                        if not pending[fd]:
                            del pending[fd]
                            sel.unregister(fd)
                            if fd not in self.keep_open:
                                self.fds.close(fd)
                    elif name == "extra":
                        try:
                            data = os.read(fd, _CHUNK)
                        except BlockingIOError:
                            continue
                        if not data:
                            sel.unregister(fd)
                        extra[fd](data)
                    elif fd in open_streams:
                        try:
                            data = os.read(fd, _CHUNK)
                        except BlockingIOError:
                            continue
                        if not data:
                            sel.unregister(fd)
                            open_streams.discard(fd)
                        else:
                            self._take(fd, self._readers[fd], data)
        finally:
            sel.close()
            # Only the writers still being fed: a number closed above may belong to a new fd by now (a cold
            # start's init pidfd, opened at the handshake, often gets the number of the job's pipe).
            self.fds.close(*pending)
        return self.out


def _wait(proc: subprocess.Popen[bytes]) -> resource.struct_rusage | None:
    """Reap ``proc`` with wait4: its usage covers every descendant it (transitively) reaped."""
    while True:
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:  # somebody else reaped it (should not happen): no figures
            proc.returncode = -1
            return None
        proc.returncode = os.waitstatus_to_exitcode(status)
        return usage


_MEMORY_ERROR = re.compile(rb"^[\w.]*MemoryError\b")


def _memory_error_in(stderr: bytes) -> bool:
    lines = [ln for ln in stderr[-4096:].splitlines() if ln.strip()]
    return bool(lines) and bool(_MEMORY_ERROR.match(lines[-1].lstrip()))


def _classify(
    *, exit_code: int | None, killed: str | None, limits: Limits, time_ms: int, memory_kb: int, stderr: bytes,
    oom: bool = False,
) -> tuple[Status, str]:  # fmt: skip
    if killed in ("enough", "input"):  # a per-test run stopped between tests on purpose
        return Status.OK, ""
    if killed in ("stdout", "stderr"):
        return Status.OLE, f"{killed} exceeded {limits.output_bytes} bytes"
    if killed == "channel":
        return Status.OLE, f"the result channel (fd 3) exceeded {limits.channel_bytes} bytes"
    if killed == "wall":
        return Status.TLE, f"wall time limit of {limits.wall_seconds:g} s exceeded"
    if exit_code is None:
        return Status.SE, "the sandbox lost the program's exit status"
    if oom:
        return Status.MLE, f"memory limit of {limits.memory_mb} MB exceeded (killed by the kernel)"
    # The CPU rlimit (whole seconds) sends SIGXCPU, then SIGKILL a second later if the program survives it.
    # A program may also finish above a fractional limit before the rlimit strikes. (Usage figures can come
    # out below what the rlimit saw, hence the margin on SIGKILL.)
    rlimit_ms = math.ceil(limits.cpu_seconds) * 1000
    by_rlimit = exit_code == -signal.SIGXCPU or (exit_code == -signal.SIGKILL and time_ms >= rlimit_ms // 2)
    if time_ms >= limits.cpu_seconds * 1000 or by_rlimit:
        return Status.TLE, f"CPU time limit of {limits.cpu_seconds:g} s exceeded"
    if exit_code != 0 and (_memory_error_in(stderr) or memory_kb >= limits.memory_mb * 1024):
        return Status.MLE, f"memory limit of {limits.memory_mb} MB exceeded"
    if exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        return Status.RE, f"killed by {name}"
    if exit_code != 0:
        return Status.RE, f"exit status {exit_code}"
    return Status.OK, ""


def _compiled_boot(filename: str) -> bytes:
    """``sandbox_boot.py`` as a .pyc (PEP 552 header, unchecked), which the interpreter runs as a script."""
    import importlib.util
    import marshal

    code = compile(BOOT_FILE.read_bytes(), filename, "exec", dont_inherit=True)
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


@dataclass
class _Record:
    """What the boot script's waiting parent reported: how the program ended and its children's usage.

    It writes "started" once the program exists, then "<kind> <status> <cpu ms> <max rss kb>". The program
    cannot write here, but without bubblewrap's user-namespace split (a non-root worker) it has the same uid
    as its init and could tamper with it; so after "started", a missing or odd final line is the program's
    doing, never a sandbox fault.
    """

    started: bool = False
    kind: str = ""  # "exit", "signal", "stopped" (SIGTERM), "lost", or "" when no final line came
    exit_code: int | None = None  # -N for signal N
    cpu_ms: int = 0
    maxrss_kb: int = 0

    @classmethod
    def read(cls, fd: int) -> _Record:
        os.set_blocking(fd, False)
        try:
            lines = os.read(fd, 512).splitlines()
        except BlockingIOError:
            lines = []
        record = cls(started=bool(lines) and lines[0] == b"started")
        fields = lines[1].split() if len(lines) == 2 and record.started else []
        if len(fields) == 4 and fields[0] in (b"exit", b"signal", b"stopped", b"lost"):
            kind = fields[0].decode()
            try:
                status = int(fields[1]) if kind in ("exit", "signal") else None
                record.cpu_ms, record.maxrss_kb = int(fields[2]), int(fields[3])
            except ValueError:
                return record
            record.kind = kind
            record.exit_code = status if kind == "exit" or status is None else -status
        return record


def _memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name, os.MFD_CLOEXEC)  # passed to bubblewrap (pass_fds), which reads and closes it
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


# ---- bubblewrap ------------------------------------------------------------------------------------------


@dataclass
class _Box:
    """One launched bubblewrap sandbox. Its init waits on ``job_w`` for the job (limits, files); a prestarted
    spare waits there before anybody knows what it will run."""

    proc: subprocess.Popen[bytes]
    fds: _Fds
    as_root: bool
    workdir_mb: int
    preload: bool  # numpy imported by the init while it waits (per-test runs)
    in_w: int
    in_probe: int  # a read end of the program's stdin, kept to see whether a test left input unread
    report_r: int  # the per-test report pipe (fd 4 inside), written only by the trusted per-test supervisor
    out_r: int
    err_r: int
    chan_r: int
    status_r: int
    info_r: int
    block_w: int
    job_w: int
    exit_fd: int
    cgroup: sandbox_cgroup.RunCgroup | None
    owner: int = field(default_factory=os.getpid)  # a forked worker must not use its parent's sandboxes
    pidfd: int = -1  # the sandbox's PID 1, once bwrap has said which it is
    ready: bool = False  # the uid maps are written (when the worker is root) and bwrap goes on
    error: str = ""
    _info: bytearray = field(default_factory=bytearray)

    def on_info(self, data: bytes) -> None:
        """bwrap's --info-fd: at EOF, the sandbox's PID 1 is known; map its uids and let bwrap go on."""
        if data:
            self._info.extend(data)
            return
        try:
            pid = int(json.loads(self._info)["child-pid"])
            self.pidfd = self.fds.add(os.pidfd_open(pid))
        except (ValueError, KeyError, TypeError, ProcessLookupError):
            return  # bwrap failed before the namespace existed (its stderr says why), or is gone already
        try:
            if self.as_root:
                # setgroups stays allowed: the boot script clears the worker's supplementary groups (root's group
                # 0 among them) before it switches to 65534.
                for name in ("uid_map", "gid_map"):
                    with open(f"/proc/{pid}/{name}", "w") as f:
                        f.write(f"0 0 1\n{SANDBOX_UID} {SANDBOX_UID} 1\n")
            if self.cgroup is not None:
                self.cgroup.add(pid)
            if self.block_w >= 0:
                os.write(self.block_w, b"1")
            self.ready = True
        except OSError as exc:
            self.error = f"cannot set up the sandbox's namespace: {exc}"
            self.kill(signal.SIGKILL)

    def kill(self, sig: int = signal.SIGTERM) -> None:
        # SIGTERM asks the sandbox's init (PID 1, sandbox_boot.py) to kill and reap every process of the run, so
        # that their CPU time is counted; SIGKILL to PID 1 makes the kernel kill them, uncounted. Either way bwrap
        # exits once the namespace is empty. Before PID 1 is known, kill bwrap itself (PID 1 follows through its
        # parent-death signal).
        if self.pidfd >= 0:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, sig)
                return
        with contextlib.suppress(ProcessLookupError):
            signal.pidfd_send_signal(self.exit_fd, signal.SIGKILL)

    def alive(self) -> bool:
        poller = select.poll()  # (not select.select: descriptors above 1023 are fine)
        poller.register(self.exit_fd, select.POLLIN)
        return not poller.poll(0)

    def close(self) -> None:
        self.fds.close_all()
        if self.cgroup is not None:
            self.cgroup.remove()


_keepers_lock = threading.Lock()  # only ever held briefly, and re-made after a fork (os.register_at_fork)


def _new_keepers_lock() -> None:
    global _keepers_lock
    _keepers_lock = threading.Lock()


os.register_at_fork(after_in_child=_new_keepers_lock)


class BwrapBackend(SandboxBackend):
    """Candidate code in bubblewrap (module docstring, docs/sandbox.md).

    With ``prestart`` (the default) the backend keeps one sandbox launched ahead, its interpreter started and
    waiting for a job, and launches the next one as soon as a run takes it: bubblewrap's namespaces and the
    interpreter's start-up are then off the critical path. Each sandbox still runs exactly one program.
    """

    name = "bwrap"
    secure = True

    def __init__(self, bwrap: str | None = None, site: Path | None = None, *, prestart: bool = True) -> None:
        self.bwrap = bwrap or shutil.which("bwrap") or "/usr/bin/bwrap"
        self.site = site or site_dir()
        self.interpreter = Interpreter.current()
        self.cgroups = sandbox_cgroup.CgroupParent.find()
        # A run's cgroup must exist before bwrap starts, with the run's limits: cold starts only.
        self.prestart = prestart and not self.cgroups.usable
        self.prestarted_runs = 0  # runs that found a sandbox ready (the tests and the bench look)
        self._usable = False  # once a real launch worked, for the life of the process
        self._problem_cache: tuple[float, str] | None = None  # (when, why): re-checked after _RECHECK_S
        self._lock = threading.Lock()
        self._seccomp: bytes | None = None
        self._boot_pyc = _compiled_boot(BOX_BOOT)
        self._spare: _Box | None = None
        self._spare_lock = threading.Lock()
        self._spare_kind = (Limits().workdir_mb, False)
        self._want_spare = threading.Event()
        self._keeper_owner = 0

    # -- usability --

    def problem(self) -> str | None:
        with self._lock:
            if self._usable:
                return None
            now = time.monotonic()
            if self._problem_cache is not None and now < self._problem_cache[0] + _RECHECK_S:
                return self._problem_cache[1]
            why = self._find_problem()
            self._usable = why is None
            self._problem_cache = None if why is None else (now, why)
            return why

    def _find_problem(self) -> str | None:
        if not (os.path.isfile(self.bwrap) and os.access(self.bwrap, os.X_OK)):
            return "bubblewrap is not installed (apt-get install bubblewrap)"
        if os.stat(self.bwrap).st_mode & 0o4000:
            return f"{self.bwrap} is setuid root; this sandbox expects the unprivileged bubblewrap"
        why = sandbox_seccomp.supported() or _site_problem(self.site)
        if why:
            return why
        if not os.path.isfile(self.interpreter.executable):
            return f"interpreter {self.interpreter.executable} not found"
        # A real launch: user namespaces may be disabled, bwrap may be too old for the options used, ...
        probe, _ = self._run(files={"probe.py": b"import numpy\n"}, main="probe.py", stdin=b"", limits=Limits(),
                             prestarted=False)  # fmt: skip
        if probe.status != Status.OK:
            detail = (probe.message + " " + probe.stderr.decode("utf-8", "replace")).strip()
            return f"bubblewrap cannot start the sandbox here: {detail[-800:]}"
        return None

    def cgroup_status(self) -> str:
        """Whether runs also get cgroup memory and pids limits, and why not if they do not."""
        return self.cgroups.describe()

    # -- running --

    def run_python(
        self, *, files: dict[str, bytes], main: str, stdin: bytes = b"", limits: Limits = Limits()
    ) -> RunResult:
        problem = self.problem()
        if problem:
            return RunResult(Status.SE, None, b"", b"", b"", 0, 0, 0, message=problem)
        return self._run(files=files, main=main, stdin=stdin, limits=limits, prestarted=self.prestart)[0]

    def run_tests(
        self, *, files: dict[str, bytes], main: str, inputs: list[bytes], limits: Limits = Limits(),
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> TestsResult:  # fmt: skip
        problem = self.problem()
        if problem:
            return TestsResult(RunResult(Status.SE, None, b"", b"", b"", 0, 0, 0, message=problem), [], None)
        rr, feed = self._run(files=files, main=main, stdin=b"", limits=limits, prestarted=self.prestart,
                             preload=True, inputs=inputs, keep_going=keep_going)  # fmt: skip
        return _tests_result(rr, feed)

    def _run(
        self, *, files: dict[str, bytes], main: str, stdin: bytes, limits: Limits, prestarted: bool,
        preload: bool = False, inputs: list[bytes] | None = None,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, _TestFeed | None]:  # fmt: skip
        bad = _check_files(files, main)
        if bad:
            return RunResult(Status.SE, None, b"", b"", b"", 0, 0, 0, message=bad), None
        box = self._take_spare((limits.workdir_mb, preload)) if prestarted else None
        if box is None:
            cgroup = self.cgroups.create(limits) if self.cgroups.usable else None
            try:
                box = self._spawn(workdir_mb=limits.workdir_mb, preload=preload, cgroup=cgroup)
            except OSError as exc:
                if cgroup is not None:
                    cgroup.remove()
                return RunResult(
                    Status.SE, None, b"", b"", b"", 0, 0, 0, message=f"cannot start bwrap: {exc}"
                ), None
        else:
            self.prestarted_runs += 1
        try:
            job = _job(files, main, limits, per_test=inputs is not None)
            return self._supervise(
                box, job=job, stdin=stdin, limits=limits, inputs=inputs, keep_going=keep_going
            )
        finally:
            box.close()

    # -- prestarted spares --

    def _take_spare(self, kind: tuple[int, bool]) -> _Box | None:
        """The spare sandbox if one is ready for this work dir size; a new one is on its way either way."""
        if self._keeper_owner != os.getpid():
            self._start_keeper()
        with self._spare_lock:
            box, self._spare = self._spare, None
            self._spare_kind = kind
        self._want_spare.set()
        if box is None:
            return None
        if (box.workdir_mb, box.preload) == kind and box.ready and box.alive():
            return box
        self._discard(box)
        return None

    def _start_keeper(self) -> None:
        with _keepers_lock:
            if self._keeper_owner == os.getpid():
                return
            # First use in this process, or in a forked worker: the parent's spare is not its child, its keeper
            # thread did not survive the fork, and its lock may have been held at the fork.
            inherited, self._spare = self._spare, None
            if inherited is not None:
                inherited.fds.close_all()  # our copies of its pipes; the parent deals with the process
            self._spare_lock = threading.Lock()
            self._want_spare = threading.Event()
            self._keeper_owner = os.getpid()
            threading.Thread(target=self._keep_spare, name="sandbox-spare", daemon=True).start()

    def wait_for_spare(self, timeout: float = 5.0) -> bool:
        """Block until a prestarted sandbox is ready (benchmarks use it to keep set-up out of their timings)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._spare_lock:
                if self._spare is not None:
                    return True
            time.sleep(0.002)
        return False

    def _keep_spare(self) -> None:
        # Runs in its own daemon thread for the life of the process: the spares' parent-death signal is tied
        # to the thread that started them. Never dies: a spare that fails is retried a little later, and runs
        # meanwhile start cold (and report whatever is wrong).
        while True:
            self._want_spare.wait()
            self._want_spare.clear()
            with self._spare_lock:
                if self._spare is not None:
                    continue
                kind = self._spare_kind
            try:
                box = self._prepare_spare(kind)
            except Exception:  # whatever it was, cold starts still work and say what is wrong
                box = None
            if box is None:
                time.sleep(1.0)
                self._want_spare.set()
                continue
            with self._spare_lock:
                self._spare, old = box, self._spare
            if old is not None:
                self._discard(old)

    def _prepare_spare(self, kind: tuple[int, bool]) -> _Box | None:
        """Launch a sandbox and do its namespace handshake: it then finishes starting on its own."""
        box = self._spawn(workdir_mb=kind[0], preload=kind[1], cgroup=None)
        try:
            self._handshake(box, deadline=time.monotonic() + 10.0)
        except BaseException:
            self._discard(box)  # not left running (and unreaped) behind an exception
            raise
        if box.ready:
            return box
        self._discard(box)
        return None

    @staticmethod
    def _handshake(box: _Box, *, deadline: float) -> None:
        """Read bwrap's --info-fd to EOF and hand it to ``box.on_info``, which maps the uids and lets bwrap go on.

        The loop ends on EOF itself, never on whether the fd number is still among the box's open ones: at EOF
        ``on_info`` opens a pidfd, and were ``info_r`` closed first that pidfd could get the same number (the
        lowest free one); the loop would then poll the live init's pidfd until the deadline. ``info_r`` is
        closed only after ``on_info``, so the numbers differ anyway.
        """
        poller = select.poll()
        poller.register(box.info_r, select.POLLIN)
        try:
            while (remaining := deadline - time.monotonic()) > 0:
                if not poller.poll(remaining * 1000):
                    continue
                data = os.read(box.info_r, _CHUNK)
                box.on_info(data)
                if not data:
                    return
        finally:
            box.fds.close(box.info_r)

    def _discard(self, box: _Box) -> None:
        box.kill(signal.SIGKILL)
        _wait(box.proc)
        box.close()

    # -- one sandbox --

    def _seccomp_program(self) -> bytes:
        if self._seccomp is None:
            self._seccomp = sandbox_seccomp.build_filter()
        return self._seccomp

    def _mounts(self) -> list[str]:
        """Read-only binds of the interpreter, the system libraries and the numpy dir, on a tmpfs root."""
        args: list[str] = []
        made: set[str] = {"/"}
        bound: list[str] = []

        def parents(dest: str) -> None:
            # bubblewrap would create missing parents with mode 0700 (root's), which uid 65534 cannot cross.
            parts = dest.strip("/").split("/")[:-1]
            for i in range(1, len(parts) + 1):
                d = "/" + "/".join(parts[:i])
                if d in made or any(d == b or d.startswith(b + "/") for b in bound):
                    continue
                args.extend(["--perms", "0755", "--dir", d])
                made.add(d)

        def bind(src: str, dest: str | None = None) -> None:
            dest = dest or src
            if any(dest == b or dest.startswith(b + "/") for b in bound):
                return  # already visible through a bind of a parent
            parents(dest)
            args.extend(["--ro-bind", src, dest])
            bound.append(dest)
            made.add(dest)

        for top in ("/lib", "/lib64", "/lib32", "/libx32"):
            if os.path.islink(top):
                args.extend(["--symlink", os.readlink(top), top])
                made.add(top)
        import sysconfig

        multiarch = sysconfig.get_config_var("MULTIARCH")
        lib_dirs = [f"/usr/lib/{multiarch}", f"/lib/{multiarch}"] if multiarch else ["/usr/lib", "/lib"]
        for d in [*lib_dirs, "/usr/lib64", "/lib64", "/usr/lib32", "/lib32"]:
            if os.path.isdir(d) and os.path.realpath(d) == d:  # symlinked ones are reached through /usr
                bind(d)
        interp = self.interpreter
        bind(interp.executable)
        bind(interp.stdlib)
        if interp.libpython:
            bind(interp.libpython)
        # Hide whatever the interpreter itself has installed (Django in the Docker image; pip, boto3, ... on
        # this machine) where a bind above made it visible.
        for masked in interp.site_packages:
            if any(masked == b or masked.startswith(b + "/") for b in bound):
                args.extend(["--perms", "0555", "--size", "4096", "--tmpfs", masked, "--remount-ro", masked])
        bind(str(self.site.resolve()), BOX_SITE)
        return args

    def _spawn(self, *, workdir_mb: int, preload: bool, cgroup: sandbox_cgroup.RunCgroup | None) -> _Box:
        """Launch bubblewrap; its init will wait for the job on the box's ``job_w``."""
        as_root = os.geteuid() == 0
        fds = _Fds()
        try:
            in_r, in_w = fds.pipe()
            out_r, out_w = fds.pipe()
            err_r, err_w = fds.pipe()
            chan_r, chan_w = fds.pipe()
            info_r, info_w = fds.pipe()
            status_r, status_w = fds.pipe()
            job_r, job_w = fds.pipe()
            report_r, report_w = fds.pipe()
            block_r, block_w = fds.pipe() if as_root or cgroup is not None else (-1, -1)
            seccomp_fd = fds.add(_memfd("mockloop-seccomp", self._seccomp_program()))
            boot_fd = fds.add(_memfd("mockloop-boot", self._boot_pyc))
            child = [fd for fd in (chan_w, info_w, status_w, job_r, report_w, block_r, seccomp_fd, boot_fd)
                     if fd >= 0]  # fmt: skip
            if as_root:
                # The worker is root: bubblewrap does its setup as the user namespace's uid 0 (host root, so it
                # can read the interpreter under /root), this process maps only 0 and 65534 in that namespace,
                # and the boot script switches the program to 65534 (host uid 65534 too). The init keeps uid 0
                # and CAP_KILL (in that namespace only) to kill whatever the program leaves behind.
                user_args = ["--unshare-user", "--uid", "0", "--gid", "0", "--userns-block-fd", str(block_r),
                             "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                             "--cap-add", "CAP_KILL"]  # fmt: skip
            else:
                # Not root: bubblewrap maps the worker's uid to 65534 itself, in a second user namespace from
                # which no further one can be made.
                user_args = ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
                             "--disable-userns"]  # fmt: skip
                if cgroup is not None:
                    user_args += ["--block-fd", str(block_r)]  # wait until it is in its cgroup
            workdir_bytes = str(workdir_mb << 20)
            argv = [
                self.bwrap,
                *user_args,
                "--info-fd", str(info_w),
                "--unshare-pid", "--as-pid-1", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "sandbox",
                "--die-with-parent", "--new-session",
                *self._mounts(),
                "--proc", "/proc",
                "--dev", "/dev",
                "--perms", "1777", "--size", workdir_bytes, "--tmpfs", "/dev/shm",
                "--remount-ro", "/dev",
                "--perms", "0777", "--size", workdir_bytes, "--tmpfs", BOX_WORKDIR,
                "--symlink", BOX_WORKDIR, "/tmp",
                "--perms", "0755", "--dir", os.path.dirname(BOX_BOOT),
                "--perms", "0444", "--ro-bind-data", str(boot_fd), BOX_BOOT,
                "--seccomp", str(seccomp_fd),
                "--chdir", BOX_WORKDIR,
                "--remount-ro", "/",
                "--",
                *self.interpreter.argv(BOX_BOOT),
                *_boot_args(mode="init", status_fd=status_w, drop_uid=SANDBOX_UID if as_root else -1,
                            channel_fd=chan_w, job_fd=job_r, site=BOX_SITE, workdir=BOX_WORKDIR,
                            report_fd=report_w, preload=preload),
            ]  # fmt: skip
            proc = subprocess.Popen(
                argv,
                stdin=in_r,
                stdout=out_w,
                stderr=err_w,
                pass_fds=child,
                env=_program_env(BOX_WORKDIR, self.interpreter.executable),  # bwrap's own environ: only this
                cwd="/",
            )
            in_probe = fds.add(os.dup(in_r))
            fds.close(in_r, out_w, err_w, *child)  # bubblewrap has them now
            exit_fd = fds.add(os.pidfd_open(proc.pid))
        except BaseException:
            fds.close_all()
            raise
        return _Box(proc=proc, fds=fds, as_root=as_root, workdir_mb=workdir_mb, preload=preload, in_w=in_w,
                    in_probe=in_probe, report_r=report_r, out_r=out_r,
                    err_r=err_r, chan_r=chan_r, status_r=status_r, info_r=info_r, block_w=block_w, job_w=job_w,
                    exit_fd=exit_fd, cgroup=cgroup)  # fmt: skip

    def _supervise(
        self, box: _Box, *, job: bytes, stdin: bytes, limits: Limits, inputs: list[bytes] | None = None,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, _TestFeed | None]:  # fmt: skip
        started = time.monotonic()
        sup = _Supervisor(limits, started + limits.wall_seconds, box.fds)
        sup.kill = box.kill
        sup.hard_kill = lambda: box.kill(signal.SIGKILL)
        extra: dict[int, Callable[[bytes], None]] = {}
        if not box.ready and box.info_r in box.fds.open:
            extra[box.info_r] = box.on_info  # a cold start: the handshake happens during the run
        feed = None
        if inputs is not None:
            feed = _TestFeed(sup, inputs, box.in_w, box.in_probe, limits, keep_going)
            feed.started = started
            _per_test_caps(sup, limits, len(inputs))
            sup.on_data = feed.on_data
            sup.keep_open.add(box.in_w)
            extra[box.report_r] = feed.on_report
        else:
            box.fds.close(box.report_r)
        if feed is not None and inputs:
            stdin = feed.frame(0)  # no test's process exists yet: only test 0's will read it
        outcome = sup.run(
            writers={box.job_w: job, box.in_w: stdin},
            readers={box.out_r: "stdout", box.err_r: "stderr", box.chan_r: "channel"},
            exit_fd=box.exit_fd,
            extra=extra,
        )
        if outcome.stuck:
            box.kill(signal.SIGKILL)
        usage = _wait(box.proc)
        wall_ms = int((time.monotonic() - started) * 1000)
        record = _Record.read(box.status_r)
        # CPU: bwrap's wait4 covers bwrap itself and every process of the run (PID 1 reaped them all).
        # Memory: the peak RSS PID 1 saw among them; bwrap's own figure would include the worker's peak RSS,
        # which a process started through vfork+exec inherits.
        time_ms = int((usage.ru_utime + usage.ru_stime) * 1000) if usage else record.cpu_ms
        memory_kb = record.maxrss_kb
        oom = False
        if box.cgroup is not None:
            memory_kb = max(memory_kb, box.cgroup.peak_kb())
            oom = box.cgroup.oom_killed()
        stderr = bytes(outcome.stderr)
        output = (bytes(outcome.stdout), stderr, bytes(outcome.channel), time_ms, wall_ms, memory_kb)
        if box.error or outcome.stuck or not (record.started or outcome.killed):
            detail = box.error or stderr.decode("utf-8", "replace").strip()[-2000:]
            if outcome.stuck:
                detail = "the sandbox did not die when killed"
            return RunResult(Status.SE, None, *output, message=f"sandbox failure: {detail}"), feed
        if record.exit_code == 125 and b"mockloop-sandbox: privilege drop failed" in stderr:
            return RunResult(
                Status.SE, None, *output, message="sandbox failure: could not drop privileges"
            ), feed
        if not outcome.killed and record.exit_code is None:
            # Started, but no exit status: its init was stopped or lost, which only the program can cause.
            return RunResult(
                Status.RE, None, *output, message="the program interfered with the sandbox's init"
            ), feed
        exit_code = None if outcome.killed else record.exit_code
        status, message = _classify(exit_code=exit_code, killed=outcome.killed, limits=limits, time_ms=time_ms,
                                    memory_kb=memory_kb, stderr=stderr, oom=oom)  # fmt: skip
        return RunResult(status, exit_code, *output, message=message), feed


# ---- local, insecure -------------------------------------------------------------------------------------


def _own_task_count(uid: int) -> int:
    """Processes and threads of ``uid`` on this machine: RLIMIT_NPROC counts them all, not just the run's."""
    count = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != uid:
                continue
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            count += int(stat.rsplit(b")", 1)[1].split()[17])  # num_threads
        except (OSError, ValueError, IndexError):
            continue
    return count


class LocalInsecureBackend(SandboxBackend):
    """For laptops without bubblewrap. NOT a sandbox: the program can read and write what the worker can.

    What it does: the same interpreter and boot script, an empty environment, a temp work dir, the same
    rlimits (the tasks limit is added to what the user already runs, as RLIMIT_NPROC counts all of a user's
    tasks), and a kill of the whole process group at the end.
    """

    name = "local-insecure"
    secure = False

    def __init__(self, site: Path | None = None) -> None:
        self.site = site or site_dir()
        self.interpreter = Interpreter.current()

    def problem(self) -> str | None:
        return _site_problem(self.site)

    def run_python(
        self, *, files: dict[str, bytes], main: str, stdin: bytes = b"", limits: Limits = Limits()
    ) -> RunResult:
        problem = self.problem() or _check_files(files, main)
        if problem:
            return RunResult(Status.SE, None, b"", b"", b"", 0, 0, 0, message=problem)
        return self._run(files=files, main=main, stdin=stdin, limits=limits)[0]

    def run_tests(
        self, *, files: dict[str, bytes], main: str, inputs: list[bytes], limits: Limits = Limits(),
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> TestsResult:  # fmt: skip
        rr, feed = self._run(
            files=files, main=main, stdin=b"", limits=limits, inputs=inputs, keep_going=keep_going
        )
        return _tests_result(rr, feed)

    def _run(
        self, *, files: dict[str, bytes], main: str, stdin: bytes, limits: Limits, inputs: list[bytes] | None = None,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, _TestFeed | None]:  # fmt: skip
        problem = self.problem() or _check_files(files, main)
        if problem:
            return RunResult(Status.SE, None, b"", b"", b"", 0, 0, 0, message=problem), None
        workdir = tempfile.mkdtemp(prefix="mockloop-run-")
        fds = _Fds()
        try:
            return self._launch(
                files=files, main=main, stdin=stdin, limits=limits, workdir=workdir, fds=fds, inputs=inputs,
                keep_going=keep_going,
            )  # fmt: skip
        finally:
            fds.close_all()
            shutil.rmtree(workdir, ignore_errors=True)

    def _launch(
        self, *, files: dict[str, bytes], main: str, stdin: bytes, limits: Limits, workdir: str, fds: _Fds,
        inputs: list[bytes] | None, keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, _TestFeed | None]:  # fmt: skip
        in_r, in_w = fds.pipe()
        out_r, out_w = fds.pipe()
        err_r, err_w = fds.pipe()
        chan_r, chan_w = fds.pipe()
        status_r, status_w = fds.pipe()
        report_r, report_w = fds.pipe()
        in_probe = fds.add(os.dup(in_r))
        extra_tasks = 0 if os.geteuid() == 0 else _own_task_count(os.geteuid())
        job_fd = fds.add(_memfd("mockloop-job", _job(files, main, limits, extra_tasks, inputs is not None)))
        argv = [
            *self.interpreter.argv(str(BOOT_FILE)),
            *_boot_args(mode="direct", status_fd=status_w, drop_uid=-1, channel_fd=chan_w, job_fd=job_fd,
                        site=str(self.site), workdir=workdir, report_fd=report_w, preload=inputs is not None),
        ]  # fmt: skip
        started = time.monotonic()
        try:
            proc = subprocess.Popen(
                argv,
                stdin=in_r,
                stdout=out_w,
                stderr=err_w,
                pass_fds=(chan_w, status_w, job_fd, report_w),
                env=_program_env(workdir, self.interpreter.executable),
                cwd=workdir,
                start_new_session=True,
            )
        except OSError as exc:
            return RunResult(Status.SE, None, b"", b"", b"", 0, 0, 0, message=f"cannot start: {exc}"), None
        fds.close(in_r, out_w, err_w, chan_w, status_w, job_fd, report_w)
        exit_fd = fds.add(os.pidfd_open(proc.pid))

        def kill_group() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        sup = _Supervisor(limits, started + limits.wall_seconds, fds)
        sup.kill = sup.hard_kill = kill_group
        sup.after_exit = kill_group  # whatever it started in its group dies with it
        extra: dict[int, Callable[[bytes], None]] = {}
        feed = None
        if inputs is not None:
            feed = _TestFeed(sup, inputs, in_w, in_probe, limits, keep_going)
            feed.started = started
            _per_test_caps(sup, limits, len(inputs))
            sup.on_data = feed.on_data
            sup.keep_open.add(in_w)
            extra[report_r] = feed.on_report
        if feed is not None and inputs:
            stdin = feed.frame(0)
        outcome = sup.run(
            writers={in_w: stdin},
            readers={out_r: "stdout", err_r: "stderr", chan_r: "channel"},
            exit_fd=exit_fd,
            extra=extra,
        )
        kill_group()
        usage = _wait(proc)
        wall_ms = int((time.monotonic() - started) * 1000)
        record = _Record.read(status_r)
        time_ms = int((usage.ru_utime + usage.ru_stime) * 1000) if usage else record.cpu_ms
        stderr = bytes(outcome.stderr)
        output = (bytes(outcome.stdout), stderr, bytes(outcome.channel), time_ms, wall_ms, record.maxrss_kb)
        if not outcome.killed and record.exit_code is None:
            if record.started:
                return RunResult(
                    Status.RE, None, *output, message="the program interfered with its parent"
                ), feed
            detail = stderr.decode("utf-8", "replace").strip()[-2000:]
            return RunResult(Status.SE, None, *output, message=f"the program did not start: {detail}"), feed
        exit_code = None if outcome.killed else record.exit_code
        status, message = _classify(exit_code=exit_code, killed=outcome.killed, limits=limits, time_ms=time_ms,
                                    memory_kb=record.maxrss_kb, stderr=stderr)  # fmt: skip
        return RunResult(status, exit_code, *output, message=message), feed


_backends: dict[str, SandboxBackend] = {}
_backends_lock = threading.Lock()


def _backend(name: str) -> SandboxBackend:
    with _backends_lock:
        backend = _backends.get(name)
        if backend is None:
            backend = _backends[name] = BwrapBackend() if name == "bwrap" else LocalInsecureBackend()
        return backend


def get_backend(name: str = "auto") -> SandboxBackend:
    """The backend called ``name``; "auto" is bwrap if usable here, else local-insecure. One of each per process."""
    if name not in ("auto", "bwrap", "local-insecure"):
        raise ValueError(f"unknown sandbox backend {name!r} (auto, bwrap, local-insecure)")
    if name == "auto":
        bwrap = _backend("bwrap")
        return bwrap if bwrap.problem() is None else _backend("local-insecure")
    return _backend(name)
