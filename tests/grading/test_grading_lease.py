"""The heartbeat: a grading worker renews its lease while it grades, and notices when it lost the row.

Transactional tests: the heartbeat thread writes through its own database connection.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from scoring import grading
from scoring.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def claimed(alice, coding_round, settings):
    settings.GRADING_LEASE_SECONDS = 1  # renewed every 0.25 s
    _session, item = coding_round
    submission = Submission.objects.create(
        user=alice, item=item, question_version=item.question_version, kind="submit", code="x"
    )
    assert grading.submission_claim(submission_id=submission.pk, now=timezone.now())
    return Submission.objects.get(pk=submission.pk)


def test_the_lease_is_renewed_while_the_grading_runs(claimed):
    first_lease = claimed.lease_until
    with grading._lease_renewed(claimed):
        time.sleep(1.5)  # longer than the lease itself
        renewed = Submission.objects.get(pk=claimed.pk).lease_until
    assert renewed is not None and first_lease is not None and renewed > first_lease
    assert renewed > timezone.now() - timedelta(seconds=1)  # still live when the body ended
    # No renewal after the body: a worker that stops grading stops holding the row.
    time.sleep(0.6)
    assert Submission.objects.get(pk=claimed.pk).lease_until == renewed


def test_a_worker_that_lost_its_lease_cannot_write_its_verdict(claimed, caplog):
    taken_over = timezone.now() + timedelta(seconds=5)
    with grading._lease_renewed(claimed):
        # Another worker took the row over (as if this one had stalled past its lease).
        Submission.objects.filter(pk=claimed.pk).update(started_at=taken_over, lease_until=taken_over)
        time.sleep(0.6)
    assert "the lease was lost" in caplog.text
    grading._finish(claimed, status=SubmissionStatus.FAILED, error="from the old claim")
    row = Submission.objects.get(pk=claimed.pk)
    assert row.status == SubmissionStatus.RUNNING and row.started_at == taken_over and row.error == ""
