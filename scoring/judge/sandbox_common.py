"""What both sandbox backends do to start a run and read its end, and the worker's trusted-code helpers.

The interpreter (the worker's own CPython, never the virtualenv) and the numpy-only site dir; the job the boot
script reads (limits, files) and its arguments; the boot script's own report of how the program ended; and the
verdict of a run from those figures (``classify``). Plain Python: no Django.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from scoring.judge.sandbox_types import Limits, Status

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


def site_dir() -> Path:
    """The numpy-only package directory (``MOCKLOOP_SANDBOX_SITE``, else ``<project>/.sandbox/site``)."""
    return Path(os.environ.get(SITE_ENV) or DEFAULT_SITE_DIR)


def site_problem(path: Path) -> str | None:
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


def program_env(home: str, executable: str) -> dict[str, str]:
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


def check_files(files: dict[str, bytes], main: str) -> str | None:
    if main not in files:
        return f"main file {main!r} is not among the files"
    for name in files:
        parts = name.split("/")
        bad_part = any(p in ("", ".", "..") for p in parts) or any(ord(c) < 32 for c in name)
        if not name or name.startswith("/") or bad_part:
            return f"bad file name {name!r}: relative paths without '.', '..' or control characters only"
    return None


def boot_args(
    *, mode: str, status_fd: int, drop_uid: int, channel_fd: int, job_fd: int, site: str, workdir: str,
    report_fd: int = -1, preload: bool = False,
) -> list[str]:  # fmt: skip
    numbers = (status_fd, drop_uid, channel_fd, job_fd, report_fd)
    return [mode, *map(str, numbers), site, workdir, "numpy" if preload else "-"]


def job_bytes(
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


def reap(proc: subprocess.Popen[bytes]) -> resource.struct_rusage | None:
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


def classify(
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


def compiled_boot(filename: str) -> bytes:
    """``sandbox_boot.py`` as a .pyc (PEP 552 header, unchecked), which the interpreter runs as a script."""
    import importlib.util
    import marshal

    code = compile(BOOT_FILE.read_bytes(), filename, "exec", dont_inherit=True)
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


@dataclass
class BootRecord:
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
    def read(cls, fd: int) -> BootRecord:
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


def memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name, os.MFD_CLOEXEC)  # passed to bubblewrap (pass_fds), which reads and closes it
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
