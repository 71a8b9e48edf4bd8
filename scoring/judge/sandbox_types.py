"""What every part of the sandbox shares: the limits of a run, its verdict and figures, the backend interface.

``docs/sandbox.md`` explains the isolation, the limits and how time and memory are measured; ``sandbox.py`` picks
a backend (``sandbox_bwrap.py``, ``sandbox_local.py``), ``sandbox_supervisor.py`` is the trusted side of a run.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

SANDBOX_UID = 65534  # "nobody": the program's uid inside, and on the host when the worker runs as root


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


DEFAULT_LIMITS = Limits()


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

    @classmethod
    def failure(cls, message: str) -> RunResult:
        """A sandbox error (SE) before anything ran: no output, no figures."""
        return cls(Status.SE, None, b"", b"", b"", 0, 0, 0, message=message)


class SandboxBackend(ABC):
    name: str
    secure: bool

    @abstractmethod
    def problem(self) -> str | None:
        """None when usable, else why not."""

    @abstractmethod
    def run_python(
        self, *, files: dict[str, bytes], main: str, stdin: bytes = b"", limits: Limits = DEFAULT_LIMITS
    ) -> RunResult:
        """Write ``files`` into a fresh private work dir and run the sandbox interpreter on ``main``."""

    @abstractmethod
    def run_tests(
        self, *, files: dict[str, bytes], main: str, inputs: list[bytes], limits: Limits = DEFAULT_LIMITS,
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
