"""Object access for reviewing, one function per kind: outsiders get a 404, never a hint it exists."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from interviews.models import InterviewSession
from questionbank.roles import is_curator, is_reviewer

from .models import COUNTED_KINDS, Review, ReviewFlag, ReviewStatus
from .selectors import FINISHED


def require_curator(user: User) -> None:
    if not is_curator(user):
        raise PermissionDenied("Only curators can see this page.")


def require_reviewer(user: User) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("Opt in to reviewing a round on your profile first.")


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
