"""Submit-to-verdict through the real system: the service, the broker, a real Celery worker, the sandbox.

    python bench/worker_bench.py [--runs 50] [--burst 20] [--problem scaled-dot-product-attention]

Uses a throwaway SQLite database (or DATABASE_URL's server with a `_bench` database name suffix) and a
private redis-server on a free port (or REDIS_URL when redis-server is not installed). Prints p50/p95 of
submit-to-verdict for sequential submissions, then a burst, then sustained throughput against the ceiling
of this machine's cores (cores / CPU cost of one grading measured in the same run).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--problem", default="scaled-dot-product-attention")
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 2, help="worker processes")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="mockloop-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    env = {
        **os.environ,
        "DEBUG": "1",
        "MOCKLOOP_VAR_DIR": str(work / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rstrip("/") + "_bench"
        base, name = env["DATABASE_URL"].rsplit("/", 1)
        subprocess.run(["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    if shutil.which("redis-server"):
        port = free_port()
        procs.append(subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                                      stdout=subprocess.DEVNULL))  # fmt: skip
        env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.3)
    elif os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    os.environ.update(env)
    try:
        return run(args, env, work, procs)
    finally:
        for proc in procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except (ProcessLookupError, PermissionError):
                    proc.terminate()
                proc.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


def run(
    args: argparse.Namespace, env: dict[str, str], work: Path, procs: list[subprocess.Popen[bytes]]
) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from interviews.models import SessionQuestion
    from interviews.services import practice_start, profile_of
    from questionbank.importing import BANK_DIR, bank_load
    from questionbank.models import Question
    from scoring import grading
    from scoring.judge.grader import grade
    from scoring.judge.problem import ProblemSpec
    from scoring.models import Submission, SubmissionStatus
    from scoring.sandboxing import grading_backend

    call_command("migrate", verbosity=0)
    bank = work / "bank"
    (bank / "coding").mkdir(parents=True)
    shutil.copy(BANK_DIR / "topics.yaml", bank / "topics.yaml")
    shutil.copytree(BANK_DIR / "coding" / args.problem, bank / "coding" / args.problem)
    bank_load(root=bank)
    version = Question.objects.get(slug=args.problem).current_version
    assert version is not None and version.coding_spec
    coding_spec: dict[str, Any] = version.coding_spec
    reference = coding_spec["reference"]
    n_tests = len(coding_spec["tests"])
    settings.GRADING_IN_FLIGHT_LIMIT = 10_000
    settings.GRADING_DAILY_LIMIT = 1_000_000

    user = User.objects.create_user("bench", password="x")
    profile = profile_of(user)
    profile.accommodation_factor = 3
    profile.save()

    log = open(work / "worker.log", "wb")  # noqa: SIM115 - closed with the process
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", f"--concurrency={args.concurrency}",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    procs.append(worker)

    def new_item() -> SessionQuestion:
        session = practice_start(candidate=user, round_kind="coding")
        item = session.items.get()
        item.question_version = version
        item.save(update_fields=["question_version"])
        return item

    def wait_done(ids: list[int], timeout: float = 120, poll: float = 0.005) -> None:
        deadline = time.monotonic() + timeout
        while Submission.objects.filter(
            pk__in=ids, status__in=[SubmissionStatus.QUEUED, SubmissionStatus.RUNNING]
        ).exists():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out; worker log:\n{(work / 'worker.log').read_text()[-3000:]}")
            time.sleep(poll)

    # Warm-up: the worker's first task imports everything and materialises the tests.
    item = new_item()
    warm = grading.submission_create(user=user, item=item, code=reference, kind="submit")
    wait_done([warm.pk], timeout=60)

    # The CPU cost of one grading, in this process, bare of Celery: the base of the throughput ceiling.
    backend = grading_backend()
    spec = ProblemSpec.from_dict(coding_spec)
    tests = grading.tests_for_version(version, backend)
    cpu_costs = []
    for _ in range(10):
        before = os.times()
        grade(spec=spec, tests=tests, code=reference, mode="submit", backend=backend)
        after = os.times()
        cpu_costs.append((after.children_user + after.children_system + after.user + after.system)
                         - (before.children_user + before.children_system + before.user + before.system))  # fmt: skip

    latencies, server_latencies = [], []
    for _ in range(args.runs):
        item = new_item()
        started = time.perf_counter()
        submission = grading.submission_create(user=user, item=item, code=reference, kind="submit")
        wait_done([submission.pk])
        latencies.append((time.perf_counter() - started) * 1000)
        submission.refresh_from_db()
        assert submission.verdict == "AC" and submission.finished_at, submission.error
        server_latencies.append((submission.finished_at - submission.created_at).total_seconds() * 1000)

    item = new_item()
    burst_started = time.perf_counter()
    burst = [
        grading.submission_create(user=user, item=item, code=reference, kind="submit")
        for _ in range(args.burst)
    ]
    # Polled slowly: this process's queries would otherwise take CPU from the worker it is measuring.
    wait_done([s.pk for s in burst], poll=0.1)
    client_burst_seconds = time.perf_counter() - burst_started
    burst_latencies = []
    rows = list(Submission.objects.filter(pk__in=[s.pk for s in burst]))
    finished = []
    for s in rows:
        assert s.status == SubmissionStatus.DONE and s.verdict == "AC" and s.finished_at
        burst_latencies.append((s.finished_at - s.created_at).total_seconds() * 1000)
        finished.append(s.finished_at)
    # From the first submission saved to the last verdict written, as the server recorded them.
    burst_seconds = (max(finished) - min(s.created_at for s in rows)).total_seconds()

    task_seconds = [
        float(x)
        for x in re.findall(
            rb"grade_submission\[[^\]]+\] succeeded in ([0-9.]+)s", (work / "worker.log").read_bytes()
        )
    ]
    cores = os.cpu_count() or 1
    cost = statistics.median(cpu_costs)
    ceiling = cores / cost
    achieved = args.burst / burst_seconds
    print(f"Submit-to-verdict through the real worker ({args.problem}, {n_tests} tests, backend {backend.name}, "
          f"broker {env.get('REDIS_URL', 'filesystem').split('://')[0]}, db {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")  # fmt: skip
    print(f"{'measure':44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in [
        (f"sequential, {args.runs} submissions (client)", latencies),
        (f"sequential, {args.runs} submissions (server)", server_latencies),
        (f"burst of {args.burst} (server, each)", burst_latencies),
    ]:
        print(f"{name:44} {statistics.median(values):8.0f} {percentile(values, 95):8.0f} {max(values):8.0f}")
    p50, p95 = statistics.median(latencies), percentile(latencies, 95)
    print(
        f"targets: sequential p50 <= 250 ms, p95 <= 400 ms -> {'met' if p50 <= 250 and p95 <= 400 else 'NOT met'}"
    )
    print(
        f"burst: all {args.burst} graded in {burst_seconds:.2f} s (server clock; {client_burst_seconds:.2f} s as polled)"
    )
    if task_seconds:
        print(f"task run time in the worker (all runs): p50 {1000 * statistics.median(task_seconds):.0f} ms, "
              f"p95 {1000 * percentile(task_seconds, 95):.0f} ms")  # fmt: skip
    print(f"throughput: {achieved:.2f} gradings/s sustained in the burst; ceiling {ceiling:.2f}/s "
          f"({cores} cores / {cost * 1000:.0f} ms CPU per grading) -> {100 * achieved / ceiling:.0f}% of ceiling")  # fmt: skip
    print_phases((work / "worker.log").read_text(errors="replace"), first_burst_id=min(s.pk for s in burst),
                 n_tests=n_tests)  # fmt: skip
    load = os.getloadavg()
    print(f"machine load average (1/5/15 min): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {cores} cores")
    return 0


def print_phases(log: str, first_burst_id: int, n_tests: int) -> None:
    """Medians of where each grading's time went, from the worker's "grading phases" log lines."""
    import json

    sequential: dict[str, list[float]] = {}
    burst: dict[str, list[float]] = {}
    for sid, data in re.findall(r"grading phases (\d+): (\{.*\})", log):
        target = burst if int(sid) >= first_burst_id else sequential
        for key, value in json.loads(data).items():
            target.setdefault(key, []).append(value)
    if not sequential:
        print("phases: not logged by this worker")
        return
    order = ["queue_wait_ms", "claim_ms", "load_ms", "sandbox_start_ms", "tests_ms", "checker_ms", "save_ms"]
    print(f"{'phase (median ms)':22} {'sequential':>11} {'burst':>8}")
    for key in order:
        if key in sequential:
            seq = statistics.median(sequential[key])
            bur = statistics.median(burst[key]) if key in burst else float("nan")
            print(f"{key.removesuffix('_ms'):22} {seq:11.1f} {bur:8.1f}")
            if key == "tests_ms":
                print(f"{'  per test':22} {seq / n_tests:11.1f} {bur / n_tests:8.1f}")


if __name__ == "__main__":
    sys.exit(main())
