"""Object access for scoring, one function per kind, used by pages and API alike.

An object that exists but is not the user's is a 404, the same answer as one that does not exist, never a
hint it exists; a missing role is a 403 (`questionbank.roles.require_curator` / `require_reviewer`).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404

from interviews.models import InterviewSession
from questionbank.roles import is_curator, require_curator

from .models import COUNTED_KINDS, QueueItem, RejudgeBatch, Review, ReviewFlag, ReviewStatus, Submission
from .selectors import FINISHED


def get_submission_for_user(user: User, submission_id: int) -> Submission:
    """The candidate's own submission; curators may open any. Everyone else gets a 404."""
    submission = get_object_or_404(Submission.objects.select_related("item__session"), pk=submission_id)
    if submission.user_id != user.pk and not is_curator(user):
        raise Http404("No such submission")
    return submission


def get_review_for_reviewer(user: User, review_id: int) -> Review:
    """A review the user is writing or wrote. Nobody else's, whatever their role."""
    return get_object_or_404(
        Review.objects.select_related("rubric_version", "session"), pk=review_id, reviewer=user
    )


def get_review_for_candidate(user: User, review_id: int) -> Review:
    """A submitted review of one of the user's own rounds (feedback kinds only, never calibration)."""
    return get_object_or_404(
        Review.objects.select_related("rubric_version", "session"),
        pk=review_id,
        session__candidate=user,
        status=ReviewStatus.SUBMITTED,
        kind__in=COUNTED_KINDS,
    )


def get_finished_session_for_candidate(user: User, session_id: int) -> InterviewSession:
    return get_object_or_404(InterviewSession, pk=session_id, candidate=user, status__in=FINISHED)


def get_finished_session_for_curator(user: User, session_id: int) -> InterviewSession:
    require_curator(user)
    return get_object_or_404(InterviewSession, pk=session_id, status__in=FINISHED)


def get_flag_for_curator(user: User, flag_id: int) -> ReviewFlag:
    require_curator(user)
    return get_object_or_404(ReviewFlag.objects.select_related("review"), pk=flag_id)


def get_queue_item_for_curator(user: User, queue_item_id: int) -> QueueItem:
    require_curator(user)
    return get_object_or_404(QueueItem, pk=queue_item_id)


def get_rejudge_batch_for_curator(user: User, batch_id: int) -> RejudgeBatch:
    require_curator(user, "Only curators can rejudge.")
    return get_object_or_404(RejudgeBatch.objects.select_related("question_version__question"), pk=batch_id)
