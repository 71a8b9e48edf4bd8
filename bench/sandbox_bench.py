"""Sandbox overhead: the same program run bare and in the bubblewrap sandbox, side by side in one run.

    .venv/bin/python bench/sandbox_bench.py [--runs 40]

Two programs: an empty one, and a numpy one (import numpy, a 100x100 matrix product). Three ways to run each,
timed as the caller sees them, from launch to result:

- bare: ``subprocess.run([python, "-S", "-s", "main.py"])``, the worker's own interpreter with no site
  import (as in the sandbox: a plain ``python main.py`` here would also load the interpreter's own
  site-packages and their .pth files, slower still), numpy from the same numpy-only directory (PYTHONPATH)
  and the same single-thread BLAS settings;
- box: ``BwrapBackend().run_python(...)`` as grading uses it, with a prestarted sandbox waiting (bubblewrap
  and the interpreter already up, the namespaces made; what a run takes when the worker is not flooded);
- cold: ``BwrapBackend(prestart=False)``: bubblewrap launched for the run, everything on the clock.

The runs of a program are interleaved (bare, box, cold, then in rotated order, ...), so drift in the
machine's load hits all three alike, and before each timed run the prestarted sandbox is ready and idle, so
no set-up work overlaps a timing. Prints medians and p95s in milliseconds and the ratios of the medians to
bare. Target (docs/sandbox.md): the numpy program sandboxed costs at most 1.3x the bare run.
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

from scoring.judge.sandbox_bwrap import BwrapBackend
from scoring.judge.sandbox_common import THREAD_ENV, Interpreter, site_dir
from scoring.judge.sandbox_types import Status

PROGRAMS = {
    "empty": b"",
    "numpy": b"import numpy as np\na = np.arange(10000.0).reshape(100, 100)\nprint(float((a @ a.T).trace()))\n",
}
TARGET = 1.3
SETTLE_S = 0.1  # after the prestarted sandbox is ready: its interpreter finishes starting


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


def box_runner(source: bytes, backend: BwrapBackend) -> Callable[[], float]:
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


def measure(
    source: bytes, warm: BwrapBackend, cold: BwrapBackend, runs: int, workdir: Path
) -> dict[str, list[float]]:
    runners = {
        "bare": bare_runner(source, workdir),
        "box": box_runner(source, warm),
        "cold": box_runner(source, cold),
    }
    samples: dict[str, list[float]] = {name: [] for name in runners}
    order = list(runners)
    for i in range(runs + 3):  # the first three rounds warm the page cache and are not counted
        for name in order[i % 3 :] + order[: i % 3]:
            warm.wait_for_spare()
            time.sleep(SETTLE_S)
            elapsed = runners[name]()
            if i >= 3:
                samples[name].append(elapsed)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=40, help="timed runs of each kind per program (default 40)"
    )
    opts = parser.parse_args()

    warm, cold = BwrapBackend(), BwrapBackend(prestart=False)
    if warm.problem():
        sys.exit(f"bubblewrap sandbox not usable: {warm.problem()}")
    print(f"{opts.runs} interleaved runs of each kind per program, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'program':<8} {'run':<5} {'p50 ms':>8} {'p95 ms':>8} {'p50/bare':>9} {'p95/bare':>9}")
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="mockloop-bench-") as tmp:
        for program, source in PROGRAMS.items():
            samples = measure(source, warm, cold, opts.runs, Path(tmp))
            bare50, bare95 = statistics.median(samples["bare"]), p95(samples["bare"])
            for name, values in samples.items():
                p50 = statistics.median(values)
                print(f"{program:<8} {name:<5} {p50:>8.1f} {p95(values):>8.1f} {p50 / bare50:>8.2f}x "
                      f"{p95(values) / bare95:>8.2f}x")  # fmt: skip
                if program == "numpy" and name != "bare":
                    verdicts.append((name, p50 / bare50))
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    for name, ratio in verdicts:
        verdict = "meets" if ratio <= TARGET else "MISSES"
        print(f"numpy program, {name} / bare (medians): {ratio:.2f}x, {verdict} the {TARGET}x target")


if __name__ == "__main__":
    main()
