"""Reads with several relations, kept in one place so their query counts stay constant."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from questionbank.models import DESIGN_SECTIONS, RoundKind

from .models import Answer, InterviewSession, Loop, SessionMode, SessionQuestion


def session_list_for_candidate(*, user: User) -> QuerySet[InterviewSession]:
    return (
        InterviewSession.objects.filter(candidate=user)
        .annotate(question_total=Count("items", distinct=True))
        .order_by("-created_at")
    )


def answers_prefetch(session: InterviewSession) -> InterviewSession:
    """Load a fetched session's questions (pinned versions, topics) and answers in a fixed number of queries."""
    items = SessionQuestion.objects.select_related("question_version").prefetch_related(
        "question_version__topics", Prefetch("answers", queryset=Answer.objects.order_by("section"))
    )
    prefetch_related_objects([session], Prefetch("items", queryset=items))
    return session


def session_with_answers(*, session_id: int) -> InterviewSession:
    """A session with its questions and answers, fetched by id."""
    return answers_prefetch(InterviewSession.objects.get(pk=session_id))


# --- Booking and live sessions --------------------------------------------------------------------


def bookings_for_user(*, user: User) -> QuerySet[InterviewSession]:
    """Booked sessions the user takes part in, as candidate or reviewer, soonest first."""
    return (
        InterviewSession.objects.filter(Q(candidate=user) | Q(reviewer=user), mode=SessionMode.BOOKED)
        .select_related("candidate", "reviewer", "loop")
        .order_by("starts_at", "pk")
    )


def loop_list_for_candidate(*, user: User) -> QuerySet[Loop]:
    sessions = InterviewSession.objects.select_related("reviewer").order_by("starts_at")
    return Loop.objects.filter(candidate=user).prefetch_related(Prefetch("sessions", queryset=sessions))


def no_show_counts(*, user_ids: Iterable[int]) -> dict[int, int]:
    """How many sessions each user missed: as a candidate, or as the reviewer, marked by the other side."""
    ids = list(user_ids)
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    as_candidate = (
        InterviewSession.objects.filter(candidate_id__in=ids, candidate_absent=True)
        .values("candidate_id")
        .annotate(n=Count("id"))
        .values_list("candidate_id", "n")
    )
    as_reviewer = (
        InterviewSession.objects.filter(reviewer_id__in=ids, reviewer_absent=True)
        .values("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )
    for user_id, n in [*as_candidate, *as_reviewer]:
        counts[user_id] += n
    return counts


def live_session_for_reviewer(*, session_id: int) -> InterviewSession:
    """A booked session with people, questions (pinned versions), answers and the scratchpad."""
    items = SessionQuestion.objects.select_related("question_version").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("section"))
    )
    return (
        InterviewSession.objects.select_related("candidate", "reviewer", "scratchpad")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(pk=session_id)
    )


def answer_parts(session: InterviewSession, item: SessionQuestion) -> list[dict[str, Any]]:
    """What the candidate writes for one question (answers prefetched): one part, or one per design section
    with its suggested time budget and the time spent on it so far."""
    answers = {a.section: a for a in item.answers.all()}
    if session.round_kind != RoundKind.ML_SYSTEM_DESIGN:
        return [{"key": "", "title": "", "budget": None, "answer": answers.get("")}]
    minutes = session.duration_seconds / 60
    parts = []
    for key, title, share in DESIGN_SECTIONS:
        spent = answers[key].seconds_spent if key in answers else 0
        parts.append(
            {
                "key": key,
                "title": title,
                "budget": max(1, round(minutes * share)),
                "answer": answers.get(key),
                "used": spent // 60,
                "seconds_spent": spent,
            }
        )
    return parts
