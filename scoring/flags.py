"""The candidate's side of a review: rating it helpful or not, flagging it as unfair; and the curators'
decision on a flag (an upheld flag discounts the review and sends the round back to the queue if short)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from questionbank.roles import require_curator

from .models import FlagStatus, Review, ReviewFlag, ReviewRating
from .services import queue_item_refresh

REASON_MAX_CHARS = 2000


def review_rate(*, review: Review, candidate: User, helpful: bool, reason: str = "") -> ReviewRating:
    if review.session.candidate_id != candidate.pk or not review.counts:
        raise ApplicationError("You can only rate reviews of your own rounds.", status=404)
    if len(reason) > REASON_MAX_CHARS:
        raise ApplicationError(f"Keep the reason under {REASON_MAX_CHARS:,} characters.", field="reason")
    rating, _ = ReviewRating.objects.update_or_create(
        review=review, defaults={"helpful": helpful, "reason": reason.strip()}
    )
    return rating


@transaction.atomic
def review_flag(*, review: Review, candidate: User, reason: str, now: datetime | None = None) -> ReviewFlag:
    """Report an unfair review to the curators; one open report per review."""
    now = now or timezone.now()
    if review.session.candidate_id != candidate.pk or not review.counts:
        raise ApplicationError("You can only flag reviews of your own rounds.", status=404)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say what was unfair, so a curator can check it.", field="reason")
    if len(reason) > REASON_MAX_CHARS:
        raise ApplicationError(f"Keep the reason under {REASON_MAX_CHARS:,} characters.", field="reason")
    if ReviewFlag.objects.filter(review=review, status=FlagStatus.OPEN).exists():
        raise ApplicationError("You have already flagged this review; a curator will look at it.", status=409)
    return ReviewFlag.objects.create(review=review, raised_by=candidate, reason=reason, created_at=now)


@transaction.atomic
def flag_resolve(
    *, flag: ReviewFlag, curator: User, uphold: bool, note: str = "", now: datetime | None = None
) -> ReviewFlag:
    """Uphold (the review stops counting and the round goes back to the queue if short) or dismiss."""
    now = now or timezone.now()
    require_curator(curator, "Only curators handle flagged reviews.")
    flag = ReviewFlag.objects.select_for_update(of=("self",)).select_related("review").get(pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        raise ApplicationError("This flag has already been handled.", status=409)
    if flag.review.reviewer_id == curator.pk:
        raise ApplicationError("A flag on your own review goes to another curator.", status=403)
    flag.status = FlagStatus.UPHELD if uphold else FlagStatus.DISMISSED
    flag.resolution_note = note.strip()
    flag.handled_by = curator
    flag.handled_at = now
    flag.save(update_fields=["status", "resolution_note", "handled_by", "handled_at"])
    if uphold:
        Review.objects.filter(pk=flag.review_id).update(discounted=True)
        queue_item_refresh(session_id=flag.review.session_id, now=now)
    return flag
