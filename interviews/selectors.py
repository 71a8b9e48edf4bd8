"""Reads with several relations, kept in one place so their query counts stay constant."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from questionbank.design_sections import DESIGN_SECTIONS
from questionbank.models import RoundKind

from .access import get_loop_for_candidate
from .models import (
    Answer,
    InterviewSession,
    Loop,
    OneOffSlot,
    Profile,
    ReviewerRound,
    SessionMode,
    SessionQuestion,
    WeeklyWindow,
)
from .services import profile_of
from .slots import Slot


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


def review_kinds(*, user: User) -> list[str]:
    """The round kinds the user reviews, in a fixed order (the profile page and API, the swap page)."""
    return sorted(ReviewerRound.objects.filter(user=user).values_list("round_kind", flat=True))


def loop_for_candidate(*, user: User, loop_id: int) -> Loop:
    """One of the candidate's loops with its sessions (404 for anyone else's)."""
    loop = get_loop_for_candidate(user, loop_id)
    return loop_list_for_candidate(user=user).select_related("candidate").get(pk=loop.pk)


@dataclass(frozen=True)
class Availability:
    profile: Profile
    review_rounds: list[ReviewerRound]
    weekly: list[WeeklyWindow]
    one_offs: list[OneOffSlot]  # upcoming ones


def availability_for_reviewer(*, user: User, now: datetime | None = None) -> Availability:
    """What a reviewer has published: weekly windows (their own zone), upcoming one-off slots, rules."""
    now = now or timezone.now()
    return Availability(
        profile=profile_of(user),
        review_rounds=list(ReviewerRound.objects.filter(user=user).order_by("round_kind")),
        weekly=list(WeeklyWindow.objects.filter(reviewer=user)),
        one_offs=list(OneOffSlot.objects.filter(reviewer=user, ends_at__gt=now)),
    )


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    reviewer: str
    reviewer_no_shows: int


def slot_rows(*, slots: Sequence[Slot], with_reviewers: bool = True) -> list[SlotRow]:
    """Open slots with their reviewer's name and no-show count, in a fixed number of queries (none
    without reviewers: a reschedule lists one's own reviewer's times)."""
    ids = {slot.reviewer_id for slot in slots}
    names: dict[int, str] = {}
    no_shows: dict[int, int] = {}
    if with_reviewers:
        names = dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))
        no_shows = no_show_counts(user_ids=ids)
    return [
        SlotRow(slot, names.get(slot.reviewer_id, ""), no_shows.get(slot.reviewer_id, 0)) for slot in slots
    ]


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


def design_section_budgets(session: InterviewSession) -> list[tuple[str, str, int]]:
    """A system design round's sections with their suggested minutes (none for other rounds)."""
    if session.round_kind != RoundKind.ML_SYSTEM_DESIGN:
        return []
    minutes = session.duration_seconds / 60
    return [(key, title, max(1, round(minutes * share))) for key, title, share in DESIGN_SECTIONS]


def answer_parts(session: InterviewSession, item: SessionQuestion) -> list[dict[str, Any]]:
    """What the candidate writes for one question (answers prefetched): one part, or one per design section
    with its suggested time budget and the time spent on it so far."""
    answers = {a.section: a for a in item.answers.all()}
    if session.round_kind != RoundKind.ML_SYSTEM_DESIGN:
        return [{"key": "", "title": "", "budget": None, "answer": answers.get("")}]
    parts = []
    for key, title, budget in design_section_budgets(session):
        spent = answers[key].seconds_spent if key in answers else 0
        parts.append(
            {
                "key": key,
                "title": title,
                "budget": budget,
                "answer": answers.get(key),
                "used": spent // 60,
                "seconds_spent": spent,
            }
        )
    return parts
