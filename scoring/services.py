"""Write paths of reviewing: the peer queue, filling in and submitting a review, ratings and flags.

The queue's rules (docs/scoring.md, "Peer queue"):
- every submitted self-paced round with something written enters the queue (`queue_sync`);
- a reviewer takes one round at a time, of a kind they opted in to and are calibrated for, never their
  own, never one they already reviewed, and only while the round is short of reviews;
- a claim not submitted by `due_at` is released (`review_claims_release_expired`);
- a round still short of reviews after REVIEW_ESCALATE_AFTER_HOURS goes to the curators
  (`queue_escalate_waiting`), so a small pool can never leave it waiting for ever;
- give to get: each review a candidate gives moves their own waiting rounds earlier (`priority_at`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from config.errors import ApplicationError
from interviews.live import session_mark_reviewed
from interviews.models import Answer, InterviewSession, ReviewerRound, SessionMode, SessionStatus
from questionbank.models import RedFlag, RoundKind, Rubric, RubricVersion, Status
from questionbank.roles import is_curator, require_curator

from . import maths
from .models import (
    CLAIMED_KINDS,
    COUNTED_KINDS,
    QueueItem,
    QueueStatus,
    Recommendation,
    Review,
    ReviewerCalibration,
    ReviewKind,
    ReviewStatus,
)
from .selectors import FINISHED, grader_score_for_item

COMMENT_MAX_CHARS = 4000


class ReviewIncomplete(ApplicationError):
    """Submitting a review that misses something: `problems` maps a form field to what is missing."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("This review is not complete yet: " + " ".join(problems.values()), status=400)
        self.problems = problems


# --- Rubrics --------------------------------------------------------------------------------------


def rubric_version_for_kind(round_kind: str) -> RubricVersion | None:
    """The current version of the round kind's published rubric (the bank ships one per kind)."""
    rubric = (
        Rubric.objects.filter(round_kind=round_kind, status=Status.PUBLISHED, current_version__isnull=False)
        .select_related("current_version")
        .order_by("pk")
        .first()
    )
    return rubric.current_version if rubric else None


def rubric_version_for_session(session: InterviewSession) -> RubricVersion | None:
    """The version every review of this round uses: pinned by its queue item or its first review."""
    item = QueueItem.objects.filter(session=session).select_related("rubric_version").first()
    if item is not None:
        return item.rubric_version
    first = Review.objects.filter(session=session).select_related("rubric_version").order_by("pk").first()
    if first is not None:
        return first.rubric_version
    return rubric_version_for_kind(session.round_kind)


def rubric_version_required(session: InterviewSession) -> RubricVersion:
    """`rubric_version_for_session`, refusing (409) when the round kind has no published rubric yet."""
    version = rubric_version_for_session(session)
    if version is None:
        raise ApplicationError("There is no published rubric for this round yet.", status=409)
    return version


# --- The queue ------------------------------------------------------------------------------------


def give_credit(*, user: User, now: datetime) -> int:
    """Reviews the user gave in the give-to-get window, capped so credit cannot be hoarded."""
    since = now - timedelta(days=settings.REVIEW_GIVE_TO_GET_WINDOW_DAYS)
    given = Review.objects.filter(
        reviewer=user, kind__in=CLAIMED_KINDS, status=ReviewStatus.SUBMITTED, submitted_at__gte=since
    ).count()
    return min(given, settings.REVIEW_GIVE_TO_GET_MAX_CREDIT)


def _boost(credit: int) -> timedelta:
    return timedelta(hours=settings.REVIEW_GIVE_TO_GET_HOURS * credit)


@transaction.atomic
def queue_sync(*, now: datetime | None = None) -> int:
    """Enqueue every submitted self-paced round that has an answer and is not queued yet.

    Gold rounds stay out: the curator's gold review is their feedback, and calibration is their use.

    Runs from the beat job and before every claim, so rounds submitted automatically by a bulk update
    (interviews.services.expire_overdue_sessions) are picked up too. Returns how many were enqueued.
    """
    now = now or timezone.now()
    written = Answer.objects.filter(item__session=OuterRef("pk")).exclude(text="")
    sessions = list(
        InterviewSession.objects.filter(
            mode=SessionMode.PRACTICE, status__in=FINISHED, queue_item__isnull=True, gold__isnull=True
        )
        .filter(Exists(written))
        .values("pk", "candidate_id", "round_kind", "submitted_at", "created_at")[:500]
    )
    if not sessions:
        return 0
    versions = {kind: rubric_version_for_kind(kind) for kind in {s["round_kind"] for s in sessions}}
    since = now - timedelta(days=settings.REVIEW_GIVE_TO_GET_WINDOW_DAYS)
    credits = dict(
        Review.objects.filter(
            reviewer_id__in={s["candidate_id"] for s in sessions},
            kind__in=CLAIMED_KINDS,
            status=ReviewStatus.SUBMITTED,
            submitted_at__gte=since,
        )
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    items = []
    for row in sessions:
        version = versions[row["round_kind"]]
        if version is None:
            continue  # no rubric for this kind yet: it is enqueued once the bank has one
        enqueued_at = row["submitted_at"] or row["created_at"]
        credit = min(credits.get(row["candidate_id"], 0), settings.REVIEW_GIVE_TO_GET_MAX_CREDIT)
        items.append(
            QueueItem(
                session_id=row["pk"],
                candidate_id=row["candidate_id"],
                round_kind=row["round_kind"],
                rubric_version=version,
                reviews_needed=settings.REVIEWS_PER_SUBMISSION,
                enqueued_at=enqueued_at,
                priority_at=enqueued_at - _boost(credit),
            )
        )
    # Two syncs racing each other: the one-to-one constraint keeps a round from being queued twice.
    QueueItem.objects.bulk_create(items, ignore_conflicts=True)
    return len(items)


def review_claims_release_expired(*, now: datetime | None = None) -> int:
    """Give back queue claims whose time ran out; their partial scores are dropped with them."""
    now = now or timezone.now()
    expired = Review.objects.filter(status=ReviewStatus.DRAFT, kind__in=CLAIMED_KINDS, due_at__lt=now)
    ids = list(expired.values_list("pk", flat=True))
    if ids:
        Review.objects.filter(pk__in=ids, status=ReviewStatus.DRAFT).delete()
    return len(ids)


def queue_escalate_waiting(*, now: datetime | None = None) -> int:
    """Send rounds that waited too long for reviews to the curators' queue."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.REVIEW_ESCALATE_AFTER_HOURS)
    return QueueItem.objects.filter(status=QueueStatus.WAITING, enqueued_at__lt=cutoff).update(
        status=QueueStatus.ESCALATED, escalated_at=now
    )


def queue_maintain(*, now: datetime | None = None) -> dict[str, int]:
    """The beat job: enqueue new rounds, release expired claims, escalate long waits."""
    now = now or timezone.now()
    return {
        "enqueued": queue_sync(now=now),
        "released": review_claims_release_expired(now=now),
        "escalated": queue_escalate_waiting(now=now),
    }


def reviewable_kinds(user: User) -> set[str]:
    """Round kinds the user may take from the peer queue: opted in and calibrated (curators: opted in)."""
    opted = set(ReviewerRound.objects.filter(user=user).values_list("round_kind", flat=True))
    if is_curator(user):
        return opted
    calibrated = set(ReviewerCalibration.objects.filter(user=user).values_list("round_kind", flat=True))
    return opted & calibrated


def active_claim(*, reviewer: User, now: datetime | None = None) -> Review | None:
    now = now or timezone.now()
    return (
        Review.objects.filter(
            reviewer=reviewer, kind__in=CLAIMED_KINDS, status=ReviewStatus.DRAFT, due_at__gte=now
        )
        .order_by("claimed_at")
        .first()
    )


def _taken(session_id: int) -> int:
    """Reviews that use up one of a round's K places: submitted and counting, or claimed and in time."""
    return Review.objects.filter(session_id=session_id, kind__in=COUNTED_KINDS, discounted=False).count()


def review_start(
    *,
    session: InterviewSession,
    reviewer: User,
    kind: str,
    rubric_version: RubricVersion,
    now: datetime,
    due_at: datetime | None = None,
) -> Review:
    """Create the draft review. Coding rounds start with correctness pre-filled from the grader."""
    review = Review(
        session=session,
        reviewer=reviewer,
        kind=kind,
        rubric_version=rubric_version,
        claimed_at=now,
        due_at=due_at,
    )
    if session.round_kind == RoundKind.CODING:
        grader_key = next((c["key"] for c in rubric_version.criteria if c.get("from_grader")), None)
        item = session.items.select_related("question_version").order_by("position").first()
        fraction = grader_score_for_item(item) if item is not None else None
        if grader_key and fraction is not None:
            review.grader_score = fraction
            review.grader_level = maths.grader_level(fraction)
            review.scores = {grader_key: review.grader_level}
    review.save()
    return review


@transaction.atomic
def queue_claim_next(*, reviewer: User, now: datetime | None = None) -> Review | None:
    """Hand the reviewer the highest-priority round they may review, or their unfinished claim.

    Returns None when nothing is waiting for them. Two reviewers claiming at once cannot both take a
    round's last place: the queue item's row is locked while its places are counted.
    """
    now = now or timezone.now()
    queue_maintain(now=now)
    existing = active_claim(reviewer=reviewer, now=now)
    if existing is not None:
        return existing
    kinds = reviewable_kinds(reviewer)
    if not kinds:
        raise ApplicationError(
            "Opt in to a round and pass its calibration before taking reviews from the queue.", status=403
        )
    places = Count(
        "session__reviews",
        filter=Q(session__reviews__kind__in=COUNTED_KINDS, session__reviews__discounted=False),
    )
    candidate_ids = list(
        QueueItem.objects.filter(
            status__in=[QueueStatus.WAITING, QueueStatus.ESCALATED], round_kind__in=kinds
        )
        .exclude(candidate=reviewer)
        .exclude(Exists(Review.objects.filter(session_id=OuterRef("session_id"), reviewer=reviewer)))
        .annotate(taken=places)
        .filter(taken__lt=F("reviews_needed"))
        .order_by("priority_at", "pk")
        .values_list("pk", flat=True)[:25]
    )
    for item_id in candidate_ids:
        item = (
            QueueItem.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("session", "rubric_version")
            .filter(pk=item_id)
            .first()
        )
        if item is None or not item.is_open or _taken(item.session_id) >= item.reviews_needed:
            continue  # another reviewer is claiming it right now, or took the last place
        try:
            with transaction.atomic():
                return review_start(
                    session=item.session,
                    reviewer=reviewer,
                    kind=ReviewKind.PEER,
                    rubric_version=item.rubric_version,
                    now=now,
                    due_at=now + timedelta(minutes=settings.REVIEW_CLAIM_MINUTES),
                )
        except IntegrityError:
            continue
    return None


@transaction.atomic
def queue_claim_escalated(*, curator: User, queue_item_id: int, now: datetime | None = None) -> Review:
    """A curator takes an escalated round; their review completes it whatever K is."""
    now = now or timezone.now()
    require_curator(curator, "Only curators can take rounds from the curators' queue.")
    item = (
        QueueItem.objects.select_for_update(of=("self",))
        .select_related("session", "rubric_version")
        .filter(pk=queue_item_id)
        .first()
    )
    if item is None or item.status != QueueStatus.ESCALATED:
        raise ApplicationError("That round is no longer waiting for a curator.", status=409)
    if item.candidate_id == curator.pk:
        raise ApplicationError("You cannot review your own round.", status=403)
    mine = Review.objects.filter(session=item.session, reviewer=curator).first()
    if mine is not None:
        if mine.is_submitted:
            raise ApplicationError("You have already reviewed this round.", status=409)
        return mine
    if Review.objects.filter(
        session=item.session, kind=ReviewKind.CURATOR, status=ReviewStatus.DRAFT, due_at__gte=now
    ).exists():
        raise ApplicationError("Another curator is reviewing this round.", status=409)
    return review_start(
        session=item.session,
        reviewer=curator,
        kind=ReviewKind.CURATOR,
        rubric_version=item.rubric_version,
        now=now,
        due_at=now + timedelta(minutes=settings.REVIEW_CLAIM_MINUTES),
    )


@transaction.atomic
def review_start_live(*, session: InterviewSession, reviewer: User, now: datetime | None = None) -> Review:
    """The booked reviewer of a round opens (or reopens) their review of it, during or after the round."""
    now = now or timezone.now()
    if session.mode != SessionMode.BOOKED or session.reviewer_id != reviewer.pk:
        raise ApplicationError("Only the reviewer booked for this round can score it.", status=404)
    if session.status not in (SessionStatus.IN_PROGRESS, *FINISHED):
        raise ApplicationError("This round has not started yet.", status=409)
    existing = Review.objects.filter(session=session, reviewer=reviewer).first()
    if existing is not None:
        return existing
    return review_start(
        session=session,
        reviewer=reviewer,
        kind=ReviewKind.LIVE,
        rubric_version=rubric_version_required(session),
        now=now,
    )


def review_release(*, review: Review) -> None:
    """The reviewer gives a claim back before its time is up."""
    if review.kind not in CLAIMED_KINDS or review.is_submitted:
        raise ApplicationError("Only an unfinished review from a queue can be given back.", status=409)
    review.delete()


# --- Filling in a review --------------------------------------------------------------------------


@dataclass
class ReviewInput:
    """What the review form sends; every part may be missing while it is a draft."""

    scores: dict[str, int | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    red_flags: list[str] = field(default_factory=list)
    recommendation: int | None = None
    summary: str = ""
    override_reason: str = ""


def _check_editable(review: Review, now: datetime) -> None:
    if review.is_submitted:
        raise ApplicationError("This review has been submitted and can no longer change.", status=409)
    if review.due_at is not None and now > review.due_at:
        raise ApplicationError(
            "Your time for this review ran out and the round went back to the queue; "
            "claim another one from the queue.",
            status=409,
        )


def review_save(*, review: Review, data: ReviewInput, now: datetime | None = None) -> Review:
    """Autosave a draft. Unknown criteria or levels outside 1-4 are refused; gaps are fine."""
    now = now or timezone.now()
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(of=("self",)).select_related("rubric_version").get(pk=review.pk)
        )
        _check_editable(review, now)
        keys = [c["key"] for c in review.rubric_version.criteria]
        unknown = (set(data.scores) | set(data.comments)) - set(keys)
        if unknown:
            raise ApplicationError(f"Unknown criterion: {', '.join(sorted(unknown))}.", status=400)
        for key, value in data.scores.items():
            if value is not None and value not in maths.LEVELS:
                raise ApplicationError("Each score is a level from 1 to 4.", status=400, field=f"score_{key}")
        if data.recommendation is not None and data.recommendation not in Recommendation.values:
            raise ApplicationError(
                "Choose one of the four recommendations.", status=400, field="recommendation"
            )
        texts = [*data.comments.values(), data.summary, data.override_reason]
        if any(len(text) > COMMENT_MAX_CHARS for text in texts):
            raise ApplicationError(f"Keep each comment under {COMMENT_MAX_CHARS:,} characters.", status=413)
        flags = list(RedFlag.objects.filter(key__in=data.red_flags))
        if len(flags) != len(set(data.red_flags)):
            raise ApplicationError("Unknown red flag.", status=400, field="red_flags")
        review.scores = {k: v for k, v in data.scores.items() if v is not None}
        review.comments = {k: v.strip() for k, v in data.comments.items() if v.strip()}
        review.recommendation = data.recommendation
        review.summary = data.summary.strip()
        review.override_reason = data.override_reason.strip()
        review.save(
            update_fields=["scores", "comments", "recommendation", "summary", "override_reason", "updated_at"]
        )
        review.red_flags.set(flags)
    return review


def review_problems(review: Review) -> dict[str, str]:
    """What still stops this review from being submitted, keyed by form field."""
    problems: dict[str, str] = {}
    for criterion in review.rubric_version.criteria:
        key = criterion["key"]
        score = review.scores.get(key)
        if score is None:
            problems[f"score_{key}"] = f"Choose a level for {criterion['title']}."
        elif (
            criterion.get("from_grader")
            and review.grader_level is not None
            and score != review.grader_level
            and not review.override_reason
        ):
            problems["override_reason"] = (
                f"You changed {criterion['title']} from the grader's level {review.grader_level} to {score}: "
                "say why."
            )
    if review.recommendation is None:
        problems["recommendation"] = "Choose a recommendation."
    return problems


def review_submit(*, review: Review, data: ReviewInput | None = None, now: datetime | None = None) -> Review:
    """Save what was sent, then submit if complete; raises ReviewIncomplete listing what is missing.

    The save is committed even when the submit is refused, so nothing typed is lost.
    """
    now = now or timezone.now()
    if data is not None:
        review = review_save(review=review, data=data, now=now)
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(of=("self",)).select_related("rubric_version").get(pk=review.pk)
        )
        _check_editable(review, now)
        problems = review_problems(review)
        if problems:
            raise ReviewIncomplete(problems)
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = now
        review.save(update_fields=["status", "submitted_at", "updated_at"])
        if review.kind in COUNTED_KINDS:
            queue_item_refresh(session_id=review.session_id, now=now)
        if review.kind in CLAIMED_KINDS:
            _priority_refresh(candidate=review.reviewer, now=now)
        if review.kind == ReviewKind.CALIBRATION:
            from .calibration import calibration_record

            calibration_record(review=review, now=now)
    return review


def queue_item_refresh(*, session_id: int, now: datetime) -> None:
    """Complete a round once it has K counting reviews (or one by a curator); reopen it if it lost one."""
    item = QueueItem.objects.select_for_update().filter(session_id=session_id).first()
    counted = Review.objects.filter(
        session_id=session_id, status=ReviewStatus.SUBMITTED, kind__in=COUNTED_KINDS, discounted=False
    )
    done = counted.filter(kind__in=[ReviewKind.CURATOR, ReviewKind.GOLD]).exists()
    if item is not None:
        done = done or counted.count() >= item.reviews_needed
        if done and item.status != QueueStatus.COMPLETE:
            item.status, item.completed_at = QueueStatus.COMPLETE, now
            item.save(update_fields=["status", "completed_at"])
        elif not done and item.status == QueueStatus.COMPLETE:
            item.status = QueueStatus.ESCALATED if item.escalated_at else QueueStatus.WAITING
            item.completed_at = None
            item.save(update_fields=["status", "completed_at"])
    elif counted.exists():
        done = True  # a round outside the queue (a gold one) is reviewed once a review counts
    session = InterviewSession.objects.get(pk=session_id)
    if done:
        session_mark_reviewed(session=session)
    elif session.status == SessionStatus.REVIEWED:
        # An upheld flag took away a review it needed: it is waiting for reviews again.
        InterviewSession.objects.filter(pk=session_id, status=SessionStatus.REVIEWED).update(
            status=SessionStatus.SUBMITTED
        )


def _priority_refresh(*, candidate: User, now: datetime) -> None:
    """Give to get: move the candidate's waiting rounds earlier by their current credit."""
    boost = _boost(give_credit(user=candidate, now=now))
    QueueItem.objects.filter(
        candidate=candidate, status__in=[QueueStatus.WAITING, QueueStatus.ESCALATED]
    ).update(priority_at=F("enqueued_at") - boost)
