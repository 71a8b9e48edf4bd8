"""Sandbox overhead: the same program run bare and in the bubblewrap sandbox, side by side in one run.

    .venv/bin/python bench/sandbox_bench.py [--runs 40] [--backend bwrap]

Two programs: an empty one, and a numpy one (import numpy, a 100x100 matrix product). For each, the runs are
paired and interleaved (bare then sandboxed, then sandboxed then bare, ...), so drift in the machine's load
hits both sides alike. Each run is timed as the caller sees it, from launch to result:

- bare: ``subprocess.run([python, "-S", "-s", "main.py"])``, the worker's own interpreter with no site
  import (as in the sandbox: a plain ``python main.py`` here would also load the interpreter's own
  site-packages and their .pth files, slower still), numpy from the same numpy-only directory (PYTHONPATH)
  and the same single-thread BLAS settings;
- sandboxed: ``backend.run_python(...)``, bubblewrap, the boot script and the supervisor included.

Prints medians and p95s in milliseconds, the ratio of the medians and the median of the paired ratios.
Target (docs/sandbox.md): the numpy program sandboxed costs at most 1.3x the bare run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.judge.sandbox import THREAD_ENV, Interpreter, SandboxBackend, Status, get_backend, site_dir

PROGRAMS = {
    "empty": b"",
    "numpy": b"import numpy as np\na = np.arange(10000.0).reshape(100, 100)\nprint(float((a @ a.T).trace()))\n",
}
TARGET = 1.3


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bare_runner(source: bytes, workdir: Path) -> Callable[[], float]:
    path = workdir / "main.py"
    path.write_bytes(source)
    argv = [Interpreter.current().executable, "-S", "-s", str(path)]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site_dir()), **THREAD_ENV}

    def run() -> float:
        started = time.perf_counter()
        subprocess.run(argv, env=env, cwd=workdir, stdout=subprocess.DEVNULL, check=True)
        return (time.perf_counter() - started) * 1000

    return run


def box_runner(source: bytes, backend: SandboxBackend) -> Callable[[], float]:
    files = {"main.py": source}

    def run() -> float:
        started = time.perf_counter()
        result = backend.run_python(files=files, main="main.py")
        elapsed = (time.perf_counter() - started) * 1000
        if result.status != Status.OK:
            raise SystemExit(
                f"sandboxed run failed: {result.status} {result.message} {result.stderr[-500:]!r}"
            )
        return elapsed

    return run


def measure(name: str, source: bytes, backend: SandboxBackend, runs: int, workdir: Path) -> dict[str, float]:
    bare, box = bare_runner(source, workdir), box_runner(source, backend)
    for _ in range(3):  # warm-up: page cache, first bwrap start, pyc of the numpy dir
        bare(), box()
    bare_ms: list[float] = []
    box_ms: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            bare_ms.append(bare())
            box_ms.append(box())
        else:
            box_ms.append(box())
            bare_ms.append(bare())
    paired = [b / a for a, b in zip(bare_ms, box_ms, strict=True)]
    return {
        "bare_p50": statistics.median(bare_ms),
        "bare_p95": p95(bare_ms),
        "box_p50": statistics.median(box_ms),
        "box_p95": p95(box_ms),
        "ratio_p50": statistics.median(box_ms) / statistics.median(bare_ms),
        "ratio_p95": p95(box_ms) / p95(bare_ms),
        "paired_ratio_p50": statistics.median(paired),
        "overhead_p50": statistics.median(box_ms) - statistics.median(bare_ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=40, help="pairs per program (default 40)")
    parser.add_argument("--backend", default="bwrap", help="bwrap (default), local-insecure or auto")
    opts = parser.parse_args()

    backend = get_backend(opts.backend)
    if backend.problem():
        sys.exit(f"sandbox not usable: {backend.problem()}")
    print(f"backend {backend.name} (secure={backend.secure}), {opts.runs} interleaved pairs per program, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'program':<8} {'bare p50':>9} {'bare p95':>9} {'box p50':>9} {'box p95':>9} "
          f"{'ratio p50':>10} {'ratio p95':>10} {'paired':>7} {'+ms p50':>8}")  # fmt: skip
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="mockloop-bench-") as tmp:
        for name, source in PROGRAMS.items():
            r = rows[name] = measure(name, source, backend, opts.runs, Path(tmp))
            print(f"{name:<8} {r['bare_p50']:>9.1f} {r['bare_p95']:>9.1f} {r['box_p50']:>9.1f} {r['box_p95']:>9.1f} "
                  f"{r['ratio_p50']:>9.2f}x {r['ratio_p95']:>9.2f}x {r['paired_ratio_p50']:>6.2f}x "
                  f"{r['overhead_p50']:>8.1f}")  # fmt: skip
    numpy_ratio = rows["numpy"]["ratio_p50"]
    verdict = "meets" if numpy_ratio <= TARGET else "MISSES"
    print(f"numpy program sandboxed / bare (medians): {numpy_ratio:.2f}x, {verdict} the {TARGET}x target")


if __name__ == "__main__":
    main()
