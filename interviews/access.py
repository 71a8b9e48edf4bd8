"""Object access, one function per kind: outsiders get a 404, never a hint that the object exists."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404

from .models import InterviewSession, SessionQuestion


def get_session_for_candidate(user: User, session_id: int) -> InterviewSession:
    """The candidate's own session. Reviewer access to booked sessions has its own function."""
    return get_object_or_404(InterviewSession, pk=session_id, candidate=user)


def get_item_for_candidate(
    user: User, session_id: int, item_id: int
) -> tuple[InterviewSession, SessionQuestion]:
    session = get_session_for_candidate(user, session_id)
    item = get_object_or_404(
        SessionQuestion.objects.select_related("question_version"), pk=item_id, session=session
    )
    return session, item
