"""cgroup v2 memory and pids limits for bubblewrap runs, where the host delegates a cgroup subtree.

rlimits always apply (``sandbox_boot.py``); a cgroup adds what rlimits cannot do: one memory cap for every
process of a run, tmpfs pages included, enforced by the kernel's OOM killer, and a pids cap for the run alone.

Where: ``MOCKLOOP_SANDBOX_CGROUP`` names a cgroup v2 directory the worker may write (e.g. a systemd unit with
``Delegate=yes``, the worker itself moved into a leaf of it), else the worker's own cgroup is tried, which only
works when it is a cgroup v2 root. Each run gets a child cgroup with ``memory.max``, ``memory.swap.max`` and
``pids.max``, removed afterwards. When neither is available (the usual case on a hybrid v1/v2 host, where the
memory and pids controllers belong to v1), ``describe()`` says why and runs rely on rlimits alone.
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring.judge.sandbox_types import Limits

CGROUP_ENV = "MOCKLOOP_SANDBOX_CGROUP"
_NEEDED = ("memory", "pids")
_SLACK_MB = 32  # bubblewrap's own setup and the init process, charged to the run's cgroup too
_counter = itertools.count()


def _own_v2_dir() -> tuple[Path | None, str]:
    rel = None
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                rel = line[3:]
    except OSError as exc:
        return None, f"cannot read /proc/self/cgroup: {exc}"
    if rel is None:
        return None, "this process is in no cgroup v2 hierarchy"
    try:
        mountinfo = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError as exc:
        return None, f"cannot read /proc/self/mountinfo: {exc}"
    for line in mountinfo:
        left, _, right = line.partition(" - ")
        if right.split(" ", 1)[0] == "cgroup2":
            return Path(left.split()[4]) / rel.lstrip("/"), ""
    return None, "no cgroup v2 file system is mounted"


@dataclass
class CgroupParent:
    path: Path | None
    reason: str

    @property
    def usable(self) -> bool:
        return self.path is not None

    @classmethod
    def find(cls) -> CgroupParent:
        explicit = os.environ.get(CGROUP_ENV)
        if explicit:
            path: Path | None = Path(explicit)
            where = f"{CGROUP_ENV}={explicit}"
        else:
            path, why = _own_v2_dir()
            if path is None:
                return cls(None, why)
            where = f"the worker's cgroup {path}"
        assert path is not None
        try:
            available = (path / "cgroup.controllers").read_text().split()
        except OSError as exc:
            return cls(None, f"{where} is not a cgroup v2 directory ({exc.strerror})")
        missing = [c for c in _NEEDED if c not in available]
        if missing:
            return cls(
                None, f"{where} has no {' and '.join(missing)} controller (not delegated to cgroup v2 here)"
            )
        if not os.access(path, os.W_OK):
            return cls(None, f"{where} is not writable by this user (not delegated)")
        try:
            enabled = (path / "cgroup.subtree_control").read_text().split()
            if any(c not in enabled for c in _NEEDED):
                if not explicit:  # never reconfigure a cgroup nobody handed over
                    return cls(None, f"{where} does not enable memory and pids for its children")
                (path / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in _NEEDED))
        except OSError as exc:
            # EBUSY: the cgroup has processes of its own, so its children cannot get controllers.
            return cls(None, f"cannot enable memory and pids for children of {where} ({exc.strerror})")
        return cls(path, "")

    def describe(self) -> str:
        if self.path is None:
            return f"rlimits only, no cgroup limits: {self.reason}"
        return f"cgroup v2 memory and pids limits under {self.path}, plus rlimits"

    def create(self, limits: Limits) -> RunCgroup | None:
        """A fresh child cgroup for one run; None (rlimits only) if the kernel refuses it."""
        assert self.path is not None
        path = self.path / f"mockloop-{os.getpid()}-{next(_counter)}"
        try:
            path.mkdir()
        except OSError:
            return None
        run = RunCgroup(path)
        memory = (limits.memory_mb + 2 * limits.workdir_mb + _SLACK_MB) << 20
        try:
            (path / "memory.max").write_text(str(memory))
            if (path / "memory.swap.max").exists():
                (path / "memory.swap.max").write_text("0")
            (path / "pids.max").write_text(str(limits.tasks + 2))
        except OSError:
            run.remove()
            return None
        return run


@dataclass
class RunCgroup:
    path: Path

    def add(self, pid: int) -> None:
        (self.path / "cgroup.procs").write_text(str(pid))

    def peak_kb(self) -> int:
        try:
            return int((self.path / "memory.peak").read_text()) // 1024
        except (OSError, ValueError):
            return 0

    def oom_killed(self) -> bool:
        try:
            for line in (self.path / "memory.events").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and int(value) > 0:
                    return True
        except (OSError, ValueError):
            pass
        return False

    def remove(self) -> None:
        # Every process of the run is dead by now, but the kernel may take a moment to let the cgroup go.
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.01)
