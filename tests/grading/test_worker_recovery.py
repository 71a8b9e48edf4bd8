"""Nothing is lost: a grading process killed mid-grade (one pool process, or the whole worker), or a broker
down at submit time, only delays the verdict; no submission is graded twice in parallel.

These start real processes: a private Redis server, real Celery workers and beat (its own process, as in
production), against the test database (PostgreSQL when DATABASE_URL is set), with the real settings'
lease and beat period. Recovery times are printed (`make bench` collects them), never asserted: the
tests wait with a generous deadline.
"""

import json
import os
import re
import signal
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import redis
from django.utils import timezone

from config.celery import app as celery_app
from scoring import grading
from scoring.models import Submission, SubmissionStatus

from .figures import record_figure
from .worker import (
    celery_beat,
    celery_worker,
    free_port,
    kill_worker,
    pool_children,
    redis_server,
    require_redis_server,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BANK = Path(__file__).resolve().parents[2] / "questionbank" / "bank" / "coding" / "stable-softmax"
# Correct, but slow enough (10 tests x 0.1 s of sleep) that a worker can be killed while it grades.
SLOW_REFERENCE = (
    (BANK / "reference.py")
    .read_text()
    .replace(
        "    x = np.asarray(x, dtype=float)",
        "    import time\n    time.sleep(0.1)\n    x = np.asarray(x, dtype=float)",
    )
)
BURST = 20
# Only the recovery under test may bring a dead worker's rows back within the tests' deadline: the resend
# of rows that waited long (for messages a restarted broker lost) is pushed out of reach.
WORKER_ENV = {"GRADING_RESEND_AFTER_SECONDS": "600"}
DEADLINE = 60


@pytest.fixture
def real_broker(settings):
    """Point this process's Celery at a private Redis port and stop running tasks eagerly."""
    require_redis_server()
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    _reset_connection_pools()
    yield port, url
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    _reset_connection_pools()


def _reset_connection_pools() -> None:
    # Connections are pooled per broker URL on first use; forget them so the new URL takes effect.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _status(pk: int) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=pk)


def _burst(user, item, settings) -> list[int]:
    settings.GRADING_IN_FLIGHT_LIMIT = BURST
    return [
        grading.submission_create(user=user, item=item, code=SLOW_REFERENCE, kind="submit").pk
        for _ in range(BURST)
    ]


def _all_done(ids: list[int]) -> bool:
    return not Submission.objects.filter(pk__in=ids, status__in=grading.PENDING).exists()


def _taken_not_started(broker_url: str, ids: list[int]) -> list[int]:
    """Rows whose grading message a worker has taken from the broker (kombu's Redis `unacked` hash) while
    the row is still QUEUED: no pool process has claimed it yet."""
    client = redis.Redis.from_url(broker_url)
    taken = set()
    for raw in client.hvals("unacked"):
        headers = json.loads(raw)[0].get("headers") or {}
        if headers.get("task") == "scoring.tasks.grade_submission":
            taken.add(int(headers["argsrepr"].strip("(,)")))
    client.close()
    return list(
        # ...and has recorded so (its delivery hold): a kill in the instant between the two is recovered
        # only by the long resend (GRADING_RESEND_AFTER_SECONDS).
        Submission.objects.filter(
            pk__in=taken & set(ids), status=SubmissionStatus.QUEUED, lease_until__isnull=False
        ).values_list("pk", flat=True)
    )


def _kill_mid_grade(worker, ids: list[int], log: Path, *, whole: str = "") -> tuple[datetime, list[int]]:
    """Once a few verdicts are in, SIGKILL the pool process while it grades (the pool test's worker has one),
    or, with `whole` the broker's URL, the whole worker.

    Which rows are being graded is read from the database and the broker with the worker frozen (SIGSTOP),
    not guessed from processes (the sandbox keeps processes ready between gradings). Returns when, and the
    rows the dead worker held without having started them: a whole worker is killed, if that moment comes
    within a few seconds, while it grades one row and holds a message no pool process has claimed yet."""
    running = Submission.objects.filter(pk__in=ids, status=SubmissionStatus.RUNNING)
    wait_for(
        lambda: Submission.objects.filter(pk__in=ids, status=SubmissionStatus.DONE).count() >= 2,
        90,
        "the first verdicts",
        log,
    )
    held: list[int] = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if running.exists() and (not whole or _taken_not_started(whole, ids)):
            os.killpg(worker.pid, signal.SIGSTOP)
            held = _taken_not_started(whole, ids) if whole else []
            if running.exists() and (not whole or held):
                break
            os.killpg(worker.pid, signal.SIGCONT)
            held = []
        time.sleep(0.005)
    else:
        os.killpg(worker.pid, signal.SIGSTOP)
        assert running.exists(), "no grading to kill"
    if whole:
        kill_worker(worker)  # SIGKILL to the worker and its whole process group
    else:
        (child,) = pool_children(worker)
        os.kill(child, signal.SIGKILL)
        os.killpg(worker.pid, signal.SIGCONT)
    return timezone.now(), held


def _check_every_verdict_once(ids: list[int], log: Path) -> list[Submission]:
    """20 of 20 AC verdicts; each graded exactly once by the tasks; no claim ever lost its lease."""
    rows = list(Submission.objects.filter(pk__in=ids))
    assert [(r.status, r.verdict, r.passed) for r in rows] == [(SubmissionStatus.DONE, "AC", 10)] * BURST
    text = log.read_text()
    graded = Counter(int(pk) for pk in re.findall(r"Submission (\d+): graded", text))
    assert {pk: graded[pk] for pk in ids} == dict.fromkeys(ids, 1), "a submission was graded twice"
    assert "lease was lost" not in text and "another claim took it over" not in text
    return rows


def _report(name: str, rows: list[Submission], killed_at: datetime, held: list[int], started: float) -> None:
    retaken = [r for r in rows if r.attempts > 1]
    assert retaken, "the kill hit no grading"  # the kill was mid-grade, so some row was claimed twice
    # The dead worker's rows: the ones it was grading, and the ones it had taken but not started.
    lost = retaken + [r for r in rows if r.pk in held]

    def after_kill(when: datetime | None) -> float:
        assert when is not None
        return (when - killed_at).total_seconds()

    record_figure(
        name,
        recovered_s=round(max(after_kill(r.started_at) for r in lost), 2),
        verdict_after_kill_s=round(max(after_kill(r.finished_at) for r in lost), 2),
        all_verdicts_after_kill_s=round(max(after_kill(r.finished_at) for r in rows), 2),
        retaken=len(retaken),
        held_unstarted=len(held),
        all_verdicts_s=round(time.monotonic() - started, 2),
        verdicts=f"{len(rows)}/{BURST}",
    )


def test_a_pool_process_killed_mid_grade_is_taken_over_once_its_lease_expires(
    alice, coding_round, real_broker, tmp_path, settings
):
    _port, url = real_broker
    _session, item = coding_round
    log = tmp_path / "worker.log"
    with (
        redis_server(_port),
        celery_beat(broker_url=url, log=tmp_path / "beat.log"),
        celery_worker(broker_url=url, log=log, concurrency=1, env=WORKER_ENV) as worker,
    ):
        started = time.monotonic()
        ids = _burst(alice, item, settings)
        killed_at, held = _kill_mid_grade(worker, ids, log)
        wait_for(lambda: _all_done(ids), DEADLINE, "every verdict after the kill", log)
    rows = _check_every_verdict_once(ids, log)
    _report("pool process SIGKILLed", rows, killed_at, held, started)


def test_a_whole_worker_killed_mid_grade_is_recovered_by_the_beat_job(
    alice, coding_round, real_broker, tmp_path, settings
):
    _port, url = real_broker
    _session, item = coding_round
    log = tmp_path / "worker.log"
    with redis_server(_port), celery_beat(broker_url=url, log=tmp_path / "beat.log"):
        with celery_worker(broker_url=url, log=log, concurrency=2, env=WORKER_ENV) as first:
            started = time.monotonic()
            ids = _burst(alice, item, settings)
            killed_at, held = _kill_mid_grade(first, ids, log, whole=url)
        assert Submission.objects.filter(pk__in=ids, status=SubmissionStatus.RUNNING).exists()
        # A supervisor (docker's restart policy, systemd) starts a new worker. The messages the dead one
        # had taken stay in Redis' unacked set until its visibility timeout (minutes): the rows come back
        # through their leases (running) and their delivery holds (taken, not started).
        with celery_worker(broker_url=url, log=log, concurrency=2, env=WORKER_ENV):
            wait_for(lambda: _all_done(ids), DEADLINE, "every verdict after the crash", log)
    rows = _check_every_verdict_once(ids, log)
    _report("whole worker SIGKILLed", rows, killed_at, held, started)


def test_a_broker_down_at_submit_time_delays_the_verdict_but_never_loses_it(
    alice, coding_round, real_broker, tmp_path
):
    port, url = real_broker
    _session, item = coding_round
    # Nothing listens on the broker's port yet: the submission is saved, the enqueue fails quietly.
    submission = grading.submission_create(
        user=alice, item=item, code=(BANK / "reference.py").read_text(), kind="submit"
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.QUEUED and submission.enqueued_at is None
    log = tmp_path / "worker.log"
    with redis_server(port), celery_worker(broker_url=url, log=log, beat=True):
        wait_for(
            lambda: _status(submission.pk) == SubmissionStatus.DONE,
            60,
            "the verdict once the broker is up",
            log,
        )
    submission.refresh_from_db()
    assert submission.verdict == "AC"
    assert submission.attempts == 1
