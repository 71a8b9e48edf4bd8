"""Open slots: windows in the reviewer's zone, notice, buffers, daily limits, qualification, the candidate's time."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest

from interviews.availability import one_off_slot_add
from interviews.models import OneOffSlot, WeeklyWindow
from interviews.services import reviewer_rounds_set
from interviews.slots import open_slots
from questionbank.models import RoundKind

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def _starts(slots, day=4):
    return [s.starts_at for s in slots if s.starts_at.day == day]


def test_slots_fill_the_weekly_window_on_a_15_minute_grid(alice, bob_available, breadth_minutes):
    slots = open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1)
    starts = _starts(slots)
    assert starts[0] == at(9)
    assert starts[1] == at(9, 15)
    # The last slot still ends inside the window (17:00).
    assert starts[-1] + timedelta(minutes=breadth_minutes) <= at(17)
    assert starts[-1] + timedelta(minutes=breadth_minutes + 15) > at(17)
    assert {s.reviewer_id for s in slots} == {bob_available.pk}


def test_weekly_windows_are_wall_clock_times_in_the_reviewers_zone_across_dst(alice, bob_available):
    bob_available.profile.time_zone = "Europe/Paris"
    bob_available.profile.save()
    # 25 March 2030 is a Monday in winter time (UTC+1); 1 April is in summer time (UTC+2).
    now = datetime(2030, 3, 24, 12, tzinfo=UTC)
    slots = open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=now, days=9)
    mondays = sorted({s.starts_at.date(): s.starts_at for s in reversed(slots)}.items())
    assert mondays[0][1] == datetime(2030, 3, 25, 8, tzinfo=UTC)  # 09:00 in Paris
    assert mondays[1][1] == datetime(2030, 4, 1, 7, tzinfo=UTC)  # 09:00 in Paris, summer time


def test_minimum_notice_hides_slots_starting_too_soon(alice, bob_available):
    now = at(9, 5)  # default notice is 2 hours
    assert _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=now, days=1))[0] == at(
        11, 15
    )
    bob_available.profile.min_notice_minutes = 0
    bob_available.profile.save()
    assert _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=now, days=1))[0] == at(
        9, 15
    )


def test_a_booking_blocks_its_time_plus_the_reviewers_buffer(alice, charlie, bob_available, book):
    book(charlie, bob_available, at(10))  # 10:00-10:40, buffer 10 min
    starts = _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1))
    assert at(9) in starts  # ends 9:40: ten minutes of buffer before 10:00 fit
    assert at(9, 15) not in starts  # ends 9:55: the buffer would not fit
    assert at(10) not in starts and at(10, 45) not in starts
    assert at(11) in starts


def test_the_buffer_can_be_zero(alice, charlie, bob_available, book):
    bob_available.profile.buffer_minutes = 0
    bob_available.profile.save()
    book(charlie, bob_available, at(10))
    starts = _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1))
    assert at(9, 15) in starts and at(10, 45) in starts and at(10, 30) not in starts


def test_the_daily_limit_closes_the_day(alice, charlie, bob_available, book, django_user_model):
    bob_available.profile.daily_limit = 2
    bob_available.profile.save()
    book(charlie, bob_available, at(9))
    assert _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1))
    dave = django_user_model.objects.create_user("dave", "dave@example.com", "pw")
    book(dave, bob_available, at(13))
    assert _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1)) == []
    # The next Monday is a new day.
    assert _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=8), day=11)


def test_only_reviewers_qualified_for_the_round_are_offered(alice, bob_available, charlie):
    WeeklyWindow.objects.create(reviewer=charlie, weekday=0, start_time=time(9), end_time=time(10))
    reviewer_rounds_set(user=charlie, round_kinds=[RoundKind.BEHAVIOURAL])
    breadth = open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1)
    behavioural = open_slots(candidate=alice, round_kind=RoundKind.BEHAVIOURAL, now=MONDAY, days=1)
    assert {s.reviewer_id for s in breadth} == {bob_available.pk}
    assert {s.reviewer_id for s in behavioural} == {charlie.pk}


def test_a_reviewer_is_never_offered_their_own_slots(bob_available):
    assert open_slots(candidate=bob_available, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1) == []


def test_the_candidates_own_sessions_are_not_offered_twice(alice, bob_available, carol, book):
    WeeklyWindow.objects.create(reviewer=carol, weekday=0, start_time=time(9), end_time=time(17))
    reviewer_rounds_set(user=carol, round_kinds=[RoundKind.ML_BREADTH])
    book(alice, bob_available, at(10))
    carols = [
        s.starts_at
        for s in open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1)
        if s.reviewer_id == carol.pk
    ]
    assert at(10) not in carols and at(9, 30) not in carols and at(10, 30) not in carols
    assert at(9, 15) in carols and at(10, 45) in carols


def test_one_off_slots_are_entered_in_the_reviewers_zone(alice, bob):
    bob.profile.time_zone = "America/New_York"
    bob.profile.save()
    slot = one_off_slot_add(
        reviewer=bob, day=MONDAY.date(), start_time=time(9), end_time=time(10), now=MONDAY
    )
    assert slot.starts_at == at(14)  # 09:00 EST
    starts = _starts(open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY, days=1))
    assert starts == [at(14), at(14, 15)]  # 40 minutes must fit in the hour


def test_accommodation_makes_the_slot_longer(alice, bob, breadth_minutes):
    OneOffSlot.objects.create(reviewer=bob, starts_at=at(9), ends_at=at(10))
    assert [
        s.starts_at for s in open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY)
    ] == [
        at(9),
        at(9, 15),
    ]
    alice.profile.accommodation_factor = Decimal("1.5")
    alice.profile.save()
    slots = open_slots(candidate=alice, round_kind=RoundKind.ML_BREADTH, now=MONDAY)
    assert [(s.starts_at, s.ends_at) for s in slots] == [(at(9), at(10))]  # 40 min x 1.5 fills the hour
