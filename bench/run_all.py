"""`make bench`: every benchmark, one after the other, each printing medians, percentiles and ratios.

The machines are noisy: each benchmark measures its comparisons side by side within one run, so compare
the ratios it prints rather than absolute figures between runs.
"""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
STEPS = [
    ("Sandbox overhead (bare vs sandboxed interpreter)", ["sandbox_bench.py"]),
    ("Judge: one grading in-process", ["grader_bench.py", "--problem", "scaled-dot-product-attention"]),
    ("Submit to verdict through the real worker", ["worker_bench.py"]),
    ("Submit to verdict: main vs this tree, interleaved", ["compare_worker.py", "--rounds", "2"]),
    ("Pages under 20 concurrent users (gunicorn)", ["pages_bench.py"]),
    ("Recovery: dead grading workers and a Redis outage", ["recovery_bench.py"]),
    ("Automatic feedback: model load, memory, time per answer", ["feedback_bench.py"]),
    ("Automatic feedback: quality against the labelled set", ["feedback_quality.py"]),
]


def main() -> int:
    failed = 0
    for title, argv in STEPS:
        print(f"\n=== {title}", flush=True)
        result = subprocess.run([sys.executable, str(BENCH / argv[0]), *argv[1:]], cwd=BENCH.parent)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
