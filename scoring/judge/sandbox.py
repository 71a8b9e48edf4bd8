"""Run untrusted candidate Python in a sandbox: bubblewrap on servers, an insecure local fallback on laptops.

Plain Python (no Django), so the harness, the benchmarks and the tests use it directly. ``docs/sandbox.md``
explains the isolation, the limits and how time and memory are measured; in short:

- ``BwrapBackend`` ("bwrap", secure, ``sandbox_bwrap.py``): the worker's own CPython started directly inside
  bubblewrap (``sandbox_box.py`` launches it) with an empty environment, new user/pid/net/ipc/uts/mount/cgroup
  namespaces, a read-only root holding only the interpreter, the system libraries and a numpy-only package
  directory, a size-capped private tmpfs as work dir, a seccomp filter (``sandbox_seccomp.py``), uid 65534, and
  rlimits on everything; cgroup memory and pids limits on top when the host delegates a cgroup v2 subtree
  (``sandbox_cgroup.py``).
- ``LocalInsecureBackend`` ("local-insecure", ``sandbox_local.py``): same interpreter, same rlimits and empty
  environment in a temp dir, killed as a process group. It isolates nothing; the Django side refuses it unless
  DEBUG is on.

Both start ``sandbox_boot.py`` first, which reads the job (limits, files), sets the limits and then runs the
program as ``__main__``; ``sandbox_supervisor.py`` is the worker's side of every run. The bubblewrap backend
keeps one sandbox prestarted, so a run does not wait for bubblewrap and the interpreter to start.
``run_tests`` is the judge's way in: numpy preloaded, a per-test supervisor as the program, one input handed
to one test's process at a time (``docs/sandbox.md``). The types they share are in ``sandbox_types.py``.
"""

from __future__ import annotations

import threading

from scoring.judge.sandbox_bwrap import BwrapBackend
from scoring.judge.sandbox_local import LocalInsecureBackend
from scoring.judge.sandbox_types import SandboxBackend

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
