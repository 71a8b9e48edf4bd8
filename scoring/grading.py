"""Grading code submissions: create (saved before queued), claim, grade in the sandbox, recover, rejudge.

The promises (docs/judge.md, "Task lifecycle"):
- a submission row is committed before its task is enqueued, so nothing is lost if the broker is down;
  a row the broker did not take is marked (`enqueued_at` null) and the beat job sends it;
- a task claims its row with a conditional update that takes a lease, and renews the lease from a
  heartbeat thread while it grades: a submission is never graded twice in parallel, and only the
  current claim can write its verdict;
- a worker that dies stops renewing: once its lease has passed, a redelivered or retried message takes
  the row over, and the beat job `requeue_stuck_submissions` puts it back in the queue.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from config.errors import ApplicationError
from interviews.models import InterviewSession, SessionQuestion
from interviews.services import answer_save, normalise_newlines
from questionbank.models import QuestionVersion, RoundKind
from scoring.judge.grader import grade
from scoring.judge.problem import BankError, BankIssue, ProblemSpec, TestCase, materialise_tests
from scoring.judge.report import GradeReport, SandboxFailure
from scoring.judge.sandbox_types import SandboxBackend

from .custom_input import CustomInputRejected, custom_input_parse, grade_custom
from .models import MaterialisedTests, RejudgeBatch, Submission, SubmissionKind, SubmissionStatus
from .sandboxing import SandboxRefused, grading_backend

logger = logging.getLogger(__name__)
PENDING = (SubmissionStatus.QUEUED, SubmissionStatus.RUNNING)
# Rows the beat job sends again have waited already (a dead worker's, a lost message's): they go ahead
# of new submissions, which CELERY_TASK_ROUTES sends at a lower priority (Redis takes 0 first).
RESEND_PRIORITY = 0
GradeResult = Literal["graded", "already-done", "failed"]


class GradeLater(Exception):
    """The task should run again in `seconds`: the row went back to the queue after a sandbox failure, or
    another claim holds it under a lease whose worker may have died (retry once it has expired)."""

    def __init__(self, seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.seconds = seconds


def _lease(now: datetime) -> datetime:
    return now + timedelta(seconds=settings.GRADING_LEASE_SECONDS)


def _mark_not_sent(submission_ids: list[int]) -> None:
    """The broker did not take these rows' tasks: the beat job sends them at its next run."""
    Submission.objects.filter(pk__in=submission_ids, status=SubmissionStatus.QUEUED).update(enqueued_at=None)


def _enqueue_on_commit(submission_ids: list[int]) -> None:
    from .tasks import grade_submission

    grade_submission.enqueue_each_on_commit(
        [(pk,) for pk in submission_ids],
        if_not_sent=lambda calls: _mark_not_sent([args[0] for args in calls]),
    )


def _check_limits(user: User, now: datetime) -> None:
    in_flight = Submission.objects.filter(user=user, status__in=PENDING).count()
    if in_flight >= settings.GRADING_IN_FLIGHT_LIMIT:
        raise ApplicationError(
            f"You already have {in_flight} runs waiting for a verdict; wait for one to finish, then try again.",
            status=429,
        )
    today = Submission.objects.filter(user=user, created_at__gte=now - timedelta(days=1)).count()
    if today >= settings.GRADING_DAILY_LIMIT:
        raise ApplicationError(
            f"You have reached the limit of {settings.GRADING_DAILY_LIMIT} runs in 24 hours; try again later.",
            status=429,
        )


def submission_create(
    *,
    user: User,
    item: SessionQuestion,
    code: str,
    kind: str,
    now: datetime | None = None,
    base_revision: int | None = None,
    idempotency_key: str = "",
    custom_input: str = "",
) -> Submission:
    """Save the code as the answer and a queued submission, then enqueue grading after commit.

    `idempotency_key` (one per click or API call): a repeated request with the same key returns the first
    submission instead of making another. `base_revision` is checked as in `answer_save` (409 if stale)."""
    now = now or timezone.now()
    code = normalise_newlines(code)
    if len(idempotency_key) > 64:
        raise ApplicationError("The idempotency key is longer than 64 characters.", field="idempotency_key")
    if idempotency_key:
        existing = Submission.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if kind not in SubmissionKind.values:
        raise ApplicationError("Choose to run the examples, your own input, or to submit.", field="kind")
    custom = custom_input_parse(custom_input) if kind == SubmissionKind.CUSTOM else None
    version = item.question_version
    if version.question.round_kind != RoundKind.CODING or not version.coding_spec:
        raise ApplicationError("Only coding questions can be run.", status=409)
    if len(code) > settings.CODE_MAX_CHARS:
        raise ApplicationError(
            f"Your code is {len(code):,} characters long; the limit is {settings.CODE_MAX_CHARS:,}.",
            status=413,
        )
    if not code.strip():
        raise ApplicationError("Write some code first.", field="code")
    session = item.session
    # The answer is saved (and the deadline checked) first: a run refused for limits keeps the code.
    answer_save(session=session, item=item, text=code, now=now, base_revision=base_revision)
    with transaction.atomic():
        # One candidate's concurrent requests queue up here, so the in-flight limit holds under races,
        # and a repeated key is seen here by the second of two racing requests.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if idempotency_key:
            existing = Submission.objects.filter(user=user, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        _check_limits(user, now)
        submission = Submission.objects.create(
            user=user,
            item=item,
            question_version=version,
            kind=kind,
            code=code,
            status=SubmissionStatus.QUEUED,
            enqueued_at=now,
            idempotency_key=idempotency_key,
            custom_input=json.dumps(custom) if custom is not None else "",
        )
        _enqueue_on_commit([submission.pk])
    return submission


# Versions are immutable, so their tests can stay in the worker's memory: loading and decoding them (hundreds
# of KB for generated tests) would otherwise cost as much as a grading.
_TESTS_CACHE: OrderedDict[int, list[TestCase]] = OrderedDict()
_TESTS_CACHE_SIZE = 32


def problem_spec(version: QuestionVersion) -> ProblemSpec:
    """The coding problem of a version; BankError for a version that is not one (nothing to grade)."""
    if not version.coding_spec:
        raise BankError([BankIssue(str(version), 0, "", "not a coding problem")])
    return ProblemSpec.from_dict(version.coding_spec)


def tests_for_version(version: QuestionVersion, backend: SandboxBackend) -> list[TestCase]:
    """The version's concrete tests, materialised (generators run in the sandbox) once and then stored."""
    cached = _TESTS_CACHE.get(version.pk)
    if cached is not None:
        _TESTS_CACHE.move_to_end(version.pk)
        return cached
    stored = MaterialisedTests.objects.filter(question_version=version).first()
    if stored is not None:
        tests = [TestCase.from_dict(t) for t in stored.tests]
    else:
        tests = materialise_tests(problem_spec(version), backend)
        MaterialisedTests.objects.get_or_create(
            question_version=version, defaults={"tests": [t.to_dict() for t in tests]}
        )
    _TESTS_CACHE[version.pk] = tests
    while len(_TESTS_CACHE) > _TESTS_CACHE_SIZE:
        _TESTS_CACHE.popitem(last=False)
    return tests


def _stored_report(report: GradeReport) -> dict[str, Any]:
    """The full report minus each test's inputs and expected value: those are stored once per version in
    MaterialisedTests (joined by test index), not again with every submission."""
    return report.to_full_dict(with_test_data=False)


def _dead_claim(now: datetime) -> Q:
    """A RUNNING row whose worker stopped renewing its lease (or a claim from before leases existed that is
    older than any live task)."""
    return Q(status=SubmissionStatus.RUNNING) & (
        Q(lease_until__lt=now)
        | Q(lease_until__isnull=True, started_at__lt=now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT))
    )


def submission_claim(*, submission_id: int, now: datetime) -> bool:
    """Take the row for grading with a lease: QUEUED, or RUNNING under a lease that has expired (its worker
    died) while attempts remain. `started_at=now` identifies this claim in every later write."""
    claimable = Q(status=SubmissionStatus.QUEUED) | (
        _dead_claim(now) & Q(attempts__lt=settings.GRADING_MAX_ATTEMPTS)
    )
    return bool(
        Submission.objects.filter(claimable, pk=submission_id).update(
            status=SubmissionStatus.RUNNING,
            started_at=now,
            lease_until=_lease(now),
            attempts=F("attempts") + 1,
        )
    )


def _claimed(submission: Submission) -> QuerySet[Submission]:
    """The row as long as this claim still holds it: writes through this are fenced against a takeover."""
    return Submission.objects.filter(
        pk=submission.pk, status=SubmissionStatus.RUNNING, started_at=submission.started_at
    )


@contextmanager
def _lease_renewed(submission: Submission) -> Iterator[None]:
    """Renew the claim's lease from a thread while the body runs (the heartbeat). A worker that dies, or
    a pool process that is killed, stops renewing, and the row is taken over once the lease has passed."""
    stop = threading.Event()
    every = settings.GRADING_LEASE_SECONDS / 4

    def renew() -> None:
        try:
            while not stop.wait(every):
                try:
                    renewed = _claimed(submission).update(lease_until=_lease(timezone.now()))
                except DatabaseError:
                    logger.warning("Submission %s: could not renew the lease", submission.pk, exc_info=True)
                    continue
                if not renewed:
                    logger.warning(
                        "Submission %s: the lease was lost; the verdict will not be written", submission.pk
                    )
                    return
        finally:
            connections.close_all()  # this thread's own database connection

    thread = threading.Thread(target=renew, name=f"lease-{submission.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def submission_delivered(
    *, submission_id: int, eta: datetime | None = None, now: datetime | None = None
) -> None:
    """A worker has taken the row's message from the broker (its main process, before a pool process runs
    it): a QUEUED row is held by that worker until `lease_until`, by when a live worker has claimed it (a
    message is delivered only when a pool process is free) or, for a retry, its `eta` has come and gone.

    A worker that dies in between (SIGKILL, the machine gone) takes the message with it until Redis'
    visibility timeout; the beat job sends a row that is still QUEUED once this hold has passed instead.
    A RUNNING row is not touched: its lease belongs to the claim that holds it."""
    now = now or timezone.now()
    held_until = _lease(max(now, eta) if eta is not None else now)
    Submission.objects.filter(pk=submission_id, status=SubmissionStatus.QUEUED).update(lease_until=held_until)


def _not_claimed(submission_id: int, now: datetime) -> GradeResult:
    """Why the claim failed: done, out of attempts (fail it now), or held by another claim (retry later)."""
    row = Submission.objects.filter(pk=submission_id).values("status", "lease_until", "attempts").first()
    if row is None or row["status"] not in PENDING:
        return "already-done"
    out_of_attempts = Q(attempts__gte=settings.GRADING_MAX_ATTEMPTS)
    if Submission.objects.filter(_dead_claim(now), out_of_attempts, pk=submission_id).update(
        status=SubmissionStatus.FAILED, error=GAVE_UP, lease_until=None, finished_at=now
    ):
        return "failed"
    # RUNNING under a live lease: maybe a worker that is still grading, maybe one that was just killed
    # (this is then its redelivered message). Look again once the lease would have expired.
    lease_until = row["lease_until"] or _lease(now)
    raise GradeLater(max(0.5, (lease_until - now).total_seconds() + 0.5), "another claim holds the lease")


def submission_grade(*, submission_id: int, now: datetime | None = None) -> GradeResult:
    """Grade one submission if it can be claimed. Idempotent: a second call on a graded row does nothing.

    Raises GradeLater when the task should run again: after a sandbox failure that put the row back in
    the queue (once GRADING_MAX_ATTEMPTS claims are spent the row fails instead), or while another
    claim's lease is live.
    """
    now = now or timezone.now()
    clock = time.monotonic()
    if not submission_claim(submission_id=submission_id, now=now):
        return _not_claimed(submission_id, now)
    submission = Submission.objects.select_related("question_version").get(pk=submission_id)
    phases = {"claim_ms": (time.monotonic() - clock) * 1000}
    try:
        with _lease_renewed(submission):
            backend = grading_backend()
            version = submission.question_version
            spec = problem_spec(version)
            if submission.kind == SubmissionKind.CUSTOM:
                phases["load_ms"] = (time.monotonic() - clock) * 1000 - phases["claim_ms"]
                report = grade_custom(spec, json.loads(submission.custom_input), submission.code, backend)
            else:
                tests = tests_for_version(version, backend)
                phases["load_ms"] = (time.monotonic() - clock) * 1000 - phases["claim_ms"]
                report = grade(
                    spec=spec,
                    tests=tests,
                    code=submission.code,
                    mode=submission.kind,  # type: ignore[arg-type]  # "examples" or "submit" here (custom runs go above)
                    backend=backend,
                )
    except CustomInputRejected as exc:
        _finish(submission, status=SubmissionStatus.FAILED, error=str(exc))
        return "failed"
    except (SandboxRefused, SandboxFailure) as exc:
        return _release_or_fail(submission, f"The sandbox could not run this submission: {exc}")
    except BankError as exc:
        # The problem itself is broken (a generator failed): no retry can fix that; curators must.
        _finish(
            submission,
            status=SubmissionStatus.FAILED,
            error=f"This problem's tests could not be built: {exc}",
        )
        return "failed"
    graded_at = time.monotonic()
    written = _claimed(submission).update(
        status=SubmissionStatus.DONE,
        verdict=str(report.status),
        score=report.score,
        passed=report.passed,
        total=report.total,
        # A custom run's one test is the candidate's own input, not one of the version's stored tests.
        report=report.to_full_dict() if submission.kind == SubmissionKind.CUSTOM else _stored_report(report),
        candidate_report=report.to_dict(),
        sandbox_backend=backend.name,
        error="",
        lease_until=None,
        finished_at=timezone.now(),
    )
    if not written:
        logger.warning(
            "Submission %s: graded, but another claim took it over; its verdict stands", submission.pk
        )
        return "already-done"
    # Where a grading's time went (bench/worker_bench.py reads these lines).
    phases.update(report.phases, save_ms=(time.monotonic() - graded_at) * 1000)
    phases["queue_wait_ms"] = (now - submission.created_at).total_seconds() * 1000
    logger.info(
        "grading phases %s: %s", submission_id, json.dumps({k: round(v, 1) for k, v in phases.items()})
    )
    return "graded"


def curator_report(*, submission: Submission) -> dict[str, Any] | None:
    """The full report with every test's inputs and expected value joined back in. Curators only."""
    if submission.report is None:
        return None
    stored_report: dict[str, Any] = submission.report
    if submission.kind == SubmissionKind.CUSTOM:
        return stored_report  # stored whole: its test is the candidate's input, not a version's test
    stored = MaterialisedTests.objects.filter(question_version_id=submission.question_version_id).first()
    by_index = {t["index"]: t for t in (stored.tests if stored else [])}
    report = dict(submission.report)
    report["tests"] = [
        {**t, **{k: by_index.get(t["index"], {}).get(k) for k in ("args", "kwargs", "expected")}}
        for t in submission.report["tests"]
    ]
    return report


GAVE_UP = "Grading stopped unexpectedly several times; a curator has been notified."


def _finish(submission: Submission, *, status: str, error: str) -> None:
    _claimed(submission).update(status=status, error=error, lease_until=None, finished_at=timezone.now())


def _release_or_fail(submission: Submission, error: str) -> GradeResult:
    """After a sandbox failure (not the candidate's fault): back to the queue with a growing delay, or
    failed for good once GRADING_MAX_ATTEMPTS claims have been spent."""
    if submission.attempts >= settings.GRADING_MAX_ATTEMPTS:
        _finish(submission, status=SubmissionStatus.FAILED, error=error)
        return "failed"
    _claimed(submission).update(status=SubmissionStatus.QUEUED, error=error, lease_until=None)
    raise GradeLater(5 * 2 ** (submission.attempts - 1), error)


def requeue_stuck_submissions(*, now: datetime | None = None) -> int:
    """Beat job: recover rows of dead workers (lease expired) and send rows whose task is not in the broker.

    Returns how many tasks were sent. Rows whose workers died GRADING_MAX_ATTEMPTS times fail for good.
    """
    now = now or timezone.now()
    dead = Submission.objects.filter(_dead_claim(now))
    dead.filter(attempts__gte=settings.GRADING_MAX_ATTEMPTS).update(
        status=SubmissionStatus.FAILED, error=GAVE_UP, lease_until=None, finished_at=now
    )
    dead.update(status=SubmissionStatus.QUEUED, lease_until=None, enqueued_at=None)
    # Not taken by the broker (null); delivered to a worker that never claimed it (the hold set by
    # `submission_delivered` has passed: the worker died with the message); or sent long ago and still
    # waiting (a broker that restarted without its data lost it). Each send clears the hold and dates the
    # row, so a row is sent again only after a new delivery went unclaimed, or after another long wait.
    # A message still queued behind others only costs a claim that misses.
    resend_before = now - timedelta(seconds=settings.GRADING_RESEND_AFTER_SECONDS)
    ids = list(
        Submission.objects.filter(status=SubmissionStatus.QUEUED)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=resend_before) | Q(lease_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    from .tasks import grade_submission

    # Dated before sending: a worker may take a message (and hold its row) before this loop ends.
    Submission.objects.filter(pk__in=ids, status=SubmissionStatus.QUEUED).update(
        enqueued_at=now, lease_until=None
    )
    for sent, submission_id in enumerate(ids):
        if not grade_submission.send(submission_id, priority=RESEND_PRIORITY):
            _mark_not_sent(ids[sent:])  # the broker is down: the next run tries again
            return sent
    return len(ids)


@transaction.atomic
def rejudge_start(*, question_version: QuestionVersion, requested_by: User) -> RejudgeBatch:
    """Grade every past submission of the problem again, against this (current) version's tests."""
    submissions = Submission.objects.filter(
        question_version__question_id=question_version.question_id,
        kind=SubmissionKind.SUBMIT,
    ).exclude(status__in=PENDING)
    batch = RejudgeBatch.objects.create(question_version=question_version, requested_by=requested_by)
    ids = list(submissions.values_list("pk", flat=True))
    Submission.objects.filter(pk__in=ids).update(
        question_version=question_version,
        status=SubmissionStatus.QUEUED,
        started_at=None,
        lease_until=None,
        finished_at=None,
        enqueued_at=timezone.now(),
        attempts=0,
        rejudge_batch=batch,
    )
    batch.total = len(ids)
    batch.save(update_fields=["total"])
    _enqueue_on_commit(ids)
    return batch


def rejudge_progress(*, batch: RejudgeBatch) -> dict[str, int]:
    done = batch.submissions.filter(status__in=[SubmissionStatus.DONE, SubmissionStatus.FAILED]).count()
    return {
        "done": done,
        "total": batch.total,
        "percent": round(100 * done / batch.total) if batch.total else 100,
    }


def latest_submissions(*, session: InterviewSession) -> dict[int, Submission]:
    """The newest submission of each item of a session (for pages that show verdicts)."""
    latest: dict[int, Submission] = {}
    for submission in Submission.objects.filter(item__session=session).order_by("item_id", "-created_at"):
        if submission.item_id is not None:  # always set here (filtered by the item's session)
            latest.setdefault(submission.item_id, submission)
    return latest
