"""The secure backend: candidate code in bubblewrap (``docs/sandbox.md``).

``BwrapBackend`` checks that bubblewrap works here, keeps one sandbox prestarted (``sandbox_box.Launcher``
launches it), and supervises each run (``sandbox_supervisor``) to its verdict.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from scoring.judge import sandbox_cgroup, sandbox_seccomp
from scoring.judge.sandbox_box import Box, Launcher
from scoring.judge.sandbox_common import (
    BOX_BOOT,
    BootRecord,
    Interpreter,
    check_files,
    classify,
    compiled_boot,
    job_bytes,
    reap,
    site_dir,
    site_problem,
)
from scoring.judge.sandbox_supervisor import CHUNK, Outcome, Supervisor, TestFeed, tests_result
from scoring.judge.sandbox_types import (
    DEFAULT_LIMITS,
    Limits,
    RunResult,
    SandboxBackend,
    Status,
    TestRecord,
    TestsResult,
)

_RECHECK_S = 30.0  # a backend found unusable is checked again after this long (bwrap installed, dir built)

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
        self._launcher: Launcher | None = None
        self._boot_pyc = compiled_boot(BOX_BOOT)
        self._spare: Box | None = None
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
        why = sandbox_seccomp.supported() or site_problem(self.site)
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
        self, *, files: dict[str, bytes], main: str, stdin: bytes = b"", limits: Limits = DEFAULT_LIMITS
    ) -> RunResult:
        problem = self.problem()
        if problem:
            return RunResult.failure(problem)
        return self._run(files=files, main=main, stdin=stdin, limits=limits, prestarted=self.prestart)[0]

    def run_tests(
        self, *, files: dict[str, bytes], main: str, inputs: list[bytes], limits: Limits = DEFAULT_LIMITS,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> TestsResult:  # fmt: skip
        problem = self.problem()
        if problem:
            return TestsResult(RunResult.failure(problem), [], None)
        rr, feed = self._run(files=files, main=main, stdin=b"", limits=limits, prestarted=self.prestart,
                             preload=True, inputs=inputs, keep_going=keep_going)  # fmt: skip
        return tests_result(rr, feed)

    def _run(
        self, *, files: dict[str, bytes], main: str, stdin: bytes, limits: Limits, prestarted: bool,
        preload: bool = False, inputs: list[bytes] | None = None,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, TestFeed | None]:  # fmt: skip
        bad = check_files(files, main)
        if bad:
            return RunResult.failure(bad), None
        box = self._take_spare((limits.workdir_mb, preload)) if prestarted else None
        if box is None:
            cgroup = self.cgroups.create(limits) if self.cgroups.usable else None
            try:
                box = self._spawn(workdir_mb=limits.workdir_mb, preload=preload, cgroup=cgroup)
            except OSError as exc:
                if cgroup is not None:
                    cgroup.remove()
                return RunResult.failure(f"cannot start bwrap: {exc}"), None
        else:
            self.prestarted_runs += 1
        try:
            job = job_bytes(files, main, limits, per_test=inputs is not None)
            return self._supervise(
                box, job=job, stdin=stdin, limits=limits, inputs=inputs, keep_going=keep_going
            )
        finally:
            box.close()

    # -- prestarted spares --

    def _take_spare(self, kind: tuple[int, bool]) -> Box | None:
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

    def _prepare_spare(self, kind: tuple[int, bool]) -> Box | None:
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
    def _handshake(box: Box, *, deadline: float) -> None:
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
                data = os.read(box.info_r, CHUNK)
                box.on_info(data)
                if not data:
                    return
        finally:
            box.fds.close(box.info_r)

    def _discard(self, box: Box) -> None:
        box.kill(signal.SIGKILL)
        reap(box.proc)
        box.close()

    # -- one sandbox --

    def _spawn(self, *, workdir_mb: int, preload: bool, cgroup: sandbox_cgroup.RunCgroup | None) -> Box:
        if self._launcher is None:
            self._launcher = Launcher(self.bwrap, self.interpreter, self.site, sandbox_seccomp.build_filter(),
                                      self._boot_pyc)  # fmt: skip
        return self._launcher.spawn(workdir_mb=workdir_mb, preload=preload, cgroup=cgroup)

    def _supervise(
        self, box: Box, *, job: bytes, stdin: bytes, limits: Limits, inputs: list[bytes] | None = None,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, TestFeed | None]:  # fmt: skip
        started = time.monotonic()
        sup = Supervisor(limits, started + limits.wall_seconds, box.fds)
        sup.kill = box.kill
        sup.hard_kill = lambda: box.kill(signal.SIGKILL)
        extra: dict[int, Callable[[bytes], None]] = {}
        if not box.ready and box.info_r in box.fds.open:
            extra[box.info_r] = box.on_info  # a cold start: the handshake happens during the run
        feed = None
        if inputs is not None:
            feed = TestFeed.attach(sup, inputs=inputs, in_w=box.in_w, in_probe=box.in_probe, report_r=box.report_r,
                                   started=started, extra=extra, keep_going=keep_going)  # fmt: skip
            stdin = feed.first_stdin()
        else:
            box.fds.close(box.report_r)
        outcome = sup.run(
            writers={box.job_w: job, box.in_w: stdin},
            readers={box.out_r: "stdout", box.err_r: "stderr", box.chan_r: "channel"},
            exit_fd=box.exit_fd,
            extra=extra,
        )
        if outcome.stuck:
            box.kill(signal.SIGKILL)
        usage = reap(box.proc)
        wall_ms = int((time.monotonic() - started) * 1000)
        # CPU: bwrap's wait4 covers bwrap itself and every process of the run (PID 1 reaped them all).
        record = BootRecord.read(box.status_r)
        time_ms = int((usage.ru_utime + usage.ru_stime) * 1000) if usage else record.cpu_ms
        return _verdict(box, outcome, record, limits=limits, time_ms=time_ms, wall_ms=wall_ms), feed


def _verdict(
    box: Box, outcome: Outcome, record: BootRecord, *, limits: Limits, time_ms: int, wall_ms: int
) -> RunResult:
    # Memory: the peak RSS PID 1 saw among the run's processes; bwrap's own figure would include the worker's
    # peak RSS, which a process started through vfork+exec inherits.
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
        return RunResult(Status.SE, None, *output, message=f"sandbox failure: {detail}")
    if record.exit_code == 125 and b"mockloop-sandbox: privilege drop failed" in stderr:
        return RunResult(Status.SE, None, *output, message="sandbox failure: could not drop privileges")
    if not outcome.killed and record.exit_code is None:
        # Started, but no exit status: its init was stopped or lost, which only the program can cause.
        return RunResult(Status.RE, None, *output, message="the program interfered with the sandbox's init")
    exit_code = None if outcome.killed else record.exit_code
    status, message = classify(exit_code=exit_code, killed=outcome.killed, limits=limits, time_ms=time_ms,
                               memory_kb=memory_kb, stderr=stderr, oom=oom)  # fmt: skip
    return RunResult(status, exit_code, *output, message=message)
