"""Nothing is lost: a worker killed mid-grade, or a broker down at submit time, only delays the verdict.

These start real processes: a private Redis server and real Celery workers, against the test database.
"""

import time
from pathlib import Path

import pytest

from config.celery import app as celery_app
from scoring import grading
from scoring.models import Submission, SubmissionStatus

from .worker import celery_worker, free_port, kill_worker, redis_server, require_redis_server, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BANK = Path(__file__).resolve().parents[2] / "questionbank" / "bank" / "coding" / "stable-softmax"
# Correct, but slow enough (10 tests x 0.4 s of sleep) that the worker can be killed while it grades.
SLOW_REFERENCE = (
    (BANK / "reference.py")
    .read_text()
    .replace(
        "    x = np.asarray(x, dtype=float)",
        "    import time\n    time.sleep(0.2)\n    x = np.asarray(x, dtype=float)",
    )
)
# A short hard limit makes "older than any live task" arrive quickly in these tests.
FAST_RECOVERY = {
    "CELERY_TASK_TIME_LIMIT": "8",
    "GRADING_REQUEUE_INTERVAL": "1",
    "GRADING_RESEND_AFTER_SECONDS": "1",
}


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


def test_a_worker_killed_mid_grade_delays_the_verdict_but_never_loses_it(
    alice, coding_round, real_broker, tmp_path, settings
):
    port, url = real_broker
    settings.GRADING_STALE_SECONDS = 13
    _session, item = coding_round
    log = tmp_path / "worker.log"
    with redis_server(port):
        with celery_worker(broker_url=url, log=log, env=FAST_RECOVERY) as first:
            submission = grading.submission_create(user=alice, item=item, code=SLOW_REFERENCE, kind="submit")
            wait_for(
                lambda: _status(submission.pk) == SubmissionStatus.RUNNING,
                30,
                "the first worker to claim it",
                log,
            )
            time.sleep(0.5)
            kill_worker(first)  # SIGKILL to the whole worker, mid-grade
        assert _status(submission.pk) == SubmissionStatus.RUNNING
        with celery_worker(broker_url=url, log=log, beat=True, env=FAST_RECOVERY):
            wait_for(
                lambda: _status(submission.pk) == SubmissionStatus.DONE, 90, "a verdict after the crash", log
            )
    submission.refresh_from_db()
    assert submission.verdict == "AC" and submission.passed == 10
    assert submission.attempts == 2


def test_a_broker_down_at_submit_time_delays_the_verdict_but_never_loses_it(
    alice, coding_round, real_broker, tmp_path
):
    port, url = real_broker
    _session, item = coding_round
    # Nothing listens on the broker's port yet: the submission is saved, the enqueue fails quietly.
    submission = grading.submission_create(
        user=alice, item=item, code=(BANK / "reference.py").read_text(), kind="submit"
    )
    assert _status(submission.pk) == SubmissionStatus.QUEUED
    log = tmp_path / "worker.log"
    with redis_server(port), celery_worker(broker_url=url, log=log, beat=True, env=FAST_RECOVERY):
        wait_for(
            lambda: _status(submission.pk) == SubmissionStatus.DONE,
            60,
            "the verdict once the broker is up",
            log,
        )
    submission.refresh_from_db()
    assert submission.verdict == "AC"
    assert submission.attempts == 1
