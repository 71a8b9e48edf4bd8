"""No double booking, ever: concurrent requests from threads against PostgreSQL end with exactly one booking.

Each thread is a separate browser session posting to the booking page over its own database connection, all
released at once by a barrier. SQLite serialises every writer by itself, so the race only exists (and this
test only means something) on PostgreSQL, where CI runs it.
"""

import threading
from datetime import time

import pytest
from django.db import connection
from django.test import Client

from interviews.models import InterviewSession, SessionStatus, WeeklyWindow
from interviews.services import reviewer_rounds_set
from questionbank.models import RoundKind
from tests.factories import ProfileFactory, QuestionFactory, UserFactory

from .conftest import MONDAY, at

THREADS = 8

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test needs PostgreSQL (set DATABASE_URL); SQLite serialises all writers")


def _race(posts: list[tuple[Client, str, dict[str, str]]]) -> list[int]:
    """Fire every POST at the same moment; return their status codes."""
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = [0] * len(posts)

    def run(index: int, client: Client, path: str, data: dict[str, str]) -> None:
        try:
            barrier.wait(timeout=30)
            statuses[index] = client.post(path, data).status_code
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _candidates(n: int) -> list[Client]:
    clients = []
    for i in range(n):
        client = Client()
        client.force_login(ProfileFactory.create(user=UserFactory(username=f"racer{i}")).user)
        clients.append(client)
    return clients


@pytest.fixture
def reviewer(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    user = ProfileFactory.create(user=UserFactory(username="rita")).user
    reviewer_rounds_set(user=user, round_kinds=[RoundKind.ML_BREADTH])
    WeeklyWindow.objects.create(reviewer=user, weekday=0, start_time=time(9), end_time=time(17))
    for _ in range(6):
        QuestionFactory(round_kind=RoundKind.ML_BREADTH)
    return user


def test_candidates_racing_for_one_slot_end_with_exactly_one_booking(reviewer):
    key = f"{reviewer.pk}|{at(10).isoformat()}"
    posts = [(c, "/book/", {"round_kind": "ml_breadth", "slot": key}) for c in _candidates(THREADS)]
    statuses = _race(posts)
    assert sorted(statuses) == [302] + [400] * (THREADS - 1), statuses
    assert InterviewSession.objects.filter(reviewer=reviewer, status=SessionStatus.SCHEDULED).count() == 1


def test_candidates_racing_for_overlapping_slots_of_one_reviewer_end_with_one_booking(reviewer):
    # 10:00, 10:15 and 10:30 all overlap a 40-minute round starting at any of them.
    starts = [at(10), at(10, 15), at(10, 30)]
    clients = _candidates(THREADS)
    posts = [
        (c, "/book/", {"round_kind": "ml_breadth", "slot": f"{reviewer.pk}|{starts[i % 3].isoformat()}"})
        for i, c in enumerate(clients)
    ]
    statuses = _race(posts)
    assert statuses.count(302) == 1, statuses
    assert InterviewSession.objects.filter(reviewer=reviewer).count() == 1


def test_one_candidate_racing_for_two_reviewers_at_once_gets_one(reviewer):
    other = ProfileFactory.create(user=UserFactory(username="otto")).user
    reviewer_rounds_set(user=other, round_kinds=[RoundKind.ML_BREADTH])
    WeeklyWindow.objects.create(reviewer=other, weekday=0, start_time=time(9), end_time=time(17))
    (client,) = _candidates(1)
    posts = []
    for who in [reviewer, other] * (THREADS // 2):
        posts.append(
            (client, "/book/", {"round_kind": "ml_breadth", "slot": f"{who.pk}|{at(10).isoformat()}"})
        )
    statuses = _race(posts)
    assert statuses.count(302) == 1, statuses
    assert InterviewSession.objects.filter(candidate__username="racer0").count() == 1


def test_the_database_refuses_overlaps_even_without_the_service():
    """The exclusion constraint of migration 0003, the backstop behind the locks."""
    from datetime import timedelta

    from django.db import IntegrityError

    reviewer = ProfileFactory.create(user=UserFactory(username="rita")).user
    alice, charlie = (
        ProfileFactory.create(user=UserFactory(username=n)).user for n in ("alice2", "charlie2")
    )
    base = {
        "reviewer": reviewer,
        "round_kind": "ml_breadth",
        "mode": "booked",
        "status": "scheduled",
        "duration_seconds": 2400,
    }
    InterviewSession.objects.create(candidate=alice, starts_at=at(10), ends_at=at(10, 40), **base)
    with pytest.raises(IntegrityError):
        InterviewSession.objects.create(candidate=charlie, starts_at=at(10, 30), ends_at=at(11, 10), **base)
    assert at(10, 40) - at(10) == timedelta(minutes=40)
