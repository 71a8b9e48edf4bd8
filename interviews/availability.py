"""Reviewers' availability: weekly windows, one-off slots and booking rules (read by `slots.Calendar`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError

from .models import OneOffSlot, Profile, ReviewerRound, WeeklyWindow
from .services import profile_of
from .slots import wall_clock, zone


def _check_reviews(user: User) -> None:
    """Only someone who reviews a round publishes availability (a missing role: 403, like
    `questionbank.roles.require_reviewer`, which also lets curators through)."""
    if not ReviewerRound.objects.filter(user=user).exists():
        raise PermissionDenied(
            "Opt in to review at least one round on your profile before publishing availability."
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
    if end_time <= start_time:
        raise ApplicationError("The slot must end after it starts.", field="end_time")
    # A day that is fine as input but already past or over a year ahead is a conflict with today (409).
    # The date alone is checked first, so no far-off date reaches the time zone arithmetic.
    passed = ApplicationError("That time has already passed.", field="day", status=409)
    too_far = ApplicationError("Publish slots up to a year ahead.", field="day", status=409)
    if day < now.date() - timedelta(days=1):
        raise passed
    if day > now.date() + timedelta(days=366):
        raise too_far
    tz = zone(profile_of(reviewer).time_zone)
    starts_at, ends_at = wall_clock(day, start_time, tz), wall_clock(day, end_time, tz)
    if ends_at <= now:
        raise passed
    if starts_at > now + timedelta(days=365):
        raise too_far
    return OneOffSlot.objects.create(reviewer=reviewer, starts_at=starts_at, ends_at=ends_at)


# A reviewer's booking rules: (lowest, highest) for each, and what a value outside says.
BOOKING_RULE_LIMITS = {
    "min_notice_minutes": (0, 60 * 24 * 14),
    "buffer_minutes": (0, 240),
    "daily_limit": (1, 24),
}
RULE_MESSAGES = {
    "min_notice_minutes": "Minimum notice is between 0 minutes and 14 days.",
    "buffer_minutes": "The buffer is between 0 and 240 minutes.",
    "daily_limit": "The daily limit is between 1 and 24 sessions.",
}


@transaction.atomic
def booking_rules_set(
    *, reviewer: User, min_notice_minutes: int, buffer_minutes: int, daily_limit: int, meeting_url: str
) -> Profile:
    """A reviewer's booking rules (the availability page and the API); they apply to bookings made after."""
    values = {
        "min_notice_minutes": min_notice_minutes,
        "buffer_minutes": buffer_minutes,
        "daily_limit": daily_limit,
    }
    for name, value in values.items():
        low, high = BOOKING_RULE_LIMITS[name]
        if not low <= value <= high:
            raise ApplicationError(RULE_MESSAGES[name], field=name)
    profile = profile_of(reviewer)
    profile.min_notice_minutes, profile.buffer_minutes = min_notice_minutes, buffer_minutes
    profile.daily_limit, profile.meeting_url = daily_limit, meeting_url
    profile.save(update_fields=["min_notice_minutes", "buffer_minutes", "daily_limit", "meeting_url"])
    return profile


def availability_remove(*, window: WeeklyWindow | OneOffSlot) -> None:
    """Remove availability. Sessions already booked in it stay booked (cancel them one by one)."""
    window.delete()
