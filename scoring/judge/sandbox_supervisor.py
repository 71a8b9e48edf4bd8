"""The trusted side of a sandboxed run, in the worker: feed it, read it, stop it, and (per-test runs) hand each
test its input and read the box's per-test reports.

``Supervisor`` feeds stdin and the job, collects stdout, stderr and the result channel, enforces the output caps
and the wall time, and kills the run when asked. ``TestFeed`` is the per-test half (``docs/sandbox.md``,
"Per-test runs"): it writes test k's input only once no process of an earlier test is alive, and cuts what the
box wrote into each test's share. Both backends (``sandbox_bwrap.py``, ``sandbox_local.py``) use them.
"""

from __future__ import annotations

import os
import selectors
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from scoring.judge.sandbox_types import Limits, RunResult, TestRecord, TestsResult

CHUNK = 1 << 16
_DRAIN_GRACE_S = 0.5  # after the program is gone, how long to wait for its pipes to reach EOF
_HARD_KILL_AFTER_S = 1.0  # after the polite stop (SIGTERM to the sandbox's init), when to SIGKILL
_RESEND_S = 0.05  # SIGTERM is repeated: one that comes before the init has its handler is ignored
_KILL_GRACE_S = 5.0  # after a kill, how long before giving up on a sandbox that does not die (a fault)
_REPORT_MAX = 4096


class Fds:
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
class Outcome:
    stdout: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)
    channel: bytearray = field(default_factory=bytearray)
    killed: str | None = None  # why the supervisor killed the run: "wall", "stdout", "stderr", "channel"
    stuck: bool = False  # killed, yet still alive after the grace period


class Supervisor:
    """Feeds stdin, collects stdout, stderr and the channel, and enforces the output caps and wall time.

    ``writers`` (the job, stdin) are fed and closed when done, except those in ``keep_open`` (a per-test run's
    stdin, fed one test's input at a time through ``feed``). ``exit_fd`` (a pidfd) becomes readable when the
    launched process is gone; for bubblewrap that means every process of the run is gone. ``kill`` asks the run
    to stop (called again every 50 ms until it does), ``hard_kill`` forces it a second later. ``extra`` readers
    get each chunk, then b"" at EOF. ``on_data`` is called after each chunk read from stdout, stderr or the
    channel; ``drain`` reads whatever those pipes hold right now.
    """

    def __init__(self, limits: Limits, deadline: float, fds: Fds) -> None:
        self.limits = limits
        self.deadline = deadline
        self.fds = fds
        self.out = Outcome()
        self.kill: Callable[[], None] = lambda: None
        self.hard_kill: Callable[[], None] = lambda: None
        self.after_exit: Callable[[], None] = lambda: None
        self.on_data: Callable[[str], None] = lambda name: None
        self.keep_open: set[int] = set()
        self._sel: selectors.BaseSelector | None = None
        self._pending: dict[int, memoryview] = {}
        self._readers: dict[int, str] = {}
        self._extra: dict[int, Callable[[bytes], None]] = {}
        self._open_streams: set[int] = set()
        # The state of the run's end: when the program was gone, when it was first asked to stop.
        self._exited_at: float | None = None
        self._killed_at: float | None = None
        self._hard_killed = False
        self._last_kill = 0.0
        self.caps = {
            "stdout": limits.output_bytes,
            "stderr": limits.output_bytes,
            "channel": limits.channel_bytes,
        }
        self.bufs = {"stdout": self.out.stdout, "stderr": self.out.stderr, "channel": self.out.channel}

    def stop(self, reason: str) -> None:
        if self.out.killed is None:
            self.out.killed = reason
            self.kill()

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

    def _take(self, name: str, data: bytes) -> None:
        buf = self.bufs[name]
        room = self.caps[name] - len(buf)
        buf += data[: max(0, room)]
        if len(data) > room:
            self.stop(name)
        self.on_data(name)

    def drain(self) -> None:
        """Read stdout, stderr and the channel until each is empty for now (data written before an event)."""
        for fd in list(self._open_streams):
            name = self._readers[fd]
            while True:
                try:
                    data = os.read(fd, CHUNK)
                except BlockingIOError:
                    break
                if not data:
                    assert self._sel is not None
                    self._sel.unregister(fd)
                    self._open_streams.discard(fd)
                    break
                self._take(name, data)

    def run(
        self, *, writers: dict[int, bytes], readers: dict[int, str], exit_fd: int,
        extra: dict[int, Callable[[bytes], None]] | None = None,
    ) -> Outcome:  # fmt: skip
        sel = self._sel = selectors.DefaultSelector()
        self._register(sel, writers, readers, exit_fd, extra or {})
        try:
            while (timeout := self._tick(time.monotonic())) is not None:
                for key, _ in sel.select(max(0.0, timeout)):
                    self._on_event(sel, key.fd, key.data)
        finally:
            sel.close()
            # Only the writers still being fed: a number closed above may belong to a new fd by now (a cold
            # start's init pidfd, opened at the handshake, often gets the number of the job's pipe).
            self.fds.close(*self._pending)
        return self.out

    def _register(
        self, sel: selectors.BaseSelector, writers: dict[int, bytes], readers: dict[int, str], exit_fd: int,
        extra: dict[int, Callable[[bytes], None]],
    ) -> None:  # fmt: skip
        self._readers = dict(readers)
        self._extra = extra
        for fd in readers:
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ, "stream")
            self._open_streams.add(fd)
        for fd in extra:
            sel.register(fd, selectors.EVENT_READ, "extra")
        for fd, data in writers.items():
            if data:
                self._pending[fd] = memoryview(data)
                os.set_blocking(fd, False)
                sel.register(fd, selectors.EVENT_WRITE, "writer")
            elif fd not in self.keep_open:
                self.fds.close(fd)  # EOF at once
        sel.register(exit_fd, selectors.EVENT_READ, "exit")

    def _tick(self, now: float) -> float | None:
        """Enforce the wall time and the kill schedule; the next select's timeout, or None when the run is over."""
        exited_at, killed_at = self._exited_at, self._killed_at
        if exited_at is None and now >= self.deadline:
            self.stop("wall")
        if self.out.killed and killed_at is None:
            killed_at = self._killed_at = self._last_kill = now
        if exited_at is not None:
            if not self._open_streams or now >= exited_at + _DRAIN_GRACE_S:
                return None
            return exited_at + _DRAIN_GRACE_S - now
        if killed_at is None:
            return self.deadline - now
        if now >= killed_at + _KILL_GRACE_S:
            self.out.stuck = True
            return None
        if not self._hard_killed and now >= killed_at + _HARD_KILL_AFTER_S:
            self._hard_killed = True
            self.hard_kill()
        elif not self._hard_killed and now >= self._last_kill + _RESEND_S:
            self._last_kill = now
            self.kill()
        return killed_at + _KILL_GRACE_S - now if self._hard_killed else _RESEND_S

    def _on_event(self, sel: selectors.BaseSelector, fd: int, kind: str) -> None:
        if kind == "exit":
            self._exited_at = time.monotonic()
            sel.unregister(fd)
            self.after_exit()
        elif kind == "writer":
            self._write(sel, fd)
        elif kind == "extra":
            try:
                data = os.read(fd, CHUNK)
            except BlockingIOError:
                return
            if not data:
                sel.unregister(fd)
            self._extra[fd](data)
        elif fd in self._open_streams:
            try:
                data = os.read(fd, CHUNK)
            except BlockingIOError:
                return
            if not data:
                sel.unregister(fd)
                self._open_streams.discard(fd)
            else:
                self._take(self._readers[fd], data)

    def _write(self, sel: selectors.BaseSelector, fd: int) -> None:
        pending = self._pending
        if fd not in pending:
            return
        try:
            written = os.write(fd, pending[fd][:CHUNK])
        except BlockingIOError:
            return
        except BrokenPipeError:  # the reader is done with it
            written = len(pending[fd])
        pending[fd] = pending[fd][written:]
        if not pending[fd]:
            del pending[fd]
            sel.unregister(fd)
            if fd not in self.keep_open:
                self.fds.close(fd)


class TestFeed:
    """The worker's half of a per-test run. Input k goes into the stdin pipe once no process of an earlier test
    is alive (at the start for test 0, at "done k-1" for test k): the supervisor never reads stdin, so only test
    k's process, forked after that, ever reads it. What is written between "done k-1" and "done k" is test k's.
    (Writing ahead of "ready" keeps the worker's wake-up off each test's critical path.)"""

    __test__ = False  # not a pytest test class

    def __init__(
        self, sup: Supervisor, inputs: list[bytes], in_w: int, in_probe: int, limits: Limits,
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

    @classmethod
    def attach(
        cls, sup: Supervisor, *, inputs: list[bytes], in_w: int, in_probe: int, report_r: int, started: float,
        extra: dict[int, Callable[[bytes], None]], keep_going: Callable[[TestRecord], bool] | None,
    ) -> TestFeed:  # fmt: skip
        """A feed wired into ``sup``: its report pipe among the ``extra`` readers, stdin kept open, per-test caps."""
        feed = cls(sup, inputs, in_w, in_probe, sup.limits, keep_going)
        feed.started = started
        # Each test has its own output cap (``on_data``); the run's caps only bound the total.
        sup.caps["stdout"] = sup.caps["stderr"] = sup.limits.output_bytes * (len(inputs) + 1)
        sup.on_data = feed.on_data
        sup.keep_open.add(in_w)
        extra[report_r] = feed.on_report
        return feed

    def first_stdin(self) -> bytes:
        """What stdin holds at the start: test 0's input (no test's process exists yet: only test 0's reads it)."""
        return self.frame(0) if self.inputs else b""

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
            self._ready(int(words[1]))
        elif len(words) == 8 and words[0] == "done" and self.running == _int(words[1]):
            self._done(words)

    def _ready(self, k: int) -> None:
        if k >= len(self.inputs) or self.running is not None:
            return
        if self.first_ready is None:
            self.first_ready = time.monotonic()
        # (No marks here: test k's process may have written already, read before this line was.)
        self.running = k

    def _done(self, words: list[str]) -> None:
        self.sup.drain()  # all of the test's writes happened before its processes died
        k = self.running
        assert k is not None
        self.running = None
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

    def result(self, rr: RunResult) -> TestsResult:
        start_ms = (self.first_ready - self.started) * 1000 if self.first_ready is not None else 0.0
        return TestsResult(
            rr, self.records, self.running, start_ms=round(start_ms, 1), input_left=self.input_left
        )


def tests_result(rr: RunResult, feed: TestFeed | None) -> TestsResult:
    return TestsResult(rr, [], None) if feed is None else feed.result(rr)


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
