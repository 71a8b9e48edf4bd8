"""Reads that a page and an API view both show, assembled once: a round's results, the readiness profile
and the reviewer's queue. Views and serializers only shape them (labels, URLs, percentages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User

from interviews.models import InterviewSession, ReviewerRound

from . import profile, selectors, services
from .machine_feedback import machine_round_scores
from .models import QueueItem, Review, ReviewStatus

LIST_LIMIT = 100


def reviewer_labels(reviews: Sequence[Review]) -> dict[int, str]:
    """Reviewers are anonymous: "Reviewer A", "Reviewer B", ... in the order of `reviews` (for a candidate,
    the order their reviews arrived)."""
    return {review.pk: f"Reviewer {chr(65 + i)}" for i, review in enumerate(reviews)}


@dataclass
class SessionResults:
    """A finished round as its candidate sees it: the aggregate once reviewed, and the reviews."""

    session: InterviewSession
    result: profile.RoundResult | None
    reviews: list[Review]
    labels: dict[int, str]
    queue_item: QueueItem | None

    @property
    def waiting_for_reviews(self) -> bool:
        return self.queue_item is not None and self.queue_item.is_open


def session_results(*, user: User, session: InterviewSession) -> SessionResults:
    sessions = profile.finished_sessions_with_results(user=user, session_id=session.pk)
    reviews = selectors.reviews_for_candidate_session(session=session)
    return SessionResults(
        session=session,
        result=profile.round_result(sessions[0]) if sessions else None,
        reviews=reviews,
        labels=reviewer_labels(reviews),
        queue_item=QueueItem.objects.filter(session=session).first(),
    )


@dataclass
class Readiness:
    """The six-axis readiness profile: 0-1 per round kind (None: no reviewed round), trends, weak topics.
    `provisional` kinds rest on the automatic read of written rounds only (pages mark them)."""

    results: list[profile.RoundResult]
    values: dict[str, float | None]
    provisional: set[str]
    round_trends: list[profile.Trend]
    topic_trends: list[profile.Trend]
    weakest: list[profile.Trend]


def readiness_for(*, user: User, with_machine_reads: bool) -> Readiness:
    """`with_machine_reads`: rounds not yet reviewed count through the automatic read (the pages); the API
    reports reviewed rounds only."""
    results = profile.results_for(profile.finished_sessions_with_results(user=user))
    machine = (
        machine_round_scores(user=user, reviewed={r.session.pk for r in results})
        if with_machine_reads
        else None
    )
    return Readiness(
        results=results,
        values=profile.readiness(results, machine),
        provisional=profile.provisional_kinds(results, machine),
        round_trends=profile.trends_by_round(results),
        topic_trends=profile.trends_by_topic(results),
        weakest=profile.weakest_topics(results),
    )


@dataclass
class ReviewQueue:
    """What a reviewer sees of their work: round kinds opted in and reviewable (keys, sorted), their drafts
    and submitted reviews (newest first), and booked rounds still to score."""

    opted_in: list[str]
    reviewable: list[str]
    drafts: list[Review]
    submitted: list[Review]
    booked_to_score: list[InterviewSession]
    reviews_per_submission: int


def review_queue_for(*, user: User) -> ReviewQueue:
    reviews = list(selectors.reviews_given_by(user=user)[:LIST_LIMIT])
    return ReviewQueue(
        opted_in=sorted(ReviewerRound.objects.filter(user=user).values_list("round_kind", flat=True)),
        reviewable=sorted(services.reviewable_kinds(user)),
        drafts=[r for r in reviews if r.status == ReviewStatus.DRAFT],
        submitted=[r for r in reviews if r.status == ReviewStatus.SUBMITTED],
        booked_to_score=list(selectors.booked_rounds_to_score(user=user)[:LIST_LIMIT]),
        reviews_per_submission=settings.REVIEWS_PER_SUBMISSION,
    )
