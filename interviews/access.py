"""Object access, one function per kind: outsiders get a 404, never a hint that the object exists."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import InterviewSession, Loop, OneOffSlot, SessionMode, SessionQuestion, WeeklyWindow


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


def get_session_for_reviewer(user: User, session_id: int) -> InterviewSession:
    """A booked session the user reviews. Candidates (even of this session) and outsiders get a 404."""
    return get_object_or_404(
        InterviewSession.objects.select_related("candidate", "reviewer"),
        pk=session_id,
        reviewer=user,
        mode=SessionMode.BOOKED,
    )


def get_item_for_reviewer(
    user: User, session_id: int, item_id: int
) -> tuple[InterviewSession, SessionQuestion]:
    """A question of a booked session the user reviews (a 404 for anyone else, or another session's)."""
    session = get_session_for_reviewer(user, session_id)
    item = get_object_or_404(
        SessionQuestion.objects.select_related("question_version"), pk=item_id, session=session
    )
    return session, item


def get_booking_for_participant(user: User, session_id: int) -> InterviewSession:
    """A booked session the user takes part in, as candidate or reviewer."""
    return get_object_or_404(
        InterviewSession.objects.select_related("candidate", "reviewer", "loop"),
        Q(candidate=user) | Q(reviewer=user),
        pk=session_id,
        mode=SessionMode.BOOKED,
    )


def get_loop_for_candidate(user: User, loop_id: int) -> Loop:
    return get_object_or_404(Loop, pk=loop_id, candidate=user)


def get_weekly_window_for_reviewer(user: User, window_id: int) -> WeeklyWindow:
    return get_object_or_404(WeeklyWindow, pk=window_id, reviewer=user)


def get_one_off_slot_for_reviewer(user: User, slot_id: int) -> OneOffSlot:
    return get_object_or_404(OneOffSlot, pk=slot_id, reviewer=user)
