"""Peer swaps: two candidates who both review interview each other, back to back."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from questionbank.models import RoundConfig, RoundKind

from .bookings import brief_clean, create_booked_session, notify
from .models import InterviewSession, ReviewerRound
from .services import profile_of
from .slots import Calendar, Slot, check_bookable, lock_people, round_duration


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


def swap_block(pair: tuple[Slot, Slot]) -> Slot:
    """A swap shown as one block: the partner interviews you, then you interview them."""
    first, second = pair
    return Slot(first.starts_at, first.reviewer_id, second.ends_at)


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
            status=409,
        )
    check_bookable(reviewer_id=partner_id, starts_at=starts_at, now=now)
    brief = brief_clean(my_kind, project_brief)
    lock_people([user.pk, partner_id])
    partner = User.objects.get(pk=partner_id)
    mine = round_duration(round_kind=my_kind, profile=profile_of(user))
    theirs = round_duration(round_kind=their_kind, profile=profile_of(partner))
    block = Slot(starts_at, partner_id, starts_at + mine + theirs)
    calendar = Calendar.around(candidate=user, round_kind=my_kind, slot=block, now=now)
    calendar.check_open(round_kind=my_kind, slot=block)
    video = calendar.profiles[partner_id].meeting_url or profile_of(user).meeting_url
    first = create_booked_session(
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
    second = create_booked_session(
        candidate=partner,
        reviewer_id=user.pk,
        round_kind=their_kind,
        starts_at=starts_at + mine,
        ends_at=block.ends_at,
        now=now,
        video_url=video,
    )
    first.swap_partner = second
    first.save(update_fields=["swap_partner"])
    second.swap_partner = first
    second.save(update_fields=["swap_partner"])
    notify([first.pk, second.pk], "booked", user)
    return first, second
