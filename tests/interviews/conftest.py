"""Booking fixtures: a fixed Monday, bob's weekly availability, and a helper to book him."""

from datetime import UTC, datetime, time

import pytest
import time_machine

from interviews.bookings import booking_create
from interviews.models import InterviewSession, WeeklyWindow
from questionbank.models import RoundConfig, RoundKind
from tests.factories import QuestionFactory

# Monday 4 March 2030, 06:00 UTC: the clock of most booking tests.
MONDAY = datetime(2030, 3, 4, 6, 0, tzinfo=UTC)


def span(session: InterviewSession) -> tuple[datetime, datetime]:
    """A booked session's start and end (a practice round has neither)."""
    assert session.starts_at is not None and session.ends_at is not None
    return session.starts_at, session.ends_at


def timer(session: InterviewSession) -> tuple[datetime, datetime]:
    """A started round's start and deadline."""
    assert session.started_at is not None and session.deadline is not None
    return session.started_at, session.deadline


def at(hour: int, minute: int = 0, day: int = 4) -> datetime:
    """A UTC time in the week of MONDAY (day 4 is the Monday)."""
    return datetime(2030, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def monday():
    return MONDAY


@pytest.fixture
def bob_available(bob):
    """bob reviews ML breadth and coding, in UTC, Mondays 09:00-17:00, default rules (2 h notice,
    10 min buffer, 4 a day)."""
    WeeklyWindow.objects.create(reviewer=bob, weekday=0, start_time=time(9), end_time=time(17))
    return bob


@pytest.fixture
def coding_questions(db):
    return [QuestionFactory(round_kind=RoundKind.CODING) for _ in range(3)]


@pytest.fixture
def all_round_questions(db, breadth_questions, coding_questions):
    for kind in RoundKind.values:
        if kind not in (RoundKind.ML_BREADTH, RoundKind.CODING):
            for _ in range(4):
                QuestionFactory(round_kind=kind)


@pytest.fixture
def breadth_minutes(db):
    return RoundConfig.for_kind(RoundKind.ML_BREADTH).duration_minutes


@pytest.fixture
def book(breadth_questions):
    """Book a round with no emails left pending: `book(candidate, reviewer, start, kind=...)`."""

    def _book(candidate, reviewer, starts_at, round_kind=RoundKind.ML_BREADTH, now=MONDAY, **kwargs):
        return booking_create(
            candidate=candidate,
            reviewer_id=reviewer.pk,
            round_kind=round_kind,
            starts_at=starts_at,
            now=now,
            **kwargs,
        )

    return _book


@pytest.fixture
def alice_booked(alice, bob_available, book):
    """alice's ML breadth round with bob, Monday 10:00-10:40 UTC."""
    return book(alice, bob_available, at(10))


@pytest.fixture
def clock():
    """The clock stopped at MONDAY. List it before any *_client fixture, so logins happen in 2030 too
    (a login made earlier would have expired by then). Move it with `clock.move_to(when)`."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller
