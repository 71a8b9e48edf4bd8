"""Automatic feedback on written rounds: request after submit, analyse in the worker, store per engine.

The promises (docs/feedback.md):
- a round's row is committed before its task is enqueued, so a broker that is down only delays the
  analysis: the beat job sends rows that stayed PENDING, and the results page asks again;
- a task claims its row with a conditional update, so a round is never analysed twice in parallel;
- any error becomes a FAILED row with a message: submitting a round or a human review never waits on it;
- every row records the engine version, so ``feedback_recompute`` can redo rounds a later engine reads
  differently.
The model is only loaded by ``round_feedback_run`` (worker, management commands), never by a page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from interviews.models import InterviewSession, SessionQuestion
from questionbank.models import QuestionVersion, RedFlag, RoundKind
from scoring.feedback import ENGINE_VERSION, AnswerInput, QuestionInput, RedFlagDef
from scoring.feedback.bankfile import question_input
from scoring.feedback.llm import LLMConfig, analyse_with_llm

from .models import AnswerFeedback, FeedbackStatus, RoundFeedback

logger = logging.getLogger(__name__)
WRITTEN_ROUNDS = frozenset(
    {
        RoundKind.ML_BREADTH,
        RoundKind.ML_DOMAIN,
        RoundKind.ML_SYSTEM_DESIGN,
        RoundKind.PROJECT_DEEP_DIVE,
        RoundKind.BEHAVIOURAL,
    }
)


def question_input_for(version: QuestionVersion, round_seconds: int | None = None) -> QuestionInput:
    """The engine's view of a question version (section budgets from the round's length, if known)."""
    return question_input(
        round_kind=version.round_kind,
        prompt=version.prompt_md,
        reviewer_notes=version.reviewer_notes or {},
        section_notes=version.section_notes or {},
        round_seconds=round_seconds or version.minutes * 60,
        title=version.title,
    )


def shared_red_flags() -> list[RedFlagDef]:
    return [RedFlagDef(f.key, f.text) for f in RedFlag.objects.order_by("position", "pk")]


def answer_input_for(item: SessionQuestion) -> AnswerInput:
    answers = list(item.answers.all())
    if item.question_version.round_kind == RoundKind.ML_SYSTEM_DESIGN:
        return AnswerInput(
            sections={a.section: a.text for a in answers if a.section},
            seconds={a.section: a.seconds_spent for a in answers if a.section},
        )
    return AnswerInput(text=next((a.text for a in answers if not a.section), ""))


def _analyse_task() -> Any:  # a late import: tasks imports this module; a Celery task object
    from .tasks import analyse_round

    return analyse_round


def is_analysable(session: InterviewSession) -> bool:
    return session.round_kind in WRITTEN_ROUNDS and session.is_finished


@transaction.atomic
def round_feedback_request(*, session: InterviewSession) -> RoundFeedback | None:
    """Make sure a submitted written round has a feedback row, and enqueue its analysis after commit.

    Called when a round is submitted and by the results page (for rounds submitted in bulk by the
    deadline job). Returns None for rounds the engine does not read (coding, unsubmitted)."""
    if not is_analysable(session):
        return None
    feedback, created = RoundFeedback.objects.get_or_create(session=session)
    if created:
        # A broker that is down only delays it: the beat job resends PENDING rows.
        _analyse_task().enqueue_on_commit(session.pk)
    return feedback


def _claim(session_id: int, now: datetime, force: bool) -> RoundFeedback | None:
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5)
    rows = RoundFeedback.objects.filter(session_id=session_id)
    if not force:
        # A RUNNING row older than the hard time limit belongs to a dead worker.
        rows = rows.filter(status=FeedbackStatus.PENDING) | rows.filter(
            status=FeedbackStatus.RUNNING, started_at__lt=stale
        )
    if not rows.update(status=FeedbackStatus.RUNNING, started_at=now):
        return None
    return RoundFeedback.objects.select_related("session").get(session_id=session_id)


def round_feedback_run(*, session_id: int, force: bool = False, now: datetime | None = None) -> str:
    """Analyse every question of a round and store the results. Returns done / failed / already-done."""
    now = now or timezone.now()
    if force:
        session = InterviewSession.objects.get(pk=session_id)
        if not is_analysable(session):
            return "not-written"
        RoundFeedback.objects.get_or_create(session=session)
    feedback = _claim(session_id, now, force)
    if feedback is None:
        return "already-done"
    try:
        results = _analyse_session(feedback.session)
    except Exception as exc:  # any failure is stored and shown; it must never break the round
        logger.exception("Automatic feedback failed for session %s", session_id)
        feedback.status = FeedbackStatus.FAILED
        feedback.message = f"The automatic analysis failed: {type(exc).__name__}: {exc}"[:2000]
        feedback.finished_at = timezone.now()
        feedback.save(update_fields=["status", "message", "finished_at"])
        return "failed"
    with transaction.atomic():
        feedback.answers.all().delete()
        AnswerFeedback.objects.bulk_create(
            [
                AnswerFeedback(
                    round_feedback=feedback,
                    item=item,
                    question_version=item.question_version,
                    overall=analysis["overall"],
                    level=analysis["level"],
                    confidence=analysis["confidence"],
                    result=analysis,
                )
                for item, analysis in results
            ]
        )
        scored = [a for _, a in results if a["overall"] is not None]
        feedback.overall = round(sum(a["overall"] for a in scored) / len(scored), 3) if scored else None
        feedback.confidence = round(sum(a["confidence"] for a in scored) / len(scored), 2) if scored else None
        feedback.engine = results[0][1]["engine"] if results else ENGINE_VERSION
        feedback.status = FeedbackStatus.DONE
        feedback.message = ""
        feedback.finished_at = timezone.now()
        feedback.save(update_fields=["overall", "confidence", "engine", "status", "message", "finished_at"])
    return "done"


def _analyse_session(session: InterviewSession) -> list[tuple[SessionQuestion, dict[str, Any]]]:
    llm = LLMConfig.from_env()
    flags = shared_red_flags()
    items = SessionQuestion.objects.filter(session=session).select_related("question_version")
    items = items.prefetch_related("answers").order_by("position")
    out = []
    for item in items:
        version = item.question_version
        if version.is_coding:
            continue
        question = question_input_for(version, session.duration_seconds)
        out.append((item, analyse_with_llm(question, answer_input_for(item), flags, llm)))
    return out


def feedback_resend_pending(*, now: datetime | None = None) -> int:
    """Beat job: enqueue rounds submitted without a feedback row (bulk deadline submits) and PENDING rows
    whose message never reached a worker."""
    now = now or timezone.now()
    since = now - timedelta(days=2)
    missing = (
        InterviewSession.objects.filter(
            round_kind__in=WRITTEN_ROUNDS, submitted_at__gte=since, machine_feedback__isnull=True
        )
        .exclude(submitted_at=None)
        .values_list("pk", flat=True)[:200]
    )
    ids = []
    for session_id in missing:
        _, created = RoundFeedback.objects.get_or_create(session_id=session_id)
        if created:
            ids.append(session_id)
    resend_before = now - timedelta(seconds=30)
    ids += list(
        RoundFeedback.objects.filter(status=FeedbackStatus.PENDING, created_at__lt=resend_before).values_list(
            "session_id", flat=True
        )[:200]
    )
    task = _analyse_task()
    for session_id in dict.fromkeys(ids):
        if not task.send(session_id):
            break  # the broker is down: the next beat run tries again
    return len(ids)


def feedback_recompute(
    *,
    sessions: Iterable[InterviewSession],
    skip_engine: str | None = ENGINE_VERSION,
    progress: Callable[[int, str], None] | None = None,
) -> dict[str, int]:
    """Re-run the analysis synchronously on old rounds; rounds already read by ``skip_engine`` are skipped."""
    counts: dict[str, int] = {}
    for n, session in enumerate(sessions, 1):
        existing = RoundFeedback.objects.filter(session=session).first()
        if (
            skip_engine
            and existing
            and existing.status == FeedbackStatus.DONE
            and existing.engine == skip_engine
        ):
            outcome = "skipped"
        else:
            outcome = round_feedback_run(session_id=session.pk, force=True)
        counts[outcome] = counts.get(outcome, 0) + 1
        if progress:
            progress(n, outcome)
    return counts


def machine_reads(*, session_id: int) -> dict[int, dict[str, Any]]:
    """The stored analysis of each question of a round (item id -> result), when the analysis is done."""
    rows = AnswerFeedback.objects.filter(
        round_feedback__session_id=session_id, round_feedback__status=FeedbackStatus.DONE
    ).values_list("item_id", "result")
    return dict(rows)


@dataclass
class Agreement:
    pairs: int  # rounds with this question that have both a machine read and a human score
    agree: int

    @property
    def share(self) -> float | None:
        return self.agree / self.pairs if self.pairs else None


def machine_human_agreement(*, question_id: int) -> Agreement:
    """How often the machine's read of a question agrees with the reviewers' score of its round.

    Reviews score whole rounds, so the human side is the round's weighted rubric score (1-4): 3 or more
    counts as strong. The machine side is this question's read: "strong" or not."""
    from .profile import round_result, with_results

    reads = dict(
        AnswerFeedback.objects.filter(
            question_version__question_id=question_id,
            round_feedback__status=FeedbackStatus.DONE,
            overall__isnull=False,
        ).values_list("round_feedback__session_id", "level")
    )
    agreement = Agreement(0, 0)
    for session in with_results(InterviewSession.objects.filter(pk__in=reads)):
        result = round_result(session)
        if result is None or result.score is None:
            continue
        agreement.pairs += 1
        agreement.agree += (result.score >= 3) == (reads[session.pk] == "strong")
    return agreement


def machine_round_scores(*, user: Any, reviewed: set[int]) -> dict[str, list[float]]:
    """Automatic-feedback scores of the user's rounds that no human has scored, per round kind, oldest
    first, on the reviewers' 1-4 scale (0 -> 1, 1 -> 4), for the readiness profile and practice plan."""
    rows = (
        RoundFeedback.objects.filter(
            session__candidate=user, status=FeedbackStatus.DONE, overall__isnull=False
        )
        .exclude(session_id__in=reviewed)
        .order_by("session__submitted_at", "session_id")
        .values_list("session__round_kind", "overall")
    )
    out: dict[str, list[float]] = {}
    for kind, overall in rows:
        if overall is not None:  # excluded by the query; the column type allows it
            out.setdefault(kind, []).append(1 + 3 * overall)
    return out
