"""Ordinary programs in the real bubblewrap sandbox: numpy, stdin, the fd 3 channel, exit codes, figures."""

from __future__ import annotations

import os
import shutil
import textwrap
import threading
import time
from importlib import metadata

import pytest

from scoring.judge.sandbox import get_backend
from scoring.judge.sandbox_bwrap import BwrapBackend
from scoring.judge.sandbox_common import trusted_bytecode
from scoring.judge.sandbox_types import Limits, SandboxBackend, Status

pytestmark = pytest.mark.skipif(
    shutil.which("bwrap") is None,
    reason="bubblewrap is not installed (apt-get install bubblewrap; CI has it)",
)


@pytest.fixture(scope="module")
def box() -> SandboxBackend:
    backend = get_backend("bwrap")
    assert backend.problem() is None, backend.problem()
    return backend


def py(source: str) -> bytes:
    return textwrap.dedent(source).encode()


def test_auto_picks_bubblewrap_when_it_is_usable(box):
    backend = get_backend("auto")
    assert backend is box
    assert (backend.name, backend.secure) == ("bwrap", True)


def test_unknown_backend_name_is_refused():
    with pytest.raises(ValueError, match="unknown sandbox backend"):
        get_backend("docker")


def test_numpy_works_and_is_the_worker_version(box):
    result = box.run_python(
        files={"main.py": py("""
            import numpy as np
            a = np.arange(12.0).reshape(3, 4)
            print(np.__version__, (a @ a.T).trace(), np.linalg.inv(np.eye(3) * 2).sum())
        """)},
        main="main.py",
    )  # fmt: skip
    assert result.status == Status.OK, result.stderr
    version, trace, inv = result.stdout.split()
    assert version.decode() == metadata.version("numpy")
    assert float(trace) == 506.0
    assert float(inv) == 1.5
    assert result.exit_code == 0 and result.stderr == b"" and result.message == ""


def test_blas_runs_single_threaded(box):
    result = box.run_python(
        files={"main.py": py("""
            import os, threading, numpy as np
            np.ones((200, 200)) @ np.ones((200, 200))
            print(threading.active_count(), len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])
        """)},
        main="main.py",
    )  # fmt: skip
    assert result.stdout.split() == [b"1", b"1", b"1"], result.stderr


def test_stdin_is_forwarded_even_when_large(box):
    data = os.urandom(3 << 20)
    result = box.run_python(
        files={
            "main.py": b"import sys, hashlib\nprint(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())\n"
        },
        main="main.py",
        stdin=data,
    )
    import hashlib

    assert result.stdout.strip().decode() == hashlib.sha256(data).hexdigest()


def test_program_that_ignores_stdin_still_finishes(box):
    result = box.run_python(files={"main.py": b"print('ok')\n"}, main="main.py", stdin=b"x" * (5 << 20))
    assert (result.status, result.stdout) == (Status.OK, b"ok\n")


def test_channel_on_fd_3_is_apart_from_stdout(box):
    result = box.run_python(
        files={"main.py": py("""
            import os
            print("candidate noise")
            os.write(3, b'{"t": "result", "i": 0}\\n')
            with os.fdopen(3, "wb") as ch:
                ch.write(b'{"t": "done"}\\n')
        """)},
        main="main.py",
    )  # fmt: skip
    assert result.status == Status.OK, result.stderr
    assert result.stdout == b"candidate noise\n"
    assert result.channel == b'{"t": "result", "i": 0}\n{"t": "done"}\n'


def test_only_fds_0_to_3_are_open(box):
    result = box.run_python(files={"main.py": b"import os\nprint(sorted(os.listdir('/proc/self/fd')))\n"},
                            main="main.py")  # fmt: skip
    # 4 is the directory listing itself
    assert result.stdout.strip() == b"['0', '1', '2', '3', '4']"


def test_channel_over_its_cap_is_ole_and_capped(box):
    result = box.run_python(
        files={"main.py": b"import os\nwhile True:\n    os.write(3, b'r' * 4096)\n"},
        main="main.py",
        limits=Limits(channel_bytes=100_000),
    )
    assert result.status == Status.OLE
    assert "channel" in result.message
    assert result.channel == b"r" * 100_000


def test_stderr_over_its_cap_is_ole(box):
    result = box.run_python(
        files={"main.py": b"import sys\nwhile True:\n    sys.stderr.write('e' * 1000)\n"},
        main="main.py",
        limits=Limits(output_bytes=50_000),
    )
    assert (result.status, len(result.stderr)) == (Status.OLE, 50_000)


def test_helper_modules_next_to_main_import(box):
    result = box.run_python(
        files={
            "harness.py": b"import solution\nfrom pkg.util import twice\nprint(twice(solution.answer()))\n",
            "solution.py": b"def answer():\n    return 21\n",
            "pkg/__init__.py": b"",
            "pkg/util.py": b"def twice(x):\n    return 2 * x\n",
        },
        main="harness.py",
    )
    assert (result.status, result.stdout) == (Status.OK, b"42\n"), result.stderr


def test_runtime_error_traceback_starts_in_the_program(box):
    result = box.run_python(files={"main.py": b"def f():\n    return 1 / 0\n\nf()\n"}, main="main.py")
    assert (result.status, result.exit_code) == (Status.RE, 1)
    assert result.stderr.startswith(b'Traceback (most recent call last):\n  File "/sandbox/main.py", line 4')
    assert result.stderr.rstrip().endswith(b"ZeroDivisionError: division by zero")
    assert b"boot" not in result.stderr


def test_exit_codes_and_builtins(box):
    for source, status, code in [
        (b"import sys\nsys.exit(3)\n", Status.RE, 3),
        (b"exit(0)\n", Status.OK, 0),
        (b"quit(4)\n", Status.RE, 4),
        (b"import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", Status.RE, -11),
        (b"if __name__ == '__main__':\n    print(__file__)\n", Status.OK, 0),
    ]:
        result = box.run_python(files={"main.py": source}, main="main.py")
        assert (result.status, result.exit_code) == (status, code), (source, result.stderr)


def test_syntax_error_is_a_runtime_error_with_the_message(box):
    result = box.run_python(files={"main.py": b"def broken(:\n"}, main="main.py")
    assert result.status == Status.RE
    assert b"SyntaxError" in result.stderr


def test_cpu_and_wall_figures_are_plausible(box):
    busy = box.run_python(
        files={
            "main.py": b"import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4:\n    pass\n"
        },
        main="main.py",
    )
    # Figures that hold however loaded the machine is: CPU time is not wall time, and the two runs are compared
    # side by side rather than with the clock.
    assert busy.status == Status.OK  # under the CPU limit (5 s by default)
    assert busy.time_ms >= 400
    assert busy.wall_ms >= 400
    idle = box.run_python(files={"main.py": b"import time\ntime.sleep(0.4)\n"}, main="main.py")
    assert idle.status == Status.OK
    assert busy.time_ms - idle.time_ms >= 300  # the busy loop's CPU counted, the sleep's not
    assert idle.wall_ms >= 400
    assert idle.wall_ms - idle.time_ms >= 300  # the sleep is wall time, not CPU time


def test_cpu_of_child_processes_is_counted(box):
    result = box.run_python(
        files={"main.py": py("""
            import os, time
            for _ in range(2):
                if os.fork() == 0:
                    t = time.process_time()
                    while time.process_time() - t < 0.3:
                        pass
                    os._exit(0)
            os.wait(); os.wait()
        """)},
        main="main.py",
    )  # fmt: skip
    assert result.status == Status.OK, result.stderr
    assert result.time_ms >= 600


def test_peak_memory_of_a_200mb_array(box):
    result = box.run_python(
        files={"main.py": b"import numpy as np\na = np.ones(25_000_000)\nprint(a.sum())\n"}, main="main.py"
    )
    assert result.status == Status.OK, result.stderr
    assert 200_000 < result.memory_kb < 300_000


def test_small_program_reports_small_memory(box):
    # The worker's own memory must not leak into the figure (a vfork+exec'd child inherits its peak RSS).
    ballast = b"\1" * (300 << 20)  # resident: the worker's peak RSS is now over 300 MB
    try:
        result = box.run_python(files={"main.py": b"print(1)\n"}, main="main.py")
    finally:
        del ballast
    assert result.memory_kb < 60_000


def test_fractional_cpu_limit_is_enforced_by_measurement(box):
    result = box.run_python(
        files={
            "main.py": b"import time\nt = time.process_time()\nwhile time.process_time() - t < 0.8:\n    pass\n"
        },
        main="main.py",
        limits=Limits(cpu_seconds=0.5),
    )
    assert result.status == Status.TLE


def test_bad_file_names_are_refused(box):
    for files, main in [
        ({"../x.py": b""}, "../x.py"),
        ({"/etc/x.py": b""}, "/etc/x.py"),
        ({"a.py": b""}, "b.py"),
    ]:
        result = box.run_python(files=files, main=main)
        assert result.status == Status.SE


def test_concurrent_runs_do_not_mix(box):
    results = {}

    def one(i: int) -> None:
        results[i] = box.run_python(
            files={"main.py": b"import os, sys\nd = sys.stdin.read()\nprint(d)\nos.write(3, d.encode())\n"},
            main="main.py",
            stdin=str(i).encode(),
        )

    threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, result in results.items():
        assert (result.status, result.stdout, result.channel) == (
            Status.OK,
            f"{i}\n".encode(),
            str(i).encode(),
        )


def test_problem_names_a_missing_site_dir(tmp_path):
    backend = BwrapBackend(site=tmp_path / "nowhere")
    assert "build_sandbox_site" in (backend.problem() or "")
    result = backend.run_python(files={"main.py": b""}, main="main.py")
    assert result.status == Status.SE and "build_sandbox_site" in result.message


def test_problem_names_a_missing_bubblewrap(tmp_path):
    backend = BwrapBackend(bwrap=str(tmp_path / "bwrap"))
    assert "bubblewrap is not installed" in (backend.problem() or "")


def test_cgroup_status_is_reported(box):
    assert isinstance(box, BwrapBackend)
    assert box.cgroup_status().startswith(("rlimits only", "cgroup v2"))


def test_trusted_bytecode_is_used_for_imports(box):
    source = b"VALUE = 'from source'\n"
    entry = trusted_bytecode("helper.py", source)
    (pyc_name,) = entry
    assert pyc_name.startswith("__pycache__/helper.")
    main = (
        b"import helper, sys\nprint(helper.VALUE, helper.__cached__ is not None, sys.dont_write_bytecode)\n"
    )
    result = box.run_python(files={"main.py": main, "helper.py": source, **entry}, main="main.py")
    assert result.stdout == b"from source True True\n", result.stderr
    # The bytecode really is what runs: a stale one would be used as it is (so only trusted modules).
    stale = trusted_bytecode("helper.py", b"VALUE = 'from bytecode'\n")
    result = box.run_python(
        files={"main.py": main, "helper.py": source, pyc_name: stale[pyc_name]}, main="main.py"
    )
    assert result.stdout.startswith(b"from bytecode"), result.stderr


def test_prestarted_and_cold_sandboxes_behave_alike():
    warm, cold = BwrapBackend(), BwrapBackend(prestart=False)
    program = {
        "main.py": b"import os, sys\nprint(os.getuid(), os.getpid(), sys.stdin.read())\nos.write(3, b'c')\n"
    }
    first = warm.run_python(files=program, main="main.py", stdin=b"in")  # cold: nothing prestarted yet
    assert warm.wait_for_spare()
    second = warm.run_python(files=program, main="main.py", stdin=b"in")
    third = cold.run_python(files=program, main="main.py", stdin=b"in")
    assert warm.prestarted_runs == 1 and cold.prestarted_runs == 0
    for result in (first, second, third):
        assert (result.status, result.stdout, result.channel) == (Status.OK, b"65534 2 in\n", b"c"), result
    # A run with another work dir size cannot use the spare (its tmpfs is sized at launch): it starts cold.
    assert warm.wait_for_spare()
    other = warm.run_python(
        files={"main.py": b"open('f', 'wb').write(bytes(3 << 20))\n"},
        main="main.py",
        limits=Limits(workdir_mb=2),
    )
    assert other.status == Status.RE and b"No space left on device" in other.stderr
    assert warm.prestarted_runs == 1


def test_spare_handshake_ends_at_eof_when_the_pidfd_reuses_the_info_fd_number(box, monkeypatch):
    # At the handshake's EOF the box opens a pidfd for the sandbox's init. When bwrap's info fd is the lowest
    # free number (other threads filled the holes below it), a pidfd opened after closing it gets that very
    # number; the handshake must not mistake it for the info pipe and poll the live init until its deadline.
    backend = BwrapBackend()
    spawn = backend._spawn
    held: list[int] = []

    def spawn_then_fill_holes(**kwargs):
        spare = spawn(**kwargs)
        while (fd := os.open(os.devnull, os.O_RDONLY)) < spare.info_r:
            held.append(fd)
        os.close(fd)
        return spare

    monkeypatch.setattr(backend, "_spawn", spawn_then_fill_holes)
    try:
        started = time.monotonic()
        spare = backend._prepare_spare((Limits().workdir_mb, False))
        took = time.monotonic() - started
    finally:
        for fd in held:
            os.close(fd)
    assert spare is not None and spare.ready and spare.alive()
    backend._discard(spare)
    assert took < 5.0  # not the 10 s handshake deadline, waited out on the init's pidfd


def test_a_cold_run_keeps_its_init_pidfd_until_the_box_is_closed(box, monkeypatch):
    # The supervisor closes the job and stdin pipes when written; the init's pidfd, opened at the handshake
    # afterwards, often gets one of their numbers. Closing "the writers" again at the end closed the pidfd.
    cold = BwrapBackend(prestart=False)
    supervise = cold._supervise
    still_open = []

    def checked_supervise(one, **kwargs):
        result = supervise(one, **kwargs)
        still_open.append(one.pidfd >= 0 and one.pidfd in one.fds.open)
        return result

    monkeypatch.setattr(cold, "_supervise", checked_supervise)
    for stdin in (b"", b"x"):
        result = cold.run_python(files={"main.py": b"print(1)"}, main="main.py", stdin=stdin)
        assert (result.status, result.stdout) == (Status.OK, b"1\n"), result
    # Two runs, and the first one's problem() probe (also a cold start).
    assert len(still_open) == 3 and all(still_open), still_open


def test_a_forked_worker_uses_its_own_sandboxes(box):
    # Celery's prefork pool forks workers: a parent's prestarted spare is no child of theirs.
    box.run_python(files={"main.py": b""}, main="main.py")
    assert isinstance(box, BwrapBackend) and box.wait_for_spare()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the forked worker
        try:
            os.close(r)
            results = [box.run_python(files={"main.py": b"print(6 * 7)"}, main="main.py") for _ in range(2)]
            os.write(w, b" ".join(res.stdout.strip() + str(res.status).encode() for res in results))
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        reported = f.read()
    os.waitpid(pid, 0)
    assert reported == b"42OK 42OK"
    after = box.run_python(files={"main.py": b"print('parent')"}, main="main.py")
    assert after.stdout == b"parent\n"
