"""Reads of reviewing with several relations, kept here so their query counts stay constant.

Blindness lives here too (`reviews_visible_to_reviewer`): the HTML views and the API both read other
reviewers' work only through it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from interviews.models import Answer, InterviewSession, SessionMode, SessionQuestion, SessionStatus

from .models import (
    COUNTED_KINDS,
    FlagStatus,
    GoldSubmission,
    QueueItem,
    QueueStatus,
    Review,
    ReviewFlag,
    ReviewKind,
    ReviewStatus,
    Submission,
    SubmissionKind,
    SubmissionStatus,
)

FINISHED = (SessionStatus.SUBMITTED, SessionStatus.EXPIRED, SessionStatus.REVIEWED)


def grader_score_for_item(item: SessionQuestion) -> float | None:
    """The weighted share (0..1) of hidden tests passed by the candidate's last graded submission."""
    return (
        Submission.objects.filter(item=item, kind=SubmissionKind.SUBMIT, status=SubmissionStatus.DONE)
        .exclude(score__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("score", flat=True)
        .first()
    )


def latest_graded_submission(item: SessionQuestion) -> Submission | None:
    return (
        Submission.objects.filter(item=item, kind=SubmissionKind.SUBMIT, status=SubmissionStatus.DONE)
        .order_by("-created_at", "-pk")
        .first()
    )


def _full_reviews() -> QuerySet[Review]:
    return Review.objects.select_related("rubric_version").prefetch_related("red_flags")


def review_with_rubric(*, review_id: int) -> Review:
    return _full_reviews().select_related("session").get(pk=review_id)


def reviews_visible_to_reviewer(*, user: User, session: InterviewSession) -> list[Review]:
    """Other reviewers' submitted reviews of this round, and only once the user's own is submitted.

    Before that the list is empty, whatever else exists: reviews are blind. Calibration attempts of
    other reviewers are never shown; the gold scores are (they are what calibration compares with).
    """
    own_submitted = Review.objects.filter(
        session=session, reviewer=user, status=ReviewStatus.SUBMITTED
    ).exists()
    if not own_submitted:
        return []
    return list(
        _full_reviews()
        .filter(session=session, status=ReviewStatus.SUBMITTED, kind__in=COUNTED_KINDS)
        .exclude(reviewer=user)
        .order_by("submitted_at", "pk")
    )


def reviews_for_candidate_session(*, session: InterviewSession) -> list[Review]:
    """The reviews a candidate sees for their round: submitted feedback kinds, oldest first."""
    return list(
        _full_reviews()
        .select_related("rating")
        .filter(session=session, status=ReviewStatus.SUBMITTED, kind__in=COUNTED_KINDS)
        .order_by("submitted_at", "pk")
    )


def reviews_given_by(*, user: User) -> QuerySet[Review]:
    """The reviewer's claims and reviews, newest first, for the queue page."""
    return (
        Review.objects.filter(reviewer=user)
        .select_related("session")
        .order_by("status", "-claimed_at")  # drafts ("draft" < "submitted") first
    )


def feedback_for_candidate(*, user: User) -> QuerySet[Review]:
    return (
        Review.objects.filter(session__candidate=user, status=ReviewStatus.SUBMITTED, kind__in=COUNTED_KINDS)
        .select_related("session", "rating")
        .order_by("-submitted_at", "-pk")
    )


def escalated_items() -> QuerySet[QueueItem]:
    return (
        QueueItem.objects.filter(status=QueueStatus.ESCALATED)
        .select_related("session")
        .annotate(
            submitted_reviews=Count(
                "session__reviews",
                filter=Q(
                    session__reviews__status=ReviewStatus.SUBMITTED,
                    session__reviews__kind__in=COUNTED_KINDS,
                    session__reviews__discounted=False,
                ),
            )
        )
        .order_by("enqueued_at", "pk")
    )


def flags_for_curators(*, status: str = FlagStatus.OPEN) -> QuerySet[ReviewFlag]:
    return (
        ReviewFlag.objects.filter(status=status)
        .select_related("review__session", "review__reviewer", "review__rubric_version", "handled_by")
        .prefetch_related("review__red_flags")
        .order_by("created_at", "pk")
    )


def gold_submissions() -> QuerySet[GoldSubmission]:
    gold_reviews = Review.objects.filter(kind=ReviewKind.GOLD).select_related("reviewer")
    return (
        GoldSubmission.objects.select_related("session", "marked_by")
        .prefetch_related(Prefetch("session__reviews", queryset=gold_reviews, to_attr="gold_reviews"))
        .annotate(attempts=Count("session__reviews", filter=Q(session__reviews__kind=ReviewKind.CALIBRATION)))
        .order_by("round_kind", "-created_at")
    )


def gold_candidates(*, round_kind: str = "") -> QuerySet[InterviewSession]:
    """Finished self-paced rounds with something written that are not gold yet, newest first."""
    written = Answer.objects.filter(item__session=OuterRef("pk")).exclude(text="")
    sessions = (
        InterviewSession.objects.filter(mode=SessionMode.PRACTICE, status__in=FINISHED, gold__isnull=True)
        .filter(Exists(written))
        .annotate(review_total=Count("reviews", filter=Q(reviews__status=ReviewStatus.SUBMITTED)))
        .order_by("-submitted_at", "-pk")
    )
    if round_kind:
        sessions = sessions.filter(round_kind=round_kind)
    return sessions


def booked_rounds_to_score(*, user: User) -> QuerySet[InterviewSession]:
    """Booked rounds the user ran as reviewer (started or finished) with no submitted review of theirs."""
    submitted = Review.objects.filter(session=OuterRef("pk"), reviewer=user, status=ReviewStatus.SUBMITTED)
    return (
        InterviewSession.objects.filter(
            mode=SessionMode.BOOKED, reviewer=user, status__in=(SessionStatus.IN_PROGRESS, *FINISHED)
        )
        .exclude(Exists(submitted))
        .order_by("-starts_at", "-pk")
    )


def review_criteria(review: Review) -> list[dict[str, Any]]:
    """A review's scores row by row, in rubric order, with the level descriptor each score stands for."""
    rows = []
    for criterion in review.rubric_version.criteria:
        key = criterion["key"]
        score = review.scores.get(key)
        rows.append(
            {
                "key": key,
                "title": criterion["title"],
                "weight": criterion["weight"],
                "score": score,
                "descriptor": criterion["levels"].get(str(score), "") if score else "",
                "comment": review.comments.get(key, ""),
            }
        )
    return rows
