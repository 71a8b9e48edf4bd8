"""Loops: a candidate books several rounds at once (all six or a subset), placed by a backtracking search,
all or nothing; the whole loop can be cancelled or moved in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.errors import ApplicationError
from questionbank.models import RoundKind

from .bookings import brief_clean, check_changeable, notify, place, reason_clean, sessions_cancel
from .models import InterviewSession, Loop, SessionStatus
from .services import profile_of
from .slots import Calendar, Slot, lock_people, round_duration, zone

PLACEMENTS = {None: "as soon as possible", True: "all on one day", False: "one round a day"}
# The search tries the earliest few open times of each round per day, and gives up after this many
# partial plans; on real calendars the first few branches succeed, this bounds the hopeless cases.
_BRANCHES_PER_NODE = 12
_SEARCH_BUDGET = 400


@dataclass
class LoopPlan:
    placed: list[tuple[str, Slot]]
    problem: str = ""  # why no plan exists, in words for the candidate


class _Search:
    """Backtracking over open slots for the rounds still to place (in memory, on one `Calendar`)."""

    def __init__(
        self,
        *,
        calendar: Calendar,
        candidate: User,
        durations: dict[str, timedelta],
        tz: tzinfo,
        one_day: bool | None,
    ) -> None:
        self.calendar, self.candidate_id, self.durations = calendar, candidate.pk, durations
        self.tz, self.one_day = tz, one_day
        self.gap = timedelta(minutes=settings.LOOP_GAP_MINUTES)
        self.budget = _SEARCH_BUDGET
        self.lo, self.hi = calendar.start, calendar.end  # where rounds may start (one day at a time: one_day)

    def options(self, kind: str, planned: list[Slot], used: set[date]) -> list[Slot]:
        """Each reviewer's earliest open time of each day for `kind` (days in `used` left out)."""
        found = self.calendar.slots(
            round_kind=kind,
            duration=self.durations[kind],
            planned=planned,
            candidate_gap=self.gap,
            start=self.lo,
            end=self.hi,
        )
        firsts: dict[tuple[date, int], Slot] = {}
        for slot in found:  # sorted by start
            day = slot.starts_at.astimezone(self.tz).date()
            if day not in used:
                firsts.setdefault((day, slot.reviewer_id), slot)
        return sorted(firsts.values())

    def branches(
        self, remaining: list[str], planned: list[Slot], placed: list[tuple[str, Slot]]
    ) -> list[tuple[Slot, str]] | None:
        """The next placements to try, earliest first; None when some round fits nowhere any more."""
        used = (
            {slot.starts_at.astimezone(self.tz).date() for _, slot in placed}
            if self.one_day is False
            else set()
        )
        branches: list[tuple[Slot, str]] = []
        for kind in remaining:
            found = self.options(kind, planned, used)
            if not found:
                return None
            branches.extend((slot, kind) for slot in found)
        return sorted(branches)[:_BRANCHES_PER_NODE]

    def search(
        self, remaining: list[str], planned: list[Slot], placed: list[tuple[str, Slot]]
    ) -> list[tuple[str, Slot]] | None:
        """Place the remaining rounds, starting in [self.lo, self.hi), or None within the budget."""
        if not remaining:
            return placed
        self.budget -= 1
        branches = self.branches(remaining, planned, placed) if self.budget >= 0 else None
        for slot, kind in branches or []:
            mine = Slot(slot.starts_at, slot.reviewer_id, slot.ends_at, self.candidate_id)
            rest = [k for k in remaining if k != kind]
            result = self.search(rest, [*planned, mine], [*placed, (kind, slot)])
            if result is not None:
                return result
        return None

    def one_day_search(
        self, kinds: list[str], start: datetime, end: datetime
    ) -> list[tuple[str, Slot]] | None:
        """All rounds on the first day, in the candidate's zone, where every one of them fits."""
        day = start.astimezone(self.tz).date()
        while datetime.combine(day, time(0), tzinfo=self.tz) < end and self.budget > 0:
            day_start = datetime.combine(day, time(0), tzinfo=self.tz)
            self.lo, self.hi = day_start, day_start + timedelta(days=1)
            placed = self.search(kinds, [], [])
            if placed is not None:
                return placed
            day += timedelta(days=1)
        return None


def loop_plan(
    *,
    candidate: User,
    round_kinds: Sequence[str],
    one_day: bool | None,
    from_day: date,
    now: datetime,
) -> LoopPlan:
    """Place the rounds into open slots without writing anything, searching with backtracking.

    `one_day` None: as soon as possible, across days and slots (several rounds a day when they fit).
    True: all on the first day (in the candidate's zone) where every round fits. False: at most one
    round a day. Rounds are separated by the loop gap and respect every reviewer's rules. When no plan
    exists within the booking horizon, `placed` is empty and `problem` says why.
    """
    profile = profile_of(candidate)
    tz = zone(profile.time_zone)
    start = max(now, datetime.combine(from_day, time(0), tzinfo=tz))
    end = now + timedelta(days=settings.BOOKING_HORIZON_DAYS)
    calendar = Calendar(candidate=candidate, round_kinds=round_kinds, now=now, start=start, end=end)
    durations = {kind: round_duration(round_kind=kind, profile=profile) for kind in round_kinds}
    search = _Search(calendar=calendar, candidate=candidate, durations=durations, tz=tz, one_day=one_day)
    kinds = list(round_kinds)
    placed = search.one_day_search(kinds, start, end) if one_day else search.search(kinds, [], [])
    if placed:
        return LoopPlan(sorted(placed, key=lambda pair: pair[1]))
    return LoopPlan([], _no_plan_problem(calendar, kinds, durations, one_day))


def loop_first_day(from_day: date, now: datetime) -> date:
    """The loop's earliest day: a day already past means today; one past the booking horizon is refused
    (a conflict with the calendar as it is today, 409)."""
    today = timezone.localdate(now)
    if from_day > today + timedelta(days=settings.BOOKING_HORIZON_DAYS):
        raise ApplicationError(
            f"Slots are open {settings.BOOKING_HORIZON_DAYS} days ahead at most.",
            field="from_day",
            status=409,
        )
    return max(from_day, today)


def _place_plan(
    *, candidate: User, plan: LoopPlan, loop: Loop, now: datetime, briefs: dict[str, str]
) -> list[InterviewSession]:
    """Book every placed round of the plan into the loop (the caller holds everyone's locks)."""
    gap = timedelta(minutes=settings.LOOP_GAP_MINUTES)
    return [
        place(
            candidate=candidate,
            reviewer_id=slot.reviewer_id,
            round_kind=kind,
            starts_at=slot.starts_at,
            now=now,
            loop=loop,
            project_brief=briefs.get(kind, ""),
            candidate_gap=gap,
        )
        for kind, slot in plan.placed
    ]


def _no_plan_problem(
    calendar: Calendar, kinds: Sequence[str], durations: dict[str, timedelta], one_day: bool | None
) -> str:
    days = settings.BOOKING_HORIZON_DAYS
    empty = [RoundKind(k).label for k in kinds if not calendar.slots(round_kind=k, duration=durations[k])]
    if empty:
        return (
            f"No reviewer has an open slot for {', '.join(empty)} in the next {days} days, so no loop with "
            f"{'this round' if len(empty) == 1 else 'these rounds'} can be placed. Leave "
            f"{'it' if len(empty) == 1 else 'them'} out, or try again later."
        )
    return (
        f"Every round has open slots, but they cannot all be placed {PLACEMENTS[one_day]} in the next "
        f"{days} days without overlapping (you keep a {settings.LOOP_GAP_MINUTES}-minute break between "
        "rounds, and reviewers have daily limits). Try fewer rounds, another start day"
        + (", or 'As soon as possible'." if one_day is not None else ".")
    )


@transaction.atomic
def loop_book(
    *,
    candidate: User,
    round_kinds: Sequence[str],
    one_day: bool | None = None,
    from_day: date,
    project_brief: str = "",
    now: datetime | None = None,
) -> Loop:
    """Book a whole loop (all six rounds or a subset) into open slots, all or nothing. A loop that cannot
    be placed is refused with 409 and the reason."""
    now = now or timezone.now()
    kinds = [kind for kind in RoundKind.values if kind in set(round_kinds)]  # loop order, no repeats
    if not kinds or len(kinds) != len(set(round_kinds)):
        raise ApplicationError("Choose at least one of the six round kinds.", field="round_kinds")
    deep_dive = RoundKind.PROJECT_DEEP_DIVE
    briefs = {str(deep_dive): brief_clean(deep_dive, project_brief)} if deep_dive in kinds else {}
    from_day = loop_first_day(from_day, now)
    plan = loop_plan(candidate=candidate, round_kinds=kinds, one_day=one_day, from_day=from_day, now=now)
    if not plan.placed:
        raise ApplicationError(plan.problem, field="round_kinds", status=409)
    lock_people([candidate.pk, *(slot.reviewer_id for _, slot in plan.placed)])
    loop = Loop.objects.create(candidate=candidate, round_kinds=kinds, one_day=one_day)
    sessions = _place_plan(candidate=candidate, plan=plan, loop=loop, now=now, briefs=briefs)
    notify([s.pk for s in sessions], "booked", candidate)
    return loop


def _loop_scheduled(loop: Loop, by: User) -> list[InterviewSession]:
    if loop.candidate_id != by.pk:
        raise ApplicationError("This loop is not yours.", status=404)
    sessions = list(
        InterviewSession.objects.select_for_update()
        .filter(loop=loop, status=SessionStatus.SCHEDULED)
        .order_by("starts_at")
    )
    if not sessions:
        raise ApplicationError("No round of this loop is still scheduled.", status=409)
    return sessions


@transaction.atomic
def loop_cancel(*, loop: Loop, by: User, reason: str = "", now: datetime | None = None) -> int:
    """Cancel every scheduled round of a loop in one step, all or nothing: each must be cancellable."""
    now = now or timezone.now()
    reason = reason_clean(reason)
    sessions = _loop_scheduled(loop, by)
    for session in sessions:
        check_changeable(session, now, "cancelled")
    return sessions_cancel([s.pk for s in sessions], by=by, reason=reason, now=now)


@transaction.atomic
def loop_move(
    *, loop: Loop, by: User, from_day: date, one_day: bool | None = None, now: datetime | None = None
) -> Loop:
    """Move a loop's scheduled rounds to a new placement from `from_day`, all or nothing: the old
    sessions are cancelled and new ones booked in one transaction (nothing changes if no plan exists).
    Rounds already held stay as they are."""
    now = now or timezone.now()
    from_day = loop_first_day(from_day, now)
    sessions = _loop_scheduled(loop, by)
    for session in sessions:
        check_changeable(session, now, "moved")
    kinds = [kind for kind in RoundKind.values if kind in {s.round_kind for s in sessions}]
    briefs = {s.round_kind: s.project_brief for s in sessions}
    lock_people([by.pk, *(s.reviewer_id for s in sessions if s.reviewer_id)])
    # Cancelled first, so the rounds' own times are free for the new plan; a failure rolls it back.
    InterviewSession.objects.filter(pk__in=[s.pk for s in sessions]).update(
        status=SessionStatus.CANCELLED,
        cancelled_at=now,
        cancelled_by=by,
        cancel_reason="Moved with the whole loop.",
        ics_sequence=F("ics_sequence") + 1,
    )
    plan = loop_plan(candidate=by, round_kinds=kinds, one_day=one_day, from_day=from_day, now=now)
    if not plan.placed:
        raise ApplicationError(plan.problem, field="from_day", status=409)
    lock_people([s.reviewer_id for _, s in plan.placed])
    new = _place_plan(candidate=by, plan=plan, loop=loop, now=now, briefs=briefs)
    loop.one_day = one_day
    loop.save(update_fields=["one_day"])
    notify([s.pk for s in sessions], "cancelled", by)
    notify([s.pk for s in new], "booked", by)
    return loop
