"""Launching one bubblewrap sandbox: its mounts, its namespaces and descriptors, and the handle on it (``Box``).

``spawn`` starts bubblewrap with the boot script as the sandbox's init, which then waits for the job on
``Box.job_w``; ``BwrapBackend`` (``sandbox_bwrap.py``) decides when, and supervises the run. What the
options isolate, and why, is in ``docs/sandbox.md``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from scoring.judge import sandbox_cgroup
from scoring.judge.sandbox_common import (
    BOX_BOOT,
    BOX_SITE,
    BOX_WORKDIR,
    Interpreter,
    boot_args,
    memfd,
    program_env,
)
from scoring.judge.sandbox_supervisor import Fds
from scoring.judge.sandbox_types import SANDBOX_UID


@dataclass
class Box:
    """One launched bubblewrap sandbox. Its init waits on ``job_w`` for the job (limits, files); a prestarted
    spare waits there before anybody knows what it will run."""

    proc: subprocess.Popen[bytes]
    fds: Fds
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


class _Mounts:
    """Read-only binds of the interpreter, the system libraries and the numpy dir, on a tmpfs root."""

    def __init__(self) -> None:
        self.args: list[str] = []
        self.made: set[str] = {"/"}
        self.bound: list[str] = []

    def visible(self, path: str) -> bool:
        return any(path == b or path.startswith(b + "/") for b in self.bound)

    def parents(self, dest: str) -> None:
        # bubblewrap would create missing parents with mode 0700 (root's), which uid 65534 cannot cross.
        parts = dest.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/" + "/".join(parts[:i])
            if d in self.made or self.visible(d):
                continue
            self.args.extend(["--perms", "0755", "--dir", d])
            self.made.add(d)

    def bind(self, src: str, dest: str | None = None) -> None:
        dest = dest or src
        if self.visible(dest):
            return  # already visible through a bind of a parent
        self.parents(dest)
        self.args.extend(["--ro-bind", src, dest])
        self.bound.append(dest)
        self.made.add(dest)


def mounts(interp: Interpreter, site: Path) -> list[str]:
    """Read-only binds of the interpreter, the system libraries and the numpy dir, on a tmpfs root."""
    m = _Mounts()
    for top in ("/lib", "/lib64", "/lib32", "/libx32"):
        if os.path.islink(top):
            m.args.extend(["--symlink", os.readlink(top), top])
            m.made.add(top)
    multiarch = sysconfig.get_config_var("MULTIARCH")
    lib_dirs = [f"/usr/lib/{multiarch}", f"/lib/{multiarch}"] if multiarch else ["/usr/lib", "/lib"]
    for d in [*lib_dirs, "/usr/lib64", "/lib64", "/usr/lib32", "/lib32"]:
        if os.path.isdir(d) and os.path.realpath(d) == d:  # symlinked ones are reached through /usr
            m.bind(d)
    m.bind(interp.executable)
    m.bind(interp.stdlib)
    if interp.libpython:
        m.bind(interp.libpython)
    # Hide whatever the interpreter itself has installed (Django in the Docker image; pip, boto3, ... on
    # this machine) where a bind above made it visible.
    for masked in interp.site_packages:
        if m.visible(masked):
            m.args.extend(["--perms", "0555", "--size", "4096", "--tmpfs", masked, "--remount-ro", masked])
    m.bind(str(site.resolve()), BOX_SITE)
    return m.args


def _user_args(*, as_root: bool, block_r: int, cgroup: sandbox_cgroup.RunCgroup | None) -> list[str]:
    if as_root:
        # The worker is root: bubblewrap does its setup as the user namespace's uid 0 (host root, so it
        # can read the interpreter under /root), this process maps only 0 and 65534 in that namespace,
        # and the boot script switches the program to 65534 (host uid 65534 too). The init keeps uid 0
        # and CAP_KILL (in that namespace only) to kill whatever the program leaves behind.
        return ["--unshare-user", "--uid", "0", "--gid", "0", "--userns-block-fd", str(block_r),
                "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                "--cap-add", "CAP_KILL"]  # fmt: skip
    # Not root: bubblewrap maps the worker's uid to 65534 itself, in a second user namespace from
    # which no further one can be made.
    args = ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--disable-userns"]
    if cgroup is not None:
        args += ["--block-fd", str(block_r)]  # wait until it is in its cgroup
    return args


@dataclass(frozen=True)
class Launcher:
    """What every sandbox of a backend is launched with."""

    bwrap: str
    interpreter: Interpreter
    site: Path
    seccomp: bytes  # the compiled seccomp filter (``sandbox_seccomp.build_filter``)
    boot_pyc: bytes  # ``sandbox_boot.py``, compiled (``sandbox_common.compiled_boot``)

    def spawn(self, *, workdir_mb: int, preload: bool, cgroup: sandbox_cgroup.RunCgroup | None) -> Box:
        """Launch bubblewrap; its init will wait for the job on the box's ``job_w``."""
        as_root = os.geteuid() == 0
        fds = Fds()
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
            seccomp_fd = fds.add(memfd("mockloop-seccomp", self.seccomp))
            boot_fd = fds.add(memfd("mockloop-boot", self.boot_pyc))
            child = [fd for fd in (chan_w, info_w, status_w, job_r, report_w, block_r, seccomp_fd, boot_fd)
                     if fd >= 0]  # fmt: skip
            workdir_bytes = str(workdir_mb << 20)
            argv = [
                self.bwrap,
                *_user_args(as_root=as_root, block_r=block_r, cgroup=cgroup),
                "--info-fd", str(info_w),
                "--unshare-pid", "--as-pid-1", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "sandbox",
                "--die-with-parent", "--new-session",
                *mounts(self.interpreter, self.site),
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
                *boot_args(mode="init", status_fd=status_w, drop_uid=SANDBOX_UID if as_root else -1,
                           channel_fd=chan_w, job_fd=job_r, site=BOX_SITE, workdir=BOX_WORKDIR,
                           report_fd=report_w, preload=preload),
            ]  # fmt: skip
            proc = subprocess.Popen(
                argv,
                stdin=in_r,
                stdout=out_w,
                stderr=err_w,
                pass_fds=child,
                env=program_env(BOX_WORKDIR, self.interpreter.executable),  # bwrap's own environ: only this
                cwd="/",
            )
            in_probe = fds.add(os.dup(in_r))
            fds.close(in_r, out_w, err_w, *child)  # bubblewrap has them now
            exit_fd = fds.add(os.pidfd_open(proc.pid))
        except BaseException:
            fds.close_all()
            raise
        return Box(proc=proc, fds=fds, as_root=as_root, workdir_mb=workdir_mb, preload=preload, in_w=in_w,
                   in_probe=in_probe, report_r=report_r, out_r=out_r,
                   err_r=err_r, chan_r=chan_r, status_r=status_r, info_r=info_r, block_w=block_w, job_w=job_w,
                   exit_fd=exit_fd, cgroup=cgroup)  # fmt: skip
