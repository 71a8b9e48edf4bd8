"""Open slots: reviewers' calendars, slot search, slot keys, and the locks that rule out double booking.

How double booking is ruled out (docs/architecture.md, "Booking and live sessions"):
1. Every service that places or moves a session first locks the profile rows of everyone involved, in
   user-id order so that two bookings never deadlock (`lock_people`). Two candidates racing for one
   reviewer, or one candidate racing for two reviewers, are therefore serialised.
2. Under the lock the slot is checked again against the database (`Calendar`): windows, notice,
   buffers, daily limit, and overlaps with every session of both people in either role.
3. Behind that, the database refuses a second live session at the same start for one person (unique
   constraints) and, on PostgreSQL, any overlap at all (an exclusion constraint, migration 0003).

The services that book live in `bookings.py` (one round and changes), `loops.py` and `swaps.py`;
reviewers publish the windows read here through `availability.py`.
"""

from __future__ import annotations

import re
import zoneinfo
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from config.errors import ApplicationError
from questionbank.models import RoundConfig

from .models import InterviewSession, OneOffSlot, Profile, ReviewerRound, SessionStatus, WeeklyWindow
from .services import profile_of

MAX_ID = 2_147_483_647  # the largest primary key
SLOT_TAKEN = "That slot is no longer open (someone may have just booked it). Choose another one."
OPEN_SLOTS_ONLY = "Choose one of the open slots (the slot lists show them)."


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def round_duration(*, round_kind: str, profile: Profile, config: RoundConfig | None = None) -> timedelta:
    """The round's length for this candidate: the curator's duration times their accommodation factor."""
    config = config or RoundConfig.for_kind(round_kind)
    return timedelta(seconds=profile.round_seconds(config.duration_minutes))


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: datetime
    reviewer_id: int
    ends_at: datetime
    candidate_id: int = 0  # set on planned sessions only (loops), so they count as the candidate's time

    def key(self) -> str:
        """What a booking form posts back: `<reviewer id>|<start as ISO 8601 UTC>`."""
        return f"{self.reviewer_id}|{self.starts_at.astimezone(UTC).isoformat()}"


# `<reviewer id>|<start, ISO 8601 with its offset>`: the form a key must have (the API's schema declares it).
SLOT_KEY_PATTERN = r"^[0-9]{1,18}\|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})$"


def parse_slot_key(value: str) -> tuple[int, datetime]:
    """Read a slot key. A key of the wrong form is malformed (400); one of the right form that names no
    moment (February 30th, 25 o'clock) names no open slot either, like any key of a slot gone (409)."""
    if not re.fullmatch(SLOT_KEY_PATTERN, value):
        raise ApplicationError("Choose one of the open slots.", field="slot")
    reviewer, start = value.split("|", 1)
    try:
        return int(reviewer), datetime.fromisoformat(start)
    except ValueError as exc:
        raise ApplicationError(OPEN_SLOTS_ONLY, field="slot", status=409) from exc


def check_bookable(*, reviewer_id: int, starts_at: datetime, now: datetime) -> None:
    """A start that no open slot can have (before yesterday, past the booking horizon, or a reviewer id no
    account can have) is refused before anything is locked: a conflict with the calendar as it is now."""
    horizon = timedelta(days=settings.BOOKING_HORIZON_DAYS + 1)
    if not 0 < reviewer_id <= MAX_ID or not now - timedelta(days=1) <= starts_at <= now + horizon:
        raise ApplicationError(OPEN_SLOTS_ONLY, field="slot", status=409)


class Calendar:
    """Everything needed to find open slots in [start, end), loaded in a fixed number of queries.

    Slot search then runs in memory, so a loop can try many placements without touching the database.
    `exclude_session_id` leaves one session out of the busy time (the one being rescheduled).
    """

    def __init__(
        self,
        *,
        candidate: User,
        round_kinds: Iterable[str],
        now: datetime,
        start: datetime,
        end: datetime,
        reviewer_ids: Iterable[int] | None = None,
        exclude_session_id: int | None = None,
    ) -> None:
        self.candidate_id = candidate.pk
        self.now = now
        self.start = max(start, now)
        self.end = end
        qualified = ReviewerRound.objects.filter(round_kind__in=list(round_kinds)).exclude(user=candidate)
        if reviewer_ids is not None:
            qualified = qualified.filter(user_id__in=list(reviewer_ids))
        self.kinds_of: dict[int, set[str]] = defaultdict(set)
        for user_id, kind in qualified.values_list("user_id", "round_kind"):
            self.kinds_of[user_id].add(kind)
        ids = list(self.kinds_of)
        self.profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=ids).select_related("user")}
        # A day of margin either side: buffers and "sessions that day" reach past the searched range.
        margin = timedelta(days=1)
        lo, hi = self.start - margin, self.end + margin
        weekly: dict[int, list[WeeklyWindow]] = defaultdict(list)
        for window in WeeklyWindow.objects.filter(reviewer_id__in=ids):
            weekly[window.reviewer_id].append(window)
        one_offs: dict[int, list[OneOffSlot]] = defaultdict(list)
        for slot in OneOffSlot.objects.filter(reviewer_id__in=ids, ends_at__gt=lo, starts_at__lt=hi):
            one_offs[slot.reviewer_id].append(slot)
        self.windows = {
            rid: self._windows(weekly[rid], one_offs[rid], zone(profile.time_zone), lo, hi)
            for rid, profile in self.profiles.items()
        }
        # Busy time of everyone involved, in either role, and who reviews what when (daily limits).
        self.busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        self.reviewing: dict[int, list[datetime]] = defaultdict(list)
        people = [*ids, self.candidate_id]
        sessions = (
            InterviewSession.objects.filter(Q(reviewer_id__in=people) | Q(candidate_id__in=people))
            .filter(starts_at__lt=hi, ends_at__gt=lo)
            .exclude(status=SessionStatus.CANCELLED)
        )
        if exclude_session_id is not None:
            sessions = sessions.exclude(pk=exclude_session_id)
        for reviewer_id, candidate_id, starts_at, ends_at in sessions.values_list(
            "reviewer_id", "candidate_id", "starts_at", "ends_at"
        ):
            if starts_at is None or ends_at is None:
                continue  # not booked; the range filter leaves these out already
            for person in {reviewer_id, candidate_id}:
                self.busy[person].append((starts_at, ends_at))
            self.reviewing[reviewer_id].append(starts_at)

    @staticmethod
    def _windows(
        weekly: list[WeeklyWindow],
        one_offs: list[OneOffSlot],
        tz: zoneinfo.ZoneInfo,
        lo: datetime,
        hi: datetime,
    ) -> list[tuple[datetime, datetime]]:
        """Availability as UTC intervals. Weekly windows are wall-clock times in the reviewer's zone, so
        they stay at 9:00 local across a daylight-saving change."""
        windows = [(s.starts_at, s.ends_at) for s in one_offs]
        day = lo.astimezone(tz).date()
        last = hi.astimezone(tz).date()
        while day <= last:
            for w in weekly:
                if w.weekday == day.weekday():
                    windows.append((wall_clock(day, w.start_time, tz), wall_clock(day, w.end_time, tz)))
            day += timedelta(days=1)
        return sorted(windows)

    def reviewers_for(self, round_kind: str) -> list[int]:
        return sorted(
            rid for rid, kinds in self.kinds_of.items() if round_kind in kinds and rid in self.profiles
        )

    def slots(
        self,
        *,
        round_kind: str,
        duration: timedelta,
        planned: Sequence[Slot] = (),
        candidate_gap: timedelta = timedelta(0),
        start: datetime | None = None,
        end: datetime | None = None,
        reviewer_id: int | None = None,
    ) -> list[Slot]:
        """Open slots for `round_kind`, sorted by start, each starting in [start, end).

        `planned` are sessions not yet in the database (a loop being placed): they count as busy time
        for their reviewer and the candidate. `candidate_gap` is the break the candidate keeps between
        their own sessions.
        """
        start = max(start or self.start, self.start)
        end = min(end or self.end, self.end)
        step = timedelta(minutes=settings.BOOKING_SLOT_STEP_MINUTES)
        candidate_busy = _sorted_busy(self.busy[self.candidate_id], planned, self.candidate_id)
        found: set[Slot] = set()
        for rid in self.reviewers_for(round_kind):
            if reviewer_id is not None and rid != reviewer_id:
                continue
            profile = self.profiles[rid]
            tz = zone(profile.time_zone)
            earliest = max(start, self.now + timedelta(minutes=profile.min_notice_minutes))
            buffer = timedelta(minutes=profile.buffer_minutes)
            busy = _sorted_busy(self.busy[rid], planned, rid)
            per_day: dict[date, int] = defaultdict(int)
            for when in [*self.reviewing[rid], *(p.starts_at for p in planned if p.reviewer_id == rid)]:
                per_day[when.astimezone(tz).date()] += 1
            for win_start, win_end in self.windows[rid]:
                if win_end <= earliest or win_start >= end:
                    continue
                t = win_start
                while t + duration <= win_end and t < end:
                    t_end = t + duration
                    if (
                        t >= earliest
                        and per_day[t.astimezone(tz).date()] < profile.daily_limit
                        and _free(busy, t, t_end, buffer)
                        and _free(candidate_busy, t, t_end, candidate_gap)
                    ):
                        found.add(Slot(t, rid, t_end))
                    t += step
        return sorted(found)

    @classmethod
    def around(
        cls,
        *,
        candidate: User,
        round_kind: str,
        slot: Slot,
        now: datetime,
        exclude_session_id: int | None = None,
    ) -> Calendar:
        """What is needed to check one slot of one reviewer (a day before it, for buffers and limits)."""
        return cls(
            candidate=candidate,
            round_kinds=[round_kind],
            now=now,
            start=slot.starts_at - timedelta(days=1),
            end=slot.ends_at,
            reviewer_ids=[slot.reviewer_id],
            exclude_session_id=exclude_session_id,
        )

    def check_open(self, *, round_kind: str, slot: Slot, candidate_gap: timedelta = timedelta(0)) -> None:
        """Refuse (409) a slot that is not open any more: someone may have just booked it."""
        if not self.is_open(round_kind=round_kind, slot=slot, candidate_gap=candidate_gap):
            raise ApplicationError(SLOT_TAKEN, status=409)

    def is_open(self, *, round_kind: str, slot: Slot, candidate_gap: timedelta = timedelta(0)) -> bool:
        return slot in self.slots(
            round_kind=round_kind,
            duration=slot.ends_at - slot.starts_at,
            start=slot.starts_at,
            end=slot.starts_at + timedelta(seconds=1),
            reviewer_id=slot.reviewer_id,
            candidate_gap=candidate_gap,
        )


def wall_clock(day: date, at: time, tz: zoneinfo.ZoneInfo) -> datetime:
    """A wall-clock time of a day in a zone, as UTC."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _sorted_busy(
    busy: list[tuple[datetime, datetime]], planned: Sequence[Slot], person: int
) -> list[tuple[datetime, datetime]]:
    extra = [(p.starts_at, p.ends_at) for p in planned if person in (p.reviewer_id, p.candidate_id)]
    return sorted(busy + extra)


def _free(busy: list[tuple[datetime, datetime]], start: datetime, end: datetime, gap: timedelta) -> bool:
    """True when [start - gap, end + gap) overlaps none of the (sorted) busy intervals."""
    index = bisect_left(busy, (end + gap,))
    # Scan back from the last interval starting before our end; no session lasts a day, so one that
    # started more than a day before us cannot reach us, nor can any before it.
    for b_start, b_end in reversed(busy[:index]):
        if b_end + gap > start:
            return False
        if b_start + timedelta(days=1) < start - gap:
            break
    return True


def lock_people(user_ids: Iterable[int]) -> None:
    """Lock everyone's profile row, in id order. Call inside a transaction, before checking a slot."""
    ids = sorted(set(user_ids))
    for user_id in ids:
        Profile.objects.get_or_create(user_id=user_id)
    list(Profile.objects.select_for_update().filter(user_id__in=ids).order_by("user_id").values_list("pk"))


def open_slots(
    *,
    candidate: User,
    round_kind: str,
    now: datetime | None = None,
    days: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Slot]:
    """Open slots of every reviewer qualified for `round_kind`, for the next `days` days, or starting
    in [start, end) (clipped to the booking horizon)."""
    now = now or timezone.now()
    horizon = now + timedelta(days=days or settings.BOOKING_HORIZON_DAYS)
    lo = max(start or now, now)
    hi = min(end or horizon, horizon)
    if hi <= lo:
        return []
    calendar = Calendar(candidate=candidate, round_kinds=[round_kind], now=now, start=lo, end=hi)
    duration = round_duration(round_kind=round_kind, profile=profile_of(candidate))
    return calendar.slots(round_kind=round_kind, duration=duration)


def reschedule_slots(*, session: InterviewSession, now: datetime | None = None) -> list[Slot]:
    """Open slots of the same reviewer for the same round and length, this session's own time freed."""
    now = now or timezone.now()
    if session.reviewer_id is None or session.status != SessionStatus.SCHEDULED:
        return []
    calendar = Calendar(
        candidate=session.candidate,
        round_kinds=[session.round_kind],
        now=now,
        start=now,
        end=now + timedelta(days=settings.BOOKING_HORIZON_DAYS),
        reviewer_ids=[session.reviewer_id],
        exclude_session_id=session.pk,
    )
    slots = calendar.slots(
        round_kind=session.round_kind, duration=timedelta(seconds=session.duration_seconds)
    )
    return [s for s in slots if s.starts_at != session.starts_at]
