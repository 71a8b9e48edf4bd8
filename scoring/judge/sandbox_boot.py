"""First code to run in a sandboxed process; it then runs the candidate's program as ``__main__``.

The interpreter starts it as ``python -I -S -B -X utf8 boot.pyc MODE STATUS_FD DROP_UID CHANNEL_FD JOB_FD
REPORT_FD SITE WORKDIR PRELOAD`` (see ``sandbox.py``; bubblewrap gets it compiled, the local backend runs this
file), so nothing from the environment, the user site or the interpreter's own site-packages is on
``sys.path``. Standard library only: nothing of the project exists where this runs. PRELOAD "numpy" imports
numpy before the job comes (per-test runs); REPORT_FD becomes the program's fd 4 when the job says it is a
per-test run (``harness.py`` reports on it), and is closed otherwise.

The job comes on JOB_FD: the limits, the main file and the files (``sandbox_common.job_bytes`` writes it). A sandbox can
be started ahead of its job (a prestarted spare): it then waits here, interpreter loaded, until the job comes,
or exits quietly at EOF.

Mode ``init`` (under bubblewrap) runs as PID 1 of the sandbox's PID namespace: it forks, the child becomes the
program, and PID 1 stays behind as a minimal init that reaps whatever gets orphaned. When the program exits,
or when the worker sends SIGTERM (time or output limit), PID 1 kills and reaps everything left, writes the
program's wait status to the status fd and exits. Because PID 1 reaped every process of the run, bubblewrap's
wait4 usage covers them all. PID 1 keeps bubblewrap's parent-death signal (the program, whose credentials
change, would lose it). When the worker runs as root, PID 1 stays the namespace's uid 0 (host root, with no
capability but CAP_SETUID, CAP_SETGID and CAP_KILL, in a user namespace that maps only 0 and 65534), so the
program, uid 65534, can neither signal nor inspect it.

Mode ``direct`` (the insecure local backend) waits for the program as its plain parent.
"""

import os
import sys

TYPE_CHECKING = False  # (mypy reads it as True; the box never imports typing for it)
if TYPE_CHECKING:
    from types import FrameType, TracebackType


def _limit(which: int, value: int) -> None:
    import resource

    if value >= 0:
        resource.setrlimit(which, (value, value))


def _read_job(job_fd: int) -> "tuple[list[int], str, list[tuple[str, bytes]]] | None":
    """(limits, main, files) from the job stream, or None at EOF (a spare that was not needed)."""
    job = os.fdopen(job_fd, "rb")
    magic = job.readline()
    if not magic:
        return None
    if magic != b"mockloop-job 1\n":
        raise ValueError("not a sandbox job")
    *limits, count = map(int, job.readline().split())
    main = job.read(int(job.readline())).decode()
    files = []
    for _ in range(count):
        name_len, data_len = map(int, job.readline().split())
        files.append((job.read(name_len).decode(), job.read(data_len)))
    job.close()
    return limits, main, files


def _arrange_fds(status_fd: int, job_fd: int, channel_fd: int, report_fd: int) -> "tuple[int, int]":
    """The channel becomes fd 3 and the report pipe (per-test runs only) fd 4, whatever numbers they arrived on;
    the status and job fds move above them (their new numbers are returned); anything else stays closed."""
    import fcntl

    moved = {}
    for name, fd in (("status", status_fd), ("job", job_fd), ("channel", channel_fd), ("report", report_fd)):
        if fd >= 0:
            moved[name] = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
    os.dup2(moved.pop("channel"), 3)
    if "report" in moved:
        os.dup2(moved.pop("report"), 4)
    status_fd, job_fd = moved["status"], moved["job"]
    keep = sorted((status_fd, job_fd))
    low = 5 if report_fd >= 0 else 4
    os.closerange(low, keep[0])
    os.closerange(keep[0] + 1, keep[1])
    os.closerange(keep[1] + 1, 1 << 20)
    os.set_inheritable(3, True)
    if report_fd >= 0:
        os.set_inheritable(4, True)
    return status_fd, job_fd


def _preload_numpy(site_dir: str) -> None:
    # A per-test sandbox: numpy is imported here, while a prestarted sandbox waits for its job, so neither
    # the run nor any of its per-test processes (forked from the program) pays for it.
    sys.path.append(site_dir)
    # ... and what the per-test supervisor and its test processes use (stdlib only).
    import ctypes  # noqa: F401
    import hashlib  # noqa: F401
    import json  # noqa: F401
    import linecache  # noqa: F401
    import random  # noqa: F401
    import traceback  # noqa: F401

    import numpy  # noqa: F401


def _boot(argv: "list[str]") -> None:
    mode = argv[0]
    status_fd, drop_uid, channel_fd, job_fd, report_fd = map(int, argv[1:6])
    site_dir, workdir, preload = argv[6:9]
    status_fd, job_fd = _arrange_fds(status_fd, job_fd, channel_fd, report_fd)
    if preload == "numpy":
        _preload_numpy(site_dir)

    job = _read_job(job_fd)
    if job is None:
        os._exit(0)
    limits, main, files = job
    per_test = limits[6]

    # The program runs in a child. Its wait4 usage is then its own: this process was exec'd from a forked
    # worker and inherits the worker's peak RSS in its own figures, the child does not. SIGTERM (the worker's
    # "stop now") gets its handler before the child exists, and stays blocked until each side is ready for it.
    # (_signal, not signal: the latter imports enum, a few milliseconds of every run.)
    import _signal  # type: ignore[import-not-found]  # no stub; the boot script avoids signal (see above)

    _signal.signal(_signal.SIGTERM, _on_term)
    _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGTERM})
    pid = os.fork()
    if pid:
        if report_fd >= 0:
            os.close(4)  # the program's report pipe: only the program holds it
        _wait_program(pid, status_fd, as_init=mode == "init")  # never returns
    os.close(status_fd)
    if report_fd >= 0 and not per_test:
        os.close(4)  # a plain program: fds 0 to 3 only
    _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
    _signal.pthread_sigmask(_signal.SIG_UNBLOCK, {_signal.SIGTERM})

    shares_uid_with_waiter = os.getuid() != 0
    if drop_uid >= 0 and os.getuid() == 0:
        _drop_privileges(drop_uid)
    # The files, written by the program's own uid, before the limits (the caller's files are not the program's
    # doing; they still count against the work dir's size).
    for name, content in files:
        path = os.path.join(workdir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
    del files, job
    _set_limits(limits, shares_uid_with_waiter)
    _run_main(workdir, main, site_dir)


def _drop_privileges(uid: int) -> None:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if 0 in (os.getuid(), os.geteuid(), os.getgid(), os.getegid()) or os.getgroups():
        os.write(2, b"mockloop-sandbox: privilege drop failed\n")
        os._exit(125)


def _set_limits(limits: "list[int]", shares_uid_with_waiter: bool) -> None:
    import resource

    cpu, data, address_space, tasks, fsize, nofile = limits[:6]
    _limit(resource.RLIMIT_CORE, 0)
    # CPU: SIGXCPU (which kills, unless handled) at the limit, SIGKILL a second later whatever the program does.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    _limit(resource.RLIMIT_DATA, data)
    _limit(resource.RLIMIT_AS, address_space)
    # RLIMIT_NPROC counts tasks (processes and threads) per user (in this user namespace, under bubblewrap);
    # the waiting parent counts too when it has the program's uid.
    _limit(resource.RLIMIT_NPROC, tasks + 1 if shares_uid_with_waiter and tasks >= 0 else tasks)
    _limit(resource.RLIMIT_FSIZE, fsize)
    _limit(resource.RLIMIT_NOFILE, nofile)
    _limit(resource.RLIMIT_MEMLOCK, 0)
    _limit(resource.RLIMIT_MSGQUEUE, 0)


def _run_main(workdir: str, main: str, site_dir: str) -> None:
    """Run ``main`` as ``__main__``, as ``python main.py`` would, with tracebacks that start in its code."""
    os.chdir(workdir)
    path = os.path.join(workdir, main)
    sys.path.insert(0, os.path.dirname(path))
    if site_dir not in sys.path:
        sys.path.append(site_dir)
    sys.argv[:] = [path]

    import builtins
    import site

    site.setquit()  # exit() and quit(), which -S leaves undefined
    site.sethelper()

    with open(path, "rb") as f:
        source = f.read()
    code = compile(source, path, "exec", dont_inherit=True)
    own = _boot.__code__.co_filename
    hook = sys.__excepthook__

    def excepthook(exc_type: "type[BaseException]", exc: BaseException, tb: "TracebackType | None") -> None:
        # Hide this file's frames, so a traceback starts in the candidate's code.
        while tb is not None and tb.tb_frame.f_code.co_filename == own:
            tb = tb.tb_next
        if isinstance(exc, BaseException):
            exc.__traceback__ = tb  # the default hook prints the exception's own traceback
        hook(exc_type, exc, tb)

    sys.excepthook = excepthook
    main_module = sys.modules["__main__"]
    namespace = main_module.__dict__
    namespace.clear()
    namespace.update(
        __name__="__main__",
        __file__=path,
        __doc__=None,
        __package__=None,
        __spec__=None,
        __loader__=None,
        __cached__=None,
        __builtins__=builtins,
    )
    exec(code, namespace)


class _Stop(BaseException):
    pass


_stopping: "list[int]" = []


def _on_term(signum: int, frame: "FrameType | None") -> None:
    # The worker's "stop now" (wall time, output caps): leave the wait, once.
    if not _stopping:
        _stopping.append(signum)
        raise _Stop


def _wait_program(pid: int, status_fd: int, as_init: bool) -> None:
    import _signal
    import resource

    for fd in (0, 1, 3):
        os.close(fd)
    # From here on the program runs: a missing final record no longer means the sandbox failed to start.
    os.write(status_fd, b"started\n")
    record = b"lost -"
    try:
        _signal.pthread_sigmask(_signal.SIG_UNBLOCK, {_signal.SIGTERM})
        while True:
            child, status = os.waitpid(-1, 0)
            if child == pid:
                if os.WIFSIGNALED(status):
                    record = b"signal %d" % os.WTERMSIG(status)
                else:
                    record = b"exit %d" % os.waitstatus_to_exitcode(status)
                break
    except _Stop:
        record = b"stopped -"
    except ChildProcessError:
        pass
    if as_init and os.getpid() == 1:
        try:
            _reap_all()
        except _Stop:
            _reap_all()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        cpu_ms = int((usage.ru_utime + usage.ru_stime) * 1000)
        os.write(status_fd, b"%s %d %d\n" % (record, cpu_ms, usage.ru_maxrss))
    finally:
        os._exit(0)


def _reap_all() -> None:
    # Kill and reap everything left in the namespace here, rather than leave it to the kernel when PID 1
    # exits: the kernel would reap them without adding their CPU time and memory to PID 1's children's usage,
    # which is what the worker reads (wait4 on bubblewrap). kill(-1) from PID 1 reaches every other process of
    # the namespace, and a fork racing with it is aborted by the kernel.
    import _signal

    try:  # noqa: SIM105 - contextlib would be one more import in every run
        os.kill(-1, _signal.SIGKILL)
    except ProcessLookupError:  # nobody left
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


_boot(sys.argv[1:])
