"""Grading code submissions: create (saved before queued), claim, grade in the sandbox, recover, rejudge.

The promises (docs/judge.md, "Task lifecycle"):
- a submission row is committed before its task is enqueued, so nothing is lost if the broker is down;
- a task claims its row with a conditional update, so a submission is never graded twice in parallel;
- a worker that dies mid-grade leaves a RUNNING row older than the hard task time limit: the beat job
  `requeue_stuck_submissions` puts it back, as it does for QUEUED rows whose message never reached a worker.
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from config.errors import ApplicationError
from interviews.models import InterviewSession, SessionQuestion
from interviews.services import answer_save
from questionbank.models import QuestionVersion, RoundKind
from scoring.judge.grader import GradeReport, SandboxFailure, grade
from scoring.judge.problem import BankError, ProblemSpec, TestCase, materialise_tests
from scoring.judge.sandbox import SandboxBackend

from .models import MaterialisedTests, RejudgeBatch, Submission, SubmissionKind, SubmissionStatus
from .sandboxing import SandboxRefused, grading_backend

logger = logging.getLogger(__name__)
PENDING = (SubmissionStatus.QUEUED, SubmissionStatus.RUNNING)
GradeResult = Literal["graded", "already-done", "busy", "failed"]


def enqueue_grading(submission_id: int) -> None:
    """Send the grading task. A broker that is down only delays grading: the beat job resends QUEUED rows."""
    from .tasks import grade_submission

    try:
        grade_submission.apply_async(args=[submission_id], retry=False)
    except Exception:  # the broker's errors vary by transport; the row is safe either way
        logger.warning(
            "Could not enqueue submission %s; the requeue job will send it", submission_id, exc_info=True
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
    *, user: User, item: SessionQuestion, code: str, kind: str, now: datetime | None = None
) -> Submission:
    """Save the code as the answer and a queued submission, then enqueue grading after commit."""
    now = now or timezone.now()
    if kind not in SubmissionKind.values:
        raise ApplicationError("Choose to run the examples or to submit.", field="kind")
    version = item.question_version
    if version.question.round_kind != RoundKind.CODING or not version.coding_spec:
        raise ApplicationError("Only coding questions can be run.", status=400)
    if len(code) > settings.CODE_MAX_CHARS:
        raise ApplicationError(
            f"Your code is {len(code):,} characters long; the limit is {settings.CODE_MAX_CHARS:,}.",
            status=413,
        )
    if not code.strip():
        raise ApplicationError("Write some code first.", field="code")
    session = item.session
    # The answer is saved (and the deadline checked) first: a run refused for limits keeps the code.
    answer_save(session=session, item=item, text=code, now=now)
    with transaction.atomic():
        # One candidate's concurrent requests queue up here, so the in-flight limit holds under races.
        User.objects.select_for_update().filter(pk=user.pk).first()
        _check_limits(user, now)
        submission = Submission.objects.create(
            user=user,
            item=item,
            question_version=version,
            kind=kind,
            code=code,
            status=SubmissionStatus.QUEUED,
        )
        transaction.on_commit(lambda: enqueue_grading(submission.pk))
    return submission


# Versions are immutable, so their tests can stay in the worker's memory: loading and decoding them (hundreds
# of KB for generated tests) would otherwise cost as much as a grading.
_TESTS_CACHE: OrderedDict[int, list[TestCase]] = OrderedDict()
_TESTS_CACHE_SIZE = 32


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
        tests = materialise_tests(ProblemSpec.from_dict(version.coding_spec), backend)
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
    data = report.to_full_dict()
    for test in data["tests"]:
        for key in ("args", "kwargs", "expected"):
            test.pop(key, None)
    return data


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.GRADING_STALE_SECONDS)


def submission_claim(*, submission_id: int, now: datetime) -> bool:
    """Take the row for grading: QUEUED, or RUNNING for longer than any live task can run (its worker died)."""
    claimable = Q(status=SubmissionStatus.QUEUED) | Q(
        status=SubmissionStatus.RUNNING, started_at__lt=_stale_before(now)
    )
    return bool(
        Submission.objects.filter(claimable, pk=submission_id).update(
            status=SubmissionStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
        )
    )


def submission_grade(*, submission_id: int, now: datetime | None = None) -> GradeResult:
    """Grade one submission if it can be claimed. Idempotent: a second call on a graded row does nothing.

    Raises SandboxRefused / SandboxFailure after putting the row back in the queue, so the task retries.
    """
    now = now or timezone.now()
    clock = time.monotonic()
    if not submission_claim(submission_id=submission_id, now=now):
        status = Submission.objects.filter(pk=submission_id).values_list("status", flat=True).first()
        return "busy" if status == SubmissionStatus.RUNNING else "already-done"
    submission = Submission.objects.select_related("question_version").get(pk=submission_id)
    phases = {"claim_ms": (time.monotonic() - clock) * 1000}
    try:
        backend = grading_backend()
        version = submission.question_version
        tests = tests_for_version(version, backend)
        phases["load_ms"] = (time.monotonic() - clock) * 1000 - phases["claim_ms"]
        report = grade(
            spec=ProblemSpec.from_dict(version.coding_spec),
            tests=tests,
            code=submission.code,
            mode=submission.kind,  # type: ignore[arg-type]
            backend=backend,
        )
    except (SandboxRefused, SandboxFailure) as exc:
        _release_or_fail(submission, f"The sandbox could not run this submission: {exc}")
        raise
    except BankError as exc:
        # The problem itself is broken (a generator failed): no retry can fix that; curators must.
        _finish(
            submission,
            status=SubmissionStatus.FAILED,
            error=f"This problem's tests could not be built: {exc}",
        )
        return "failed"
    graded_at = time.monotonic()
    Submission.objects.filter(
        pk=submission.pk, status=SubmissionStatus.RUNNING, started_at=submission.started_at
    ).update(
        status=SubmissionStatus.DONE,
        verdict=str(report.status),
        score=report.score,
        passed=report.passed,
        total=report.total,
        report=_stored_report(report),
        candidate_report=report.to_dict(),
        sandbox_backend=backend.name,
        error="",
        finished_at=timezone.now(),
    )
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
    stored = MaterialisedTests.objects.filter(question_version_id=submission.question_version_id).first()
    by_index = {t["index"]: t for t in (stored.tests if stored else [])}
    report = dict(submission.report)
    report["tests"] = [
        {**t, **{k: by_index.get(t["index"], {}).get(k) for k in ("args", "kwargs", "expected")}}
        for t in submission.report["tests"]
    ]
    return report


def _finish(submission: Submission, *, status: str, error: str) -> None:
    Submission.objects.filter(pk=submission.pk).update(status=status, error=error, finished_at=timezone.now())


def _release_or_fail(submission: Submission, error: str) -> None:
    if submission.attempts >= settings.GRADING_MAX_ATTEMPTS:
        _finish(submission, status=SubmissionStatus.FAILED, error=error)
    else:
        Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.RUNNING).update(
            status=SubmissionStatus.QUEUED, error=error
        )


def requeue_stuck_submissions(*, now: datetime | None = None) -> int:
    """Beat job: resend QUEUED rows that no worker picked up, and recover RUNNING rows of dead workers."""
    now = now or timezone.now()
    resend_before = now - timedelta(seconds=settings.GRADING_RESEND_AFTER_SECONDS)
    stale = Submission.objects.filter(status=SubmissionStatus.RUNNING, started_at__lt=_stale_before(now))
    stale.filter(attempts__gte=settings.GRADING_MAX_ATTEMPTS).update(
        status=SubmissionStatus.FAILED,
        error="Grading stopped unexpectedly several times; a curator has been notified.",
        finished_at=now,
    )
    stale.update(status=SubmissionStatus.QUEUED)
    ids = list(
        Submission.objects.filter(status=SubmissionStatus.QUEUED)
        .filter(Q(started_at__isnull=True, created_at__lt=resend_before) | Q(started_at__lt=resend_before))
        .values_list("pk", flat=True)[:500]
    )
    for submission_id in ids:
        enqueue_grading(submission_id)
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
        finished_at=None,
        attempts=0,
        rejudge_batch=batch,
    )
    batch.total = len(ids)
    batch.save(update_fields=["total"])
    transaction.on_commit(lambda: [enqueue_grading(pk) for pk in ids])
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
        latest.setdefault(submission.item_id, submission)  # type: ignore[arg-type]
    return latest
