"""Grading through the service and the (eager) task, in the real sandbox."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from config.errors import ApplicationError
from interviews.models import Answer
from scoring import grading
from scoring.models import MaterialisedTests, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db
BANK = Path(__file__).resolve().parents[2] / "questionbank" / "bank" / "coding" / "stable-softmax"
REFERENCE = (BANK / "reference.py").read_text()
WRONG = (BANK / "wrong" / "unstable_exp.py").read_text()


def test_the_reference_solution_is_accepted_on_every_hidden_test(alice, coding_round, submit):
    _session, item = coding_round
    submission = submit(user=alice, item=item, code=REFERENCE, kind="submit")
    assert submission.status == SubmissionStatus.DONE, submission.error
    assert (submission.verdict, submission.passed, submission.total, submission.score) == ("AC", 10, 10, 1.0)
    assert Answer.objects.get(item=item).text == REFERENCE


def test_a_wrong_solution_fails_and_hidden_tests_reveal_only_verdicts(alice, coding_round, submit):
    _session, item = coding_round
    submission = submit(user=alice, item=item, code=WRONG, kind="submit")
    submission.refresh_from_db()
    assert submission.verdict != "AC" and submission.score < 1
    hidden = [t for t in submission.candidate_report["tests"] if not t["visible"]]
    assert hidden
    for test in hidden:
        assert set(test) == {"index", "name", "visible", "weight", "verdict", "score", "time_ms", "message"}
        assert (
            test["verdict"] == "AC" or "expected" not in test["message"].lower()
        )  # a limit or a type, no data
    stored_hidden = [t for t in submission.report["tests"] if not t["visible"]]
    assert all("actual" in t and "expected" not in t for t in stored_hidden)  # inputs live once per version
    full = grading.curator_report(submission=submission)
    assert full is not None
    curator_hidden = [t for t in full["tests"] if not t["visible"]]
    assert all(t["expected"] is not None and t["args"] for t in curator_hidden)


def test_examples_run_only_the_visible_tests(alice, coding_round, submit):
    _session, item = coding_round
    submission = submit(user=alice, item=item, code=REFERENCE, kind="examples")
    submission.refresh_from_db()
    assert submission.total == sum(1 for t in item.question_version.coding_spec["tests"] if t["visible"])
    assert all(t["visible"] for t in submission.candidate_report["tests"])


def test_a_syntax_error_is_a_compile_error(alice, coding_round, submit):
    _session, item = coding_round
    submission = submit(user=alice, item=item, code="def softmax(x:\n", kind="submit")
    submission.refresh_from_db()
    assert submission.verdict == "CE"


def test_grading_twice_is_a_no_op(alice, coding_round, submit):
    _session, item = coding_round
    submission = submit(user=alice, item=item, code=REFERENCE, kind="submit")
    assert grading.submission_grade(submission_id=submission.pk) == "already-done"
    submission.refresh_from_db()
    assert submission.attempts == 1


def test_tests_are_materialised_once_per_version(alice, coding_round, submit):
    _session, item = coding_round
    submit(user=alice, item=item, code=REFERENCE, kind="examples")
    submit(user=alice, item=item, code=REFERENCE, kind="submit")
    assert MaterialisedTests.objects.filter(question_version=item.question_version).count() == 1


def test_at_most_two_runs_in_flight(alice, coding_round, settings, submit):
    _session, item = coding_round
    for _ in range(settings.GRADING_IN_FLIGHT_LIMIT):
        Submission.objects.create(
            user=alice, item=item, question_version=item.question_version, kind="submit", code="x"
        )
    with pytest.raises(ApplicationError) as info:
        submit(user=alice, item=item, code=REFERENCE, kind="submit")
    assert info.value.status == 429 and "waiting for a verdict" in info.value.message
    assert Answer.objects.get(item=item).text == REFERENCE  # the code itself is still saved


def test_the_daily_cap(alice, coding_round, settings, submit):
    settings.GRADING_DAILY_LIMIT = 3
    _session, item = coding_round
    for _ in range(3):
        Submission.objects.create(
            user=alice,
            item=item,
            question_version=item.question_version,
            kind="submit",
            code="x",
            status="done",
        )
    with pytest.raises(ApplicationError) as info:
        submit(user=alice, item=item, code=REFERENCE, kind="submit")
    assert info.value.status == 429 and "limit of 3 runs" in info.value.message


def test_runs_after_the_deadline_are_refused(alice, coding_round, submit):
    import time_machine

    session, item = coding_round
    with time_machine.travel(session.deadline.timestamp() + 3600), pytest.raises(ApplicationError) as info:
        submit(user=alice, item=item, code=REFERENCE, kind="submit")
    assert info.value.status == 409
    assert not Submission.objects.exists()


def _claimed_row(alice, item, at):
    submission = Submission.objects.create(
        user=alice, item=item, question_version=item.question_version, kind="submit", code=REFERENCE
    )
    assert grading.submission_claim(submission_id=submission.pk, now=at)  # a worker took it...
    return submission


def test_a_row_whose_lease_expired_is_requeued_by_the_beat_job_and_graded(alice, coding_round, settings):
    import time_machine

    session, item = coding_round
    submission = _claimed_row(alice, item, session.started_at)
    # ...and died: it stopped renewing. Once the lease has passed, the beat job puts the row back and
    # sends it (graded eagerly here).
    with time_machine.travel(session.started_at.timestamp() + settings.GRADING_LEASE_SECONDS - 1):
        assert grading.requeue_stuck_submissions() == 0
    with time_machine.travel(session.started_at.timestamp() + settings.GRADING_LEASE_SECONDS + 1):
        assert grading.requeue_stuck_submissions() == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DONE and submission.verdict == "AC"
    assert submission.attempts == 2 and submission.lease_until is None


def test_a_redelivered_message_takes_over_a_row_whose_lease_expired(alice, coding_round, settings):
    session, item = coding_round
    submission = _claimed_row(alice, item, session.started_at)
    later = session.started_at + timedelta(seconds=settings.GRADING_LEASE_SECONDS + 1)
    assert grading.submission_grade(submission_id=submission.pk, now=later) == "graded"
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.attempts) == (SubmissionStatus.DONE, "AC", 2)


def test_a_message_for_a_row_under_a_live_lease_comes_back_when_the_lease_ends(alice, coding_round, settings):
    session, item = coding_round
    submission = _claimed_row(alice, item, session.started_at)
    soon = session.started_at + timedelta(seconds=settings.GRADING_LEASE_SECONDS - 3)
    with pytest.raises(grading.GradeLater) as later:
        grading.submission_grade(submission_id=submission.pk, now=soon)
    assert 3 <= later.value.seconds <= 4  # the lease's remaining time, then it may be taken over
    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == (SubmissionStatus.RUNNING, 1)


def test_a_row_whose_workers_died_every_time_fails_with_a_message(alice, coding_round, settings):
    session, item = coding_round
    submission = _claimed_row(alice, item, session.started_at)
    Submission.objects.filter(pk=submission.pk).update(attempts=settings.GRADING_MAX_ATTEMPTS)
    later = session.started_at + timedelta(seconds=settings.GRADING_LEASE_SECONDS + 1)
    assert grading.submission_grade(submission_id=submission.pk, now=later) == "failed"
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED and "stopped unexpectedly" in submission.error


def test_the_beat_job_sends_rows_the_broker_did_not_take_and_not_those_just_sent(alice, coding_round):
    _session, item = coding_round
    unsent, just_sent = (
        Submission.objects.create(
            user=alice, item=item, question_version=item.question_version, kind="submit", code=REFERENCE,
            enqueued_at=enqueued_at,
        )
        for enqueued_at in (None, timezone.now())
    )  # fmt: skip
    assert grading.requeue_stuck_submissions() == 1
    unsent.refresh_from_db()
    just_sent.refresh_from_db()
    assert unsent.status == SubmissionStatus.DONE and just_sent.status == SubmissionStatus.QUEUED


def test_a_message_a_worker_took_but_never_ran_is_sent_again_once_its_hold_has_passed(
    alice, coding_round, settings
):
    import time_machine

    settings.GRADING_LEASE_SECONDS, settings.GRADING_RESEND_AFTER_SECONDS = 6, 600  # the hold, not a resend
    _session, item = coding_round
    now = timezone.now()
    submission = Submission.objects.create(
        user=alice, item=item, question_version=item.question_version, kind="submit", code=REFERENCE,
        enqueued_at=now,
    )  # fmt: skip
    # A worker took the message from the broker (its main process records it)... and was SIGKILLed before
    # a pool process claimed the row: the message stays in Redis' unacked set for minutes.
    grading.submission_delivered(submission_id=submission.pk, now=now)
    with time_machine.travel(now.timestamp() + settings.GRADING_LEASE_SECONDS - 1):
        assert grading.requeue_stuck_submissions() == 0  # a live worker claims it within the hold
    with time_machine.travel(now.timestamp() + settings.GRADING_LEASE_SECONDS + 1):
        assert grading.requeue_stuck_submissions() == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DONE and submission.attempts == 1


def test_a_delivery_never_touches_the_lease_of_a_running_claim(alice, coding_round, settings):
    session, item = coding_round
    submission = _claimed_row(alice, item, session.started_at)
    lease = Submission.objects.get(pk=submission.pk).lease_until
    # The message Celery redelivers after a pool process died arrives while the claim's lease is live.
    grading.submission_delivered(submission_id=submission.pk, now=session.started_at + timedelta(seconds=1))
    assert Submission.objects.get(pk=submission.pk).lease_until == lease


def test_a_retry_is_held_until_its_countdown_has_run(alice, coding_round, settings):
    _session, item = coding_round
    now = timezone.now()
    submission = Submission.objects.create(
        user=alice, item=item, question_version=item.question_version, kind="submit", code=REFERENCE,
        enqueued_at=now,
    )  # fmt: skip
    eta = now + timedelta(seconds=10)
    grading.submission_delivered(submission_id=submission.pk, eta=eta, now=now)
    held = Submission.objects.get(pk=submission.pk).lease_until
    assert held == eta + timedelta(seconds=settings.GRADING_LEASE_SECONDS)


def test_rejudge_grades_past_submissions_again_with_progress(
    alice, carol, coding_round, submit, django_capture_on_commit_callbacks
):
    _session, item = coding_round
    first = submit(user=alice, item=item, code=WRONG, kind="submit")
    with django_capture_on_commit_callbacks(execute=True):
        batch = grading.rejudge_start(question_version=item.question_version, requested_by=carol)
    assert batch.total == 1
    assert grading.rejudge_progress(batch=batch) == {"done": 1, "total": 1, "percent": 100}
    first.refresh_from_db()
    assert first.rejudge_batch == batch and first.status == SubmissionStatus.DONE


def test_only_curators_can_open_the_full_report(alice, carol, coding_round, submit, client):
    _session, item = coding_round
    submission = submit(user=alice, item=item, code=WRONG, kind="submit")
    client.force_login(alice)
    own = client.get(f"/submissions/{submission.pk}/?full=1").content.decode()
    assert "Hidden test" in own and "Input, expected and actual" in own
    assert own.count("Input, expected and actual") == 3  # the three visible examples only
    client.force_login(carol)
    full = client.get(f"/submissions/{submission.pk}/?full=1").content.decode()
    assert full.count("Input, expected and actual") == submission.total


def test_outsiders_cannot_open_a_submission(alice, charlie, coding_round, submit, client):
    _session, item = coding_round
    submission = submit(user=alice, item=item, code=WRONG, kind="submit")
    client.force_login(charlie)
    assert client.get(f"/submissions/{submission.pk}/").status_code == 404
