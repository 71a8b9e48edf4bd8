"""Judge-level latency: grade() of a 10-test numpy problem, side by side with a bare sandboxed `import numpy`.

    .venv/bin/python bench/grader_bench.py [--problem kmeans] [--runs 30]

No Django, no Celery: this is the floor under the submit-to-verdict target (p50 < 500 ms, p95 < 1 s through
the real worker). Prints medians and p95s in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.judge.grader import grade
from scoring.judge.problem import load_problem_dir, materialise_tests
from scoring.judge.report import Verdict
from scoring.judge.sandbox import get_backend
from scoring.judge.sandbox_types import Limits

CODING = Path(__file__).resolve().parents[1] / "questionbank" / "bank" / "coding"


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up: page cache, first bwrap start
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def row(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{name:<44} {statistics.median(samples):>9.1f} {p95:>9.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--problem", default="kmeans", help="a folder of questionbank/bank/coding/")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--backend", default="auto")
    opts = parser.parse_args()

    backend = get_backend(opts.backend)
    if backend.problem():
        sys.exit(f"sandbox not usable: {backend.problem()}")
    spec = load_problem_dir(CODING / opts.problem)
    tests = materialise_tests(spec, backend)
    n_visible = sum(t.visible for t in tests)

    report = grade(spec=spec, tests=tests, code=spec.reference, mode="submit", backend=backend)
    if report.status != Verdict.AC:
        sys.exit(f"the reference does not pass: {report.status} {report.message}")

    bare = timed(lambda: subprocess.run([sys.executable, "-c", "import numpy"], check=True), opts.runs)
    boxed = timed(
        lambda: backend.run_python(files={"main.py": b"import numpy\n"}, main="main.py", limits=Limits()),
        opts.runs,
    )
    submit = timed(
        lambda: grade(spec=spec, tests=tests, code=spec.reference, mode="submit", backend=backend), opts.runs
    )
    examples = timed(
        lambda: grade(spec=spec, tests=tests, code=spec.reference, mode="examples", backend=backend),
        opts.runs,
    )
    wrong_name, wrong_code = sorted(spec.wrongs.items())[0]
    wrong = timed(
        lambda: grade(spec=spec, tests=tests, code=wrong_code, mode="submit", backend=backend), opts.runs
    )

    print(f"backend {backend.name} (secure={backend.secure}); problem {spec.slug}: {len(tests)} tests, "
          f"{n_visible} visible; {opts.runs} runs each")  # fmt: skip
    print(f"{'':<44} {'median ms':>9} {'p95 ms':>9}")
    print(row("bare interpreter: python -c 'import numpy'", bare))
    print(row("sandboxed: import numpy", boxed))
    print(row(f"grade() submit, reference ({len(tests)} tests)", submit))
    print(row(f"grade() examples, reference ({n_visible} tests)", examples))
    print(row(f"grade() submit, wrong/{wrong_name}.py ({len(tests)} tests)", wrong))
    print(
        f"submit median / sandboxed numpy median: {statistics.median(submit) / statistics.median(boxed):.2f}x"
    )


if __name__ == "__main__":
    main()
