"""Booking: reviewers' availability, open slots, booking a round, a loop or a peer swap, and changes.

How double booking is ruled out (docs/architecture.md, "Booking and live sessions"):
1. Every service that places or moves a session first locks the profile rows of everyone involved, in
   user-id order so that two bookings never deadlock (`_lock_people`). Two candidates racing for one
   reviewer, or one candidate racing for two reviewers, are therefore serialised.
2. Under the lock the slot is checked again against the database (`Calendar`): windows, notice,
   buffers, daily limit, and overlaps with every session of both people in either role.
3. Behind that, the database refuses a second live session at the same start for one person (unique
   constraints) and, on PostgreSQL, any overlap at all (an exclusion constraint, migration 0003).
"""

from __future__ import annotations

import zoneinfo
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from config.errors import ApplicationError
from questionbank.models import RoundConfig, RoundKind

from .models import (
    InterviewSession,
    Loop,
    OneOffSlot,
    Profile,
    ReviewerRound,
    SessionMode,
    SessionQuestion,
    SessionStatus,
    WeeklyWindow,
)
from .services import _pick_questions, profile_of

SLOT_TAKEN = "That slot is no longer open (someone may have just booked it). Choose another one."


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def round_duration(*, round_kind: str, profile: Profile, config: RoundConfig | None = None) -> timedelta:
    """The round's length for this candidate: the curator's duration times their accommodation factor."""
    config = config or RoundConfig.for_kind(round_kind)
    return timedelta(seconds=int(config.duration_minutes * 60 * float(profile.accommodation_factor)))


def change_cutoff() -> timedelta:
    return timedelta(hours=settings.BOOKING_CHANGE_CUTOFF_HOURS)


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: datetime
    reviewer_id: int
    ends_at: datetime
    candidate_id: int = 0  # set on planned sessions only (loops), so they count as the candidate's time

    def key(self) -> str:
        """What a booking form posts back: `<reviewer id>|<start as ISO 8601 UTC>`."""
        return f"{self.reviewer_id}|{self.starts_at.astimezone(UTC).isoformat()}"


def parse_slot_key(value: str) -> tuple[int, datetime]:
    try:
        reviewer, start = value.split("|", 1)
        starts_at = datetime.fromisoformat(start)
        if starts_at.tzinfo is None:
            raise ValueError(start)
        return int(reviewer), starts_at
    except ValueError as exc:
        raise ApplicationError("Choose one of the open slots.", field="slot") from exc


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
    ):
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
                    windows.append((_local(day, w.start_time, tz), _local(day, w.end_time, tz)))
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

    def is_open(self, *, round_kind: str, slot: Slot, **kwargs: object) -> bool:
        return slot in self.slots(
            round_kind=round_kind,
            duration=slot.ends_at - slot.starts_at,
            start=slot.starts_at,
            end=slot.starts_at + timedelta(seconds=1),
            reviewer_id=slot.reviewer_id,
            **kwargs,  # type: ignore[arg-type]
        )


def _local(day: date, at: time, tz: zoneinfo.ZoneInfo) -> datetime:
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


def _lock_people(user_ids: Iterable[int]) -> None:
    """Lock everyone's profile row, in id order. Call inside a transaction, before checking a slot."""
    ids = sorted(set(user_ids))
    for user_id in ids:
        Profile.objects.get_or_create(user_id=user_id)
    list(Profile.objects.select_for_update().filter(user_id__in=ids).order_by("user_id").values_list("pk"))


def _brief(round_kind: str, text: str, *, required: bool = True) -> str:
    text = text.strip()
    if round_kind != RoundKind.PROJECT_DEEP_DIVE:
        return ""
    if required and not text:
        raise ApplicationError(
            "The project deep dive needs a one-page brief of a past project, so the reviewer can prepare.",
            field="project_brief",
        )
    if len(text) > settings.PROJECT_BRIEF_MAX_CHARS:
        raise ApplicationError(
            f"Keep the brief to one page: {settings.PROJECT_BRIEF_MAX_CHARS:,} characters at most "
            f"(this one has {len(text):,}).",
            field="project_brief",
        )
    return text


def _create_booked_session(
    *,
    candidate: User,
    reviewer_id: int,
    round_kind: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    loop: Loop | None = None,
    project_brief: str = "",
    video_url: str = "",
) -> InterviewSession:
    """Insert the session and its questions. The caller holds the locks and has checked the slot."""
    profile = profile_of(candidate)
    config = RoundConfig.for_kind(round_kind)
    questions = _pick_questions(
        candidate=candidate, round_kind=round_kind, count=config.question_count, profile=profile
    )
    if not questions:
        raise ApplicationError(
            f"There are no published questions for the {RoundKind(round_kind).label} round yet; "
            "try another round."
        )
    try:
        with transaction.atomic():  # a savepoint, so a constraint violation becomes a clean refusal
            session = InterviewSession.objects.create(
                candidate=candidate,
                reviewer_id=reviewer_id,
                round_kind=round_kind,
                mode=SessionMode.BOOKED,
                status=SessionStatus.SCHEDULED,
                duration_seconds=int((ends_at - starts_at).total_seconds()),
                starts_at=starts_at,
                ends_at=ends_at,
                loop=loop,
                project_brief=project_brief,
                video_url=video_url,
                changed_at=now,
            )
    except IntegrityError as exc:
        raise ApplicationError(SLOT_TAKEN, status=409) from exc
    # The first question is on the candidate's screen from the start; the reviewer reveals the rest.
    SessionQuestion.objects.bulk_create(
        SessionQuestion(
            session=session,
            question_version=version,
            position=index,
            revealed_at=now if index == 1 else None,
        )
        for index, version in enumerate(questions, start=1)
    )
    return session


def _notify(session_ids: Iterable[int], event: str, actor: User | None = None) -> None:
    """Email both sides: an outbox row in this transaction, sent after commit (a rolled-back booking
    sends nothing; a broker that is down delays the email to the beat job's next run)."""
    from .notifications import booking_email_queue

    booking_email_queue(session_ids=list(session_ids), event=event, actor=actor)


def _place(
    *,
    candidate: User,
    reviewer_id: int,
    round_kind: str,
    starts_at: datetime,
    now: datetime,
    loop: Loop | None = None,
    project_brief: str = "",
    candidate_gap: timedelta = timedelta(0),
) -> InterviewSession:
    """Check one slot against the database and book it. Call while holding both people's locks."""
    duration = round_duration(round_kind=round_kind, profile=profile_of(candidate))
    slot = Slot(starts_at, reviewer_id, starts_at + duration)
    calendar = Calendar(
        candidate=candidate,
        round_kinds=[round_kind],
        now=now,
        start=starts_at - timedelta(days=1),
        end=slot.ends_at,
        reviewer_ids=[reviewer_id],
    )
    if not calendar.is_open(round_kind=round_kind, slot=slot, candidate_gap=candidate_gap):
        raise ApplicationError(SLOT_TAKEN, status=409)
    reviewer = calendar.profiles[reviewer_id]
    return _create_booked_session(
        candidate=candidate,
        reviewer_id=reviewer_id,
        round_kind=round_kind,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        now=now,
        loop=loop,
        project_brief=project_brief,
        video_url=reviewer.meeting_url,
    )


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


@transaction.atomic
def booking_create(
    *,
    candidate: User,
    reviewer_id: int,
    round_kind: str,
    starts_at: datetime,
    project_brief: str = "",
    now: datetime | None = None,
) -> InterviewSession:
    """Book one round with a reviewer at an open slot. Refused (409) when the slot has gone."""
    now = now or timezone.now()
    if round_kind not in RoundKind.values:
        raise ApplicationError("Choose one of the six round kinds.", field="round_kind")
    if reviewer_id == candidate.pk:
        raise ApplicationError("You cannot book yourself.", field="slot")
    brief = _brief(round_kind, project_brief)
    _lock_people([candidate.pk, reviewer_id])
    session = _place(
        candidate=candidate,
        reviewer_id=reviewer_id,
        round_kind=round_kind,
        starts_at=starts_at,
        now=now,
        project_brief=brief,
    )
    _notify([session.pk], "booked", candidate)
    return session


# --- Loops ----------------------------------------------------------------------------------------


PLACEMENTS = {None: "as soon as possible", True: "all on one day", False: "one round a day"}
# The search tries the earliest few open times of each round per day, and gives up after this many
# partial plans; on real calendars the first few branches succeed, this bounds the hopeless cases.
_BRANCHES_PER_NODE = 12
_SEARCH_BUDGET = 400


@dataclass
class LoopPlan:
    placed: list[tuple[str, Slot]]
    problem: str = ""  # why no plan exists, in words for the candidate


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
    gap = timedelta(minutes=settings.LOOP_GAP_MINUTES)
    budget = [_SEARCH_BUDGET]

    def options(
        kind: str, planned: list[Slot], lo: datetime, hi: datetime, used_days: set[date]
    ) -> list[Slot]:
        found = calendar.slots(
            round_kind=kind, duration=durations[kind], planned=planned, candidate_gap=gap, start=lo, end=hi
        )
        firsts: dict[tuple[date, int], Slot] = {}
        for slot in found:  # sorted by start: keep each reviewer's earliest time of each day
            day = slot.starts_at.astimezone(tz).date()
            if day not in used_days:
                firsts.setdefault((day, slot.reviewer_id), slot)
        return sorted(firsts.values())

    def search(
        remaining: list[str], planned: list[Slot], placed: list[tuple[str, Slot]], lo: datetime, hi: datetime
    ) -> list[tuple[str, Slot]] | None:
        if not remaining:
            return placed
        budget[0] -= 1
        if budget[0] < 0:
            return None
        used = {slot.starts_at.astimezone(tz).date() for _, slot in placed} if one_day is False else set()
        branches: list[tuple[Slot, str]] = []
        for kind in remaining:
            found = options(kind, planned, lo, hi, used)
            if not found:
                return None  # this round fits nowhere any more: back up
            branches.extend((slot, kind) for slot in found)
        for slot, kind in sorted(branches)[:_BRANCHES_PER_NODE]:
            mine = Slot(slot.starts_at, slot.reviewer_id, slot.ends_at, candidate.pk)
            result = search(
                [k for k in remaining if k != kind], [*planned, mine], [*placed, (kind, slot)], lo, hi
            )
            if result is not None:
                return result
        return None

    kinds = list(round_kinds)
    placed: list[tuple[str, Slot]] | None = None
    if one_day:
        day = start.astimezone(tz).date()
        while placed is None and datetime.combine(day, time(0), tzinfo=tz) < end and budget[0] > 0:
            day_start = datetime.combine(day, time(0), tzinfo=tz)
            placed = search(kinds, [], [], day_start, day_start + timedelta(days=1))
            day += timedelta(days=1)
    else:
        placed = search(kinds, [], [], start, end)
    if placed:
        return LoopPlan(sorted(placed, key=lambda pair: pair[1]))
    return LoopPlan([], _no_plan_problem(calendar, kinds, durations, one_day))


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
    """Book a whole loop (all six rounds or a subset) into open slots, all or nothing."""
    now = now or timezone.now()
    kinds = [kind for kind in RoundKind.values if kind in set(round_kinds)]  # loop order, no repeats
    if not kinds or len(kinds) != len(set(round_kinds)):
        raise ApplicationError("Choose at least one of the six round kinds.", field="round_kinds")
    brief = _brief(RoundKind.PROJECT_DEEP_DIVE, project_brief) if RoundKind.PROJECT_DEEP_DIVE in kinds else ""
    plan = loop_plan(candidate=candidate, round_kinds=kinds, one_day=one_day, from_day=from_day, now=now)
    if not plan.placed:
        raise ApplicationError(plan.problem, field="round_kinds")
    _lock_people([candidate.pk, *(slot.reviewer_id for _, slot in plan.placed)])
    loop = Loop.objects.create(candidate=candidate, round_kinds=kinds, one_day=one_day)
    gap = timedelta(minutes=settings.LOOP_GAP_MINUTES)
    sessions = [
        _place(
            candidate=candidate,
            reviewer_id=slot.reviewer_id,
            round_kind=kind,
            starts_at=slot.starts_at,
            now=now,
            loop=loop,
            project_brief=brief if kind == RoundKind.PROJECT_DEEP_DIVE else "",
            candidate_gap=gap,
        )
        for kind, slot in plan.placed
    ]
    _notify([s.pk for s in sessions], "booked", candidate)
    return loop


# --- Peer swap ------------------------------------------------------------------------------------


def swap_slots(
    *, user: User, my_kind: str, their_kind: str, now: datetime | None = None
) -> list[tuple[Slot, Slot]]:
    """Back-to-back pairs: `user` is interviewed in `my_kind` by a partner, then interviews the partner
    in `their_kind`. Partners are reviewers of `my_kind` whom `user` can review in `their_kind`; the
    whole block must lie in the partner's availability."""
    now = now or timezone.now()
    if not ReviewerRound.objects.filter(user=user, round_kind=their_kind).exists():
        return []
    end = now + timedelta(days=settings.BOOKING_HORIZON_DAYS)
    calendar = Calendar(candidate=user, round_kinds=[my_kind], now=now, start=now, end=end)
    my_duration = round_duration(round_kind=my_kind, profile=profile_of(user))
    their_config = RoundConfig.for_kind(their_kind)  # once, not once per partner
    pairs = []
    for partner_id in calendar.reviewers_for(my_kind):
        partner = calendar.profiles[partner_id]
        their_duration = round_duration(round_kind=their_kind, profile=partner, config=their_config)
        for block in calendar.slots(
            round_kind=my_kind, duration=my_duration + their_duration, reviewer_id=partner_id
        ):
            middle = block.starts_at + my_duration
            pairs.append((Slot(block.starts_at, partner_id, middle), Slot(middle, partner_id, block.ends_at)))
    return sorted(pairs)


@transaction.atomic
def peer_swap_book(
    *,
    user: User,
    partner_id: int,
    my_kind: str,
    their_kind: str,
    starts_at: datetime,
    project_brief: str = "",
    now: datetime | None = None,
) -> tuple[InterviewSession, InterviewSession]:
    """Book two back-to-back sessions: the partner interviews `user`, then `user` interviews the partner."""
    now = now or timezone.now()
    if {my_kind, their_kind} - set(RoundKind.values):
        raise ApplicationError("Choose one of the six round kinds.", field="round_kind")
    if partner_id == user.pk:
        raise ApplicationError("Choose someone else to swap with.", field="slot")
    if not ReviewerRound.objects.filter(user=user, round_kind=their_kind).exists():
        raise ApplicationError(
            f"To swap you must review {RoundKind(their_kind).label} rounds yourself: opt in on your profile.",
            field="their_kind",
        )
    brief = _brief(my_kind, project_brief)
    _lock_people([user.pk, partner_id])
    partner = User.objects.get(pk=partner_id)
    mine = round_duration(round_kind=my_kind, profile=profile_of(user))
    theirs = round_duration(round_kind=their_kind, profile=profile_of(partner))
    block = Slot(starts_at, partner_id, starts_at + mine + theirs)
    calendar = Calendar(
        candidate=user,
        round_kinds=[my_kind],
        now=now,
        start=starts_at - timedelta(days=1),
        end=block.ends_at,
        reviewer_ids=[partner_id],
    )
    if not calendar.is_open(round_kind=my_kind, slot=block):
        raise ApplicationError(SLOT_TAKEN, status=409)
    video = calendar.profiles[partner_id].meeting_url or profile_of(user).meeting_url
    first = _create_booked_session(
        candidate=user,
        reviewer_id=partner_id,
        round_kind=my_kind,
        starts_at=starts_at,
        ends_at=starts_at + mine,
        now=now,
        project_brief=brief,
        video_url=video,
    )
    # The partner's brief (deep dive) is added by the partner on the booking page before the start.
    second = _create_booked_session(
        candidate=partner,
        reviewer_id=user.pk,
        round_kind=their_kind,
        starts_at=first.ends_at,  # type: ignore[arg-type]
        ends_at=block.ends_at,
        now=now,
        video_url=video,
    )
    first.swap_partner = second
    first.save(update_fields=["swap_partner"])
    second.swap_partner = first
    second.save(update_fields=["swap_partner"])
    _notify([first.pk, second.pk], "booked", user)
    return first, second


# --- Changes --------------------------------------------------------------------------------------


def _check_participant(session: InterviewSession, user: User) -> None:
    if user.pk not in (session.candidate_id, session.reviewer_id) or not session.is_booked:
        raise ApplicationError("This session is not yours.", status=404)


def free_cancel_window() -> timedelta:
    return timedelta(minutes=settings.BOOKING_FREE_CANCEL_MINUTES)


def can_move(session: InterviewSession, now: datetime) -> bool:
    """A scheduled session can be moved up to the cut-off before its start."""
    if session.status != SessionStatus.SCHEDULED or session.starts_at is None:
        return False
    return now <= session.starts_at - change_cutoff()


def can_cancel(session: InterviewSession, now: datetime) -> bool:
    """Up to the cut-off, or within the free-cancel window after booking whatever the cut-off (a
    misclick or a slot booked too close to the start), as long as the session has not started."""
    if can_move(session, now):
        return True
    if session.status != SessionStatus.SCHEDULED or session.starts_at is None:
        return False
    return now < session.starts_at and now <= session.booked_at + free_cancel_window()


def _check_changeable(session: InterviewSession, now: datetime, verb: str) -> None:
    if session.status != SessionStatus.SCHEDULED:
        raise ApplicationError(f"Only a scheduled session can be {verb}.", status=409)
    allowed = can_cancel(session, now) if verb == "cancelled" else can_move(session, now)
    if not allowed:
        free = (
            f" (or within {settings.BOOKING_FREE_CANCEL_MINUTES} minutes of booking)"
            if verb == "cancelled"
            else ""
        )
        raise ApplicationError(
            f"Sessions can be {verb} up to {settings.BOOKING_CHANGE_CUTOFF_HOURS} hours before the start"
            f"{free}; it is too late for this one. If you cannot make it, tell the other side, who can "
            "mark a no-show.",
            status=409,
        )


CANCEL_REASON_MAX_CHARS = 1000


def _reason(text: str) -> str:
    text = text.strip()
    if len(text) > CANCEL_REASON_MAX_CHARS:
        raise ApplicationError(
            f"Keep the reason to {CANCEL_REASON_MAX_CHARS:,} characters (this one has {len(text):,}).",
            field="reason",
        )
    return text


@transaction.atomic
def booking_cancel(
    *, session: InterviewSession, by: User, reason: str = "", now: datetime | None = None
) -> int:
    """Cancel a scheduled session (and the other half of a peer swap) before the cut-off, or within the
    free-cancel window after booking. `reason` is optional and shown to the other side.

    Returns how many sessions were cancelled; both sides are emailed a cancellation invite.
    """
    now = now or timezone.now()
    _check_participant(session, by)
    reason = _reason(reason)
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    _check_changeable(session, now, "cancelled")
    ids = [session.pk] + ([session.swap_partner_id] if session.swap_partner_id else [])
    return _cancel(ids, by=by, reason=reason, now=now)


def _cancel(ids: Iterable[int], *, by: User, reason: str, now: datetime) -> int:
    cancelled = list(
        InterviewSession.objects.filter(pk__in=list(ids), status=SessionStatus.SCHEDULED).values_list(
            "pk", flat=True
        )
    )
    InterviewSession.objects.filter(pk__in=cancelled).update(
        status=SessionStatus.CANCELLED,
        cancelled_at=now,
        cancelled_by=by,
        cancel_reason=reason,
        ics_sequence=F("ics_sequence") + 1,
    )
    _notify(cancelled, "cancelled", by)
    return len(cancelled)


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
    reason = _reason(reason)
    sessions = _loop_scheduled(loop, by)
    for session in sessions:
        _check_changeable(session, now, "cancelled")
    return _cancel([s.pk for s in sessions], by=by, reason=reason, now=now)


@transaction.atomic
def loop_move(
    *, loop: Loop, by: User, from_day: date, one_day: bool | None = None, now: datetime | None = None
) -> Loop:
    """Move a loop's scheduled rounds to a new placement from `from_day`, all or nothing: the old
    sessions are cancelled and new ones booked in one transaction (nothing changes if no plan exists).
    Rounds already held stay as they are."""
    now = now or timezone.now()
    sessions = _loop_scheduled(loop, by)
    for session in sessions:
        _check_changeable(session, now, "moved")
    kinds = [kind for kind in RoundKind.values if kind in {s.round_kind for s in sessions}]
    briefs = {s.round_kind: s.project_brief for s in sessions}
    _lock_people([by.pk, *(s.reviewer_id for s in sessions if s.reviewer_id)])
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
        raise ApplicationError(plan.problem, field="from_day")
    _lock_people([s.reviewer_id for _, s in plan.placed])
    gap = timedelta(minutes=settings.LOOP_GAP_MINUTES)
    new = [
        _place(
            candidate=by,
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
    loop.one_day = one_day
    loop.save(update_fields=["one_day"])
    _notify([s.pk for s in sessions], "cancelled", by)
    _notify([s.pk for s in new], "booked", by)
    return loop


def reschedule_slots(*, session: InterviewSession, now: datetime | None = None) -> list[Slot]:
    """Open slots of the same reviewer for the same round and length, this session's own time freed."""
    now = now or timezone.now()
    assert session.reviewer is not None
    calendar = Calendar(
        candidate=session.candidate,
        round_kinds=[session.round_kind],
        now=now,
        start=now,
        end=now + timedelta(days=settings.BOOKING_HORIZON_DAYS),
        reviewer_ids=[session.reviewer_id],  # type: ignore[list-item]
        exclude_session_id=session.pk,
    )
    slots = calendar.slots(
        round_kind=session.round_kind, duration=timedelta(seconds=session.duration_seconds)
    )
    return [s for s in slots if s.starts_at != session.starts_at]


@transaction.atomic
def booking_reschedule(
    *, session: InterviewSession, by: User, starts_at: datetime, now: datetime | None = None
) -> InterviewSession:
    """Move a scheduled session to another open slot of the same reviewer, before the cut-off."""
    now = now or timezone.now()
    _check_participant(session, by)
    if session.swap_partner_id:
        raise ApplicationError(
            "A peer swap is two sessions back to back: cancel it and book a new swap instead.", status=409
        )
    _lock_people([session.candidate_id, session.reviewer_id])  # type: ignore[list-item]
    session = InterviewSession.objects.get(pk=session.pk)
    _check_changeable(session, now, "moved")
    duration = timedelta(seconds=session.duration_seconds)
    slot = Slot(starts_at, session.reviewer_id, starts_at + duration)  # type: ignore[arg-type]
    calendar = Calendar(
        candidate=session.candidate,
        round_kinds=[session.round_kind],
        now=now,
        start=starts_at - timedelta(days=1),
        end=slot.ends_at,
        reviewer_ids=[session.reviewer_id],  # type: ignore[list-item]
        exclude_session_id=session.pk,
    )
    if starts_at == session.starts_at or not calendar.is_open(round_kind=session.round_kind, slot=slot):
        raise ApplicationError(SLOT_TAKEN, status=409)
    session.starts_at, session.ends_at = slot.starts_at, slot.ends_at
    session.ics_sequence += 1
    session.changed_at = now
    session.reminder_24h_sent_at = session.reminder_1h_sent_at = None
    try:
        with transaction.atomic():
            session.save(
                update_fields=[
                    "starts_at",
                    "ends_at",
                    "ics_sequence",
                    "changed_at",
                    "reminder_24h_sent_at",
                    "reminder_1h_sent_at",
                ]
            )
    except IntegrityError as exc:
        raise ApplicationError(SLOT_TAKEN, status=409) from exc
    _notify([session.pk], "changed", by)
    return session


@transaction.atomic
def session_video_url_set(
    *, session: InterviewSession, by: User, url: str, now: datetime | None = None
) -> InterviewSession:
    """Set the session's meeting link; a change of the event, so both sides get an updated invite."""
    _check_participant(session, by)
    if session.status not in (SessionStatus.SCHEDULED, SessionStatus.IN_PROGRESS):
        raise ApplicationError("This session is over; its link can no longer change.", status=409)
    if url == session.video_url:
        return session
    session.video_url = url
    session.ics_sequence += 1
    session.save(update_fields=["video_url", "ics_sequence"])
    _notify([session.pk], "changed", by)
    return session


@transaction.atomic
def session_brief_set(*, session: InterviewSession, by: User, text: str) -> InterviewSession:
    """The candidate's one-page project brief for a deep dive, editable until the session starts."""
    if by.pk != session.candidate_id or session.round_kind != RoundKind.PROJECT_DEEP_DIVE:
        raise ApplicationError("Only the candidate of a project deep dive writes its brief.", status=403)
    if session.status != SessionStatus.SCHEDULED:
        raise ApplicationError("The session has started; the brief can no longer change.", status=409)
    session.project_brief = _brief(session.round_kind, text)
    session.save(update_fields=["project_brief"])
    return session


@transaction.atomic
def session_no_show_mark(*, session: InterviewSession, by: User, now: datetime | None = None) -> None:
    """Either side marks the other absent, once the session's start has passed."""
    now = now or timezone.now()
    _check_participant(session, by)
    if session.status == SessionStatus.CANCELLED:
        raise ApplicationError("This session was cancelled.", status=409)
    assert session.starts_at is not None
    if now < session.starts_at:
        raise ApplicationError("A no-show can only be marked after the start time.", status=409)
    if by.pk == session.candidate_id:
        session.reviewer_absent = True
        session.save(update_fields=["reviewer_absent"])
    else:
        session.candidate_absent = True
        session.save(update_fields=["candidate_absent"])


# --- Availability ---------------------------------------------------------------------------------


def _check_reviews(user: User) -> None:
    if not ReviewerRound.objects.filter(user=user).exists():
        raise ApplicationError(
            "Opt in to review at least one round on your profile before publishing availability.", status=403
        )


@transaction.atomic
def weekly_window_add(*, reviewer: User, weekday: int, start_time: time, end_time: time) -> WeeklyWindow:
    """A recurring window in the reviewer's own zone. Overlapping windows of one day are refused."""
    _check_reviews(reviewer)
    if end_time <= start_time:
        raise ApplicationError("The window must end after it starts.", field="end_time")
    clash = WeeklyWindow.objects.filter(
        reviewer=reviewer, weekday=weekday, start_time__lt=end_time, end_time__gt=start_time
    ).first()
    if clash:
        raise ApplicationError(f"This overlaps your window {clash}; change or remove that one first.")
    return WeeklyWindow.objects.create(
        reviewer=reviewer, weekday=weekday, start_time=start_time, end_time=end_time
    )


@transaction.atomic
def one_off_slot_add(
    *, reviewer: User, day: date, start_time: time, end_time: time, now: datetime | None = None
) -> OneOffSlot:
    """A one-off stretch of availability, given as wall-clock times in the reviewer's zone."""
    now = now or timezone.now()
    _check_reviews(reviewer)
    tz = zone(profile_of(reviewer).time_zone)
    starts_at, ends_at = _local(day, start_time, tz), _local(day, end_time, tz)
    if ends_at <= starts_at:
        raise ApplicationError("The slot must end after it starts.", field="end_time")
    if ends_at <= now:
        raise ApplicationError("That time has already passed.", field="day")
    if starts_at > now + timedelta(days=365):
        raise ApplicationError("Publish slots up to a year ahead.", field="day")
    return OneOffSlot.objects.create(reviewer=reviewer, starts_at=starts_at, ends_at=ends_at)


@transaction.atomic
def booking_rules_set(
    *, reviewer: User, min_notice_minutes: int, buffer_minutes: int, daily_limit: int, meeting_url: str
) -> Profile:
    """A reviewer's booking rules (the availability page and the API); they apply to bookings made after."""
    if not 0 <= min_notice_minutes <= 60 * 24 * 14:
        raise ApplicationError("Minimum notice is between 0 minutes and 14 days.", field="min_notice_minutes")
    if not 0 <= buffer_minutes <= 240:
        raise ApplicationError("The buffer is between 0 and 240 minutes.", field="buffer_minutes")
    if not 1 <= daily_limit <= 24:
        raise ApplicationError("The daily limit is between 1 and 24 sessions.", field="daily_limit")
    profile = profile_of(reviewer)
    profile.min_notice_minutes, profile.buffer_minutes = min_notice_minutes, buffer_minutes
    profile.daily_limit, profile.meeting_url = daily_limit, meeting_url
    profile.save(update_fields=["min_notice_minutes", "buffer_minutes", "daily_limit", "meeting_url"])
    return profile


def availability_remove(*, window: WeeklyWindow | OneOffSlot) -> None:
    """Remove availability. Sessions already booked in it stay booked (cancel them one by one)."""
    window.delete()
