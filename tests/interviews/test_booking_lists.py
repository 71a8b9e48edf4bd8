"""Every booking list page and the reviewer's polled fragment keep a constant number of queries."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.live import session_open
from interviews.loops import loop_book
from interviews.models import OneOffSlot, WeeklyWindow
from interviews.services import answer_save, reviewer_rounds_set
from questionbank.models import RoundKind
from tests.factories import ProfileFactory, UserFactory

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def count_queries(client, path, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, **kwargs).status_code == 200
    return len(ctx.captured_queries)


def _candidate(name):
    return ProfileFactory(user=UserFactory(username=name)).user


def test_bookings_list_uses_constant_queries(
    clock, alice, alice_client, bob_available, book, django_assert_num_queries
):
    book(alice, bob_available, at(9))
    baseline = count_queries(alice_client, "/bookings/")
    book(alice, bob_available, at(11))
    book(alice, bob_available, at(13))
    reviewer_rounds_set(user=alice, round_kinds=[RoundKind.ML_BREADTH])
    OneOffSlot.objects.create(reviewer=alice, starts_at=at(15), ends_at=at(17))
    book(_candidate("dave"), alice, at(15))  # alice as a reviewer too
    with django_assert_num_queries(baseline):
        alice_client.get("/bookings/")


def test_loop_pages_use_constant_queries(
    clock, alice, alice_client, bob_available, all_round_questions, django_assert_num_queries
):
    reviewer_rounds_set(user=bob_available, round_kinds=RoundKind.values)
    bob_available.profile.daily_limit = 20
    bob_available.profile.save()
    WeeklyWindow.objects.create(reviewer=bob_available, weekday=1, start_time=time(9), end_time=time(17))
    first = loop_book(
        candidate=alice, round_kinds=[RoundKind.ML_BREADTH], one_day=True, from_day=MONDAY.date(), now=MONDAY
    )
    list_baseline = count_queries(alice_client, "/loops/")
    detail_baseline = count_queries(alice_client, f"/loops/{first.pk}/")
    big = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.BEHAVIOURAL, RoundKind.ML_DOMAIN],
        one_day=True,
        from_day=MONDAY.date(),
        now=MONDAY,
    )
    with django_assert_num_queries(list_baseline):
        alice_client.get("/loops/")
    with django_assert_num_queries(detail_baseline):
        alice_client.get(f"/loops/{big.pk}/")


def test_availability_page_uses_constant_queries(clock, bob_client, bob, django_assert_num_queries):
    WeeklyWindow.objects.create(reviewer=bob, weekday=0, start_time=time(9), end_time=time(10))
    baseline = count_queries(bob_client, "/availability/")
    for day in range(1, 5):
        WeeklyWindow.objects.create(reviewer=bob, weekday=day, start_time=time(9), end_time=time(10))
        OneOffSlot.objects.create(reviewer=bob, starts_at=at(9, day=4 + day), ends_at=at(10, day=4 + day))
    with django_assert_num_queries(baseline):
        bob_client.get("/availability/")


def test_accommodations_page_uses_constant_queries(carol_client, django_assert_num_queries):
    baseline = count_queries(carol_client, "/curate/accommodations/")
    for n in range(5):
        user = _candidate(f"extra{n}")
        user.profile.accommodation_factor = Decimal("1.25")
        user.profile.save()
    with django_assert_num_queries(baseline):
        carol_client.get("/curate/accommodations/")


def test_the_reviewers_polled_fragment_uses_constant_queries(
    clock, alice, bob_client, alice_booked, django_assert_num_queries
):
    clock.move_to(at(10, 1))
    session_open(session=alice_booked)
    items = list(alice_booked.items.order_by("position"))
    answer_save(session=alice_booked, item=items[0], text="first")
    baseline = count_queries(bob_client, f"/live/{alice_booked.pk}/review/", headers=HTMX)
    for item in items[1:]:
        item.revealed_at = at(10, 1)
        item.save()
        answer_save(session=alice_booked, item=item, text="more " * 20)
    with django_assert_num_queries(baseline):
        bob_client.get(f"/live/{alice_booked.pk}/review/", headers=HTMX)
    assert timedelta(0) < alice_booked.deadline - at(10, 1)


def test_swap_page_uses_constant_queries(
    clock, alice, alice_client, bob_available, book, django_assert_num_queries
):
    reviewer_rounds_set(user=alice, round_kinds=[RoundKind.ML_BREADTH])
    path = "/swap/?my_kind=ml_breadth&their_kind=ml_breadth"
    alice_client.get(path)
    baseline = count_queries(alice_client, path)
    erin = _candidate("erin")
    reviewer_rounds_set(user=erin, round_kinds=[RoundKind.ML_BREADTH])
    WeeklyWindow.objects.create(reviewer=erin, weekday=0, start_time=time(9), end_time=time(17))
    book(_candidate("dave"), bob_available, at(13))
    with django_assert_num_queries(baseline):
        alice_client.get(path)


def test_reschedule_page_uses_constant_queries(
    clock, alice, alice_client, bob_available, book, django_assert_num_queries
):
    session = book(alice, bob_available, at(10, day=11))
    baseline = count_queries(alice_client, f"/bookings/{session.pk}/reschedule/")
    book(_candidate("dave"), bob_available, at(13, day=11))
    OneOffSlot.objects.create(reviewer=bob_available, starts_at=at(9, day=12), ends_at=at(12, day=12))
    with django_assert_num_queries(baseline):
        alice_client.get(f"/bookings/{session.pk}/reschedule/")
