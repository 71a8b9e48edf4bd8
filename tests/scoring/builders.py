"""Plain builders for review tests (also used by the browser tests): real rubrics from the bank files,
submitted rounds, calibrated reviewers and submitted reviews."""

from __future__ import annotations

from datetime import datetime, timedelta

import yaml
from django.utils import timezone

from interviews.models import InterviewSession, SessionMode, SessionStatus
from interviews.services import answer_save, practice_start, reviewer_rounds_set, session_submit
from questionbank.bankfiles.rubrics import read_rubric_file
from questionbank.importing import BANK_DIR
from questionbank.models import Question, RedFlag, RoundKind, Rubric, RubricVersion, Status
from scoring import services
from scoring.models import Review, ReviewerCalibration
from tests.factories import QuestionFactory


def bank_rubrics() -> dict[str, RubricVersion]:
    """The six rubrics and the red-flag checklist exactly as the bank ships them."""
    versions = {}
    for path in sorted((BANK_DIR / "rubrics").glob("*.yaml")):
        problems: list[object] = []
        data = read_rubric_file(path, BANK_DIR, problems)  # type: ignore[arg-type]
        assert data is not None, problems
        rubric = Rubric.objects.create(slug=data.slug, round_kind=data.round_kind, status=Status.PUBLISHED)
        version = RubricVersion.objects.create(
            rubric=rubric, number=1, title=data.title, criteria=data.criteria, content_hash=data.slug
        )
        rubric.current_version = version
        rubric.save(update_fields=["current_version"])
        versions[data.round_kind] = version
    flags = yaml.safe_load((BANK_DIR / "red_flags.yaml").read_text())
    for position, flag in enumerate(flags):
        RedFlag.objects.get_or_create(key=flag["key"], defaults={"text": flag["text"], "position": position})
    return versions


def criteria_keys(round_kind: str) -> list[str]:
    version = services.rubric_version_for_kind(round_kind)
    assert version is not None
    return [c["key"] for c in version.criteria]


def questions(round_kind: str = RoundKind.ML_BREADTH, n: int = 8, **version_kwargs: object) -> list[Question]:
    """Published questions of a kind; `version_kwargs` go to each one's version (title, topics...)."""
    made: list[Question] = [
        QuestionFactory.create(
            round_kind=round_kind, **{f"version__{k}": v for k, v in version_kwargs.items()}
        )
        for _ in range(n)
    ]
    return made


def submitted_round(
    candidate, round_kind: str = RoundKind.ML_BREADTH, text: str = "My answer", now: datetime | None = None
) -> InterviewSession:
    """A self-paced round the candidate answered and submitted."""
    now = now or timezone.now()
    session = practice_start(candidate=candidate, round_kind=round_kind, now=now)
    for item in session.items.all():
        answer_save(session=session, item=item, text=text, now=now)
    session_submit(session=session, now=now)
    return session


def make_reviewer(user, *kinds: str, calibrated: bool = True):
    reviewer_rounds_set(user=user, round_kinds=list(kinds))
    if calibrated:
        for kind in kinds:
            ReviewerCalibration.objects.get_or_create(
                user=user, round_kind=kind, defaults={"calibrated_at": timezone.now()}
            )
    return user


def full_input(review: Review, score: int | dict[str, int] = 3, recommendation: int = 3, **extra: object):
    keys = [c["key"] for c in review.rubric_version.criteria]
    scores = score if isinstance(score, dict) else {k: score for k in keys}
    return services.ReviewInput(
        scores=dict(scores),
        comments={k: f"Comment on {k}" for k in keys},
        recommendation=recommendation,
        **extra,  # type: ignore[arg-type]
    )


def claim_next(reviewer, now: datetime | None = None) -> Review:
    """Claim the next round from the queue; there must be one."""
    review = services.queue_claim_next(reviewer=reviewer, now=now)
    assert review is not None, f"nothing to review for {reviewer}"
    return review


def review_next(reviewer, score: int | dict[str, int] = 3, recommendation: int = 3, now=None) -> Review:
    """Claim the next round from the queue and submit a complete review of it."""
    review = services.queue_claim_next(reviewer=reviewer, now=now)
    assert review is not None, f"nothing to review for {reviewer}"
    return services.review_submit(review=review, data=full_input(review, score, recommendation), now=now)


def booked_round(candidate, reviewer, round_kind: str = RoundKind.ML_BREADTH, loop=None) -> InterviewSession:
    """A booked round that has been held and submitted (built directly: booking has its own tests)."""
    from interviews.models import SessionQuestion
    from questionbank.models import QuestionVersion

    # Held in the past, two hours apart, so no two booked rounds overlap (PostgreSQL forbids it).
    earlier = InterviewSession.objects.filter(mode=SessionMode.BOOKED).count()
    now = timezone.now() - timedelta(hours=2 * (earlier + 1))
    session = InterviewSession.objects.create(
        candidate=candidate,
        reviewer=reviewer,
        round_kind=round_kind,
        mode=SessionMode.BOOKED,
        status=SessionStatus.SUBMITTED,
        duration_seconds=2700,
        started_at=now,
        submitted_at=now,
        starts_at=now,
        ends_at=now + timedelta(minutes=45),
        loop=loop,
    )
    version = QuestionVersion.objects.filter(question__round_kind=round_kind).first()
    if version is not None:
        SessionQuestion.objects.create(session=session, question_version=version, position=1)
    return session
