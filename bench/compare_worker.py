"""Old vs new submit-to-verdict, side by side in one run: worker_bench.py in a checkout of REF (default main)
and in this tree, interleaved round by round, so both see the same machine load.

    python bench/compare_worker.py [--ref main] [--rounds 2] [--runs 30] [--burst 20]

The checkout of REF is a detached `git worktree` in a temp dir (removed afterwards) run with this tree's
virtualenv and sandbox site. Prints each round's figures and the medians over rounds.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = {
    "p50": r"sequential, \d+ submissions \(client\)\s+(\d+)",
    "p95": r"sequential, \d+ submissions \(client\)\s+\d+\s+(\d+)",
    "burst p50": r"burst of \d+ \(server, each\)\s+(\d+)",
    "% of ceiling": r"-> (\d+)% of ceiling",
    "CPU ms/grading": r"/ (\d+) ms CPU per grading",
}


def figures(output: str) -> dict[str, float]:
    out = {}
    for name, pattern in FIGURES.items():
        match = re.search(pattern, output)
        if match:
            out[name] = float(match.group(1))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ref", default="main")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--burst", type=int, default=20)
    args = parser.parse_args()
    old_tree = Path(tempfile.mkdtemp(prefix="mockloop-ref-")) / "tree"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-q", str(old_tree), args.ref], cwd=ROOT, check=True
    )
    env = {
        **os.environ,
        "MOCKLOOP_SANDBOX_SITE": os.environ.get("MOCKLOOP_SANDBOX_SITE", str(ROOT / ".sandbox" / "site")),
    }
    results: dict[str, list[dict[str, float]]] = {args.ref: [], "this branch": []}
    try:
        for round_ in range(1, args.rounds + 1):
            for label, tree in ((args.ref, old_tree), ("this branch", ROOT)):
                bench = [sys.executable, str(tree / "bench" / "worker_bench.py"), "--runs", str(args.runs),
                         "--burst", str(args.burst)]  # fmt: skip
                done = subprocess.run(bench, cwd=tree, env=env, capture_output=True, text=True)
                print(f"--- round {round_}, {label} (load {os.getloadavg()[0]:.1f})\n{done.stdout}{done.stderr[-2000:]}",
                      flush=True)  # fmt: skip
                results[label].append(figures(done.stdout))
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, check=False)
    print(f"\n{'median over rounds':22}" + "".join(f"{label:>14}" for label in results))
    for name in FIGURES:
        row = [statistics.median([r[name] for r in rs if name in r]) if any(name in r for r in rs) else float("nan")
               for rs in results.values()]  # fmt: skip
        print(f"{name:22}" + "".join(f"{v:14.0f}" for v in row))
    print(f"machine load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
