"""The insecure backend for laptops without bubblewrap: same interpreter, limits and supervisor, no isolation.

The Django side refuses it unless DEBUG is on (``scoring/sandboxing.py``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scoring.judge.sandbox_common import (
    BOOT_FILE,
    BootRecord,
    Interpreter,
    boot_args,
    check_files,
    classify,
    job_bytes,
    memfd,
    program_env,
    reap,
    site_dir,
    site_problem,
)
from scoring.judge.sandbox_supervisor import Fds, Supervisor, TestFeed, tests_result
from scoring.judge.sandbox_types import (
    DEFAULT_LIMITS,
    Limits,
    RunResult,
    SandboxBackend,
    Status,
    TestRecord,
    TestsResult,
)


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
        return site_problem(self.site)

    def run_python(
        self, *, files: dict[str, bytes], main: str, stdin: bytes = b"", limits: Limits = DEFAULT_LIMITS
    ) -> RunResult:
        problem = self.problem() or check_files(files, main)
        if problem:
            return RunResult.failure(problem)
        return self._run(files=files, main=main, stdin=stdin, limits=limits)[0]

    def run_tests(
        self, *, files: dict[str, bytes], main: str, inputs: list[bytes], limits: Limits = DEFAULT_LIMITS,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> TestsResult:  # fmt: skip
        rr, feed = self._run(
            files=files, main=main, stdin=b"", limits=limits, inputs=inputs, keep_going=keep_going
        )
        return tests_result(rr, feed)

    def _run(
        self, *, files: dict[str, bytes], main: str, stdin: bytes, limits: Limits, inputs: list[bytes] | None = None,
        keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, TestFeed | None]:  # fmt: skip
        problem = self.problem() or check_files(files, main)
        if problem:
            return RunResult.failure(problem), None
        workdir = tempfile.mkdtemp(prefix="mockloop-run-")
        fds = Fds()
        try:
            return self._launch(
                files=files, main=main, stdin=stdin, limits=limits, workdir=workdir, fds=fds, inputs=inputs,
                keep_going=keep_going,
            )  # fmt: skip
        finally:
            fds.close_all()
            shutil.rmtree(workdir, ignore_errors=True)

    def _launch(
        self, *, files: dict[str, bytes], main: str, stdin: bytes, limits: Limits, workdir: str, fds: Fds,
        inputs: list[bytes] | None, keep_going: Callable[[TestRecord], bool] | None = None,
    ) -> tuple[RunResult, TestFeed | None]:  # fmt: skip
        in_r, in_w = fds.pipe()
        out_r, out_w = fds.pipe()
        err_r, err_w = fds.pipe()
        chan_r, chan_w = fds.pipe()
        status_r, status_w = fds.pipe()
        report_r, report_w = fds.pipe()
        in_probe = fds.add(os.dup(in_r))
        extra_tasks = 0 if os.geteuid() == 0 else _own_task_count(os.geteuid())
        job_fd = fds.add(
            memfd("mockloop-job", job_bytes(files, main, limits, extra_tasks, inputs is not None))
        )
        argv = [
            *self.interpreter.argv(str(BOOT_FILE)),
            *boot_args(mode="direct", status_fd=status_w, drop_uid=-1, channel_fd=chan_w, job_fd=job_fd,
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
                env=program_env(workdir, self.interpreter.executable),
                cwd=workdir,
                start_new_session=True,
            )
        except OSError as exc:
            return RunResult.failure(f"cannot start: {exc}"), None
        fds.close(in_r, out_w, err_w, chan_w, status_w, job_fd, report_w)
        exit_fd = fds.add(os.pidfd_open(proc.pid))

        def kill_group() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        sup = Supervisor(limits, started + limits.wall_seconds, fds)
        sup.kill = sup.hard_kill = kill_group
        sup.after_exit = kill_group  # whatever it started in its group dies with it
        extra: dict[int, Callable[[bytes], None]] = {}
        feed = None
        if inputs is not None:
            feed = TestFeed.attach(sup, inputs=inputs, in_w=in_w, in_probe=in_probe, report_r=report_r,
                                   started=started, extra=extra, keep_going=keep_going)  # fmt: skip
            stdin = feed.first_stdin()
        outcome = sup.run(
            writers={in_w: stdin},
            readers={out_r: "stdout", err_r: "stderr", chan_r: "channel"},
            exit_fd=exit_fd,
            extra=extra,
        )
        kill_group()
        usage = reap(proc)
        wall_ms = int((time.monotonic() - started) * 1000)
        record = BootRecord.read(status_r)
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
        status, message = classify(exit_code=exit_code, killed=outcome.killed, limits=limits, time_ms=time_ms,
                                    memory_kb=record.maxrss_kb, stderr=stderr)  # fmt: skip
        return RunResult(status, exit_code, *output, message=message), feed
