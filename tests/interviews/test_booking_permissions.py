"""Who may open what: the candidate, the reviewer, an outsider (404, never a hint) and anonymous visitors."""

from datetime import time

import pytest

from interviews.loops import loop_book
from interviews.models import OneOffSlot, WeeklyWindow

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db

# (method, path template, {persona: expected status}); {s} is alice's booked session with bob.
SESSION_ROUTES = [
    ("get", "/bookings/{s}/", {"alice": 200, "bob": 200, "charlie": 404}),
    ("get", "/bookings/{s}/invite.ics", {"alice": 200, "bob": 200, "charlie": 404}),
    ("get", "/bookings/{s}/reschedule/", {"alice": 200, "bob": 200, "charlie": 404}),
    ("post", "/bookings/{s}/reschedule/", {"charlie": 404}),
    ("get", "/bookings/{s}/cancel/", {"alice": 200, "bob": 200, "charlie": 404}),
    ("post", "/bookings/{s}/cancel/", {"charlie": 404}),
    ("post", "/bookings/{s}/no-show/", {"charlie": 404}),
    ("post", "/bookings/{s}/video/", {"charlie": 404}),
    ("post", "/bookings/{s}/brief/", {"charlie": 404}),
    ("get", "/live/{s}/", {"alice": 200, "bob": 404, "charlie": 404}),
    ("get", "/live/{s}/review/", {"alice": 404, "bob": 200, "charlie": 404}),
    ("post", "/live/{s}/review/reveal/", {"alice": 404, "bob": 302, "charlie": 404}),
    ("post", "/live/{s}/review/scratchpad/", {"alice": 404, "bob": 302, "charlie": 404}),
]


@pytest.mark.parametrize(
    ("method", "path", "expected"), SESSION_ROUTES, ids=[f"{m} {p}" for m, p, _ in SESSION_ROUTES]
)
def test_session_pages(clock, request, alice_booked, method, path, expected):
    url = path.format(s=alice_booked.pk)
    for persona, status in expected.items():
        client = request.getfixturevalue(f"{persona}_client")
        assert getattr(client, method)(url).status_code == status, (persona, url)


@pytest.mark.parametrize(
    ("method", "path", "_"), SESSION_ROUTES, ids=[f"{m} {p}" for m, p, _ in SESSION_ROUTES]
)
def test_anonymous_visitors_are_sent_to_log_in(client, alice_booked, method, path, _):
    response = getattr(client, method)(path.format(s=alice_booked.pk))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_practice_round_is_not_a_booking(alice_client, alice_round):
    assert alice_client.get(f"/bookings/{alice_round.pk}/").status_code == 404


def test_loop_page_is_the_candidates_only(
    clock, alice, alice_client, bob_client, charlie_client, bob_available, breadth_questions
):
    loop = loop_book(
        candidate=alice, round_kinds=["ml_breadth"], one_day=True, from_day=MONDAY.date(), now=MONDAY
    )
    assert alice_client.get(f"/loops/{loop.pk}/").status_code == 200
    assert bob_client.get(f"/loops/{loop.pk}/").status_code == 404
    assert charlie_client.get(f"/loops/{loop.pk}/").status_code == 404


def test_availability_entries_are_their_reviewers_only(clock, bob, bob_client, charlie_client):
    window = WeeklyWindow.objects.create(reviewer=bob, weekday=0, start_time=time(9), end_time=time(10))
    slot = OneOffSlot.objects.create(reviewer=bob, starts_at=at(9, day=5), ends_at=at(10, day=5))
    assert charlie_client.post(f"/availability/weekly/{window.pk}/delete/").status_code == 404
    assert charlie_client.post(f"/availability/one-off/{slot.pk}/delete/").status_code == 404
    assert (
        WeeklyWindow.objects.filter(pk=window.pk).exists() and OneOffSlot.objects.filter(pk=slot.pk).exists()
    )
    assert bob_client.post(f"/availability/weekly/{window.pk}/delete/").status_code == 302
    assert bob_client.post(f"/availability/one-off/{slot.pk}/delete/").status_code == 302
    assert not WeeklyWindow.objects.exists() and not OneOffSlot.objects.exists()


def test_accommodations_are_for_curators_only(alice_client, bob_client, carol_client):
    assert carol_client.get("/curate/accommodations/").status_code == 200
    assert alice_client.get("/curate/accommodations/").status_code == 403
    assert bob_client.post("/curate/accommodations/", {"username": "bob", "factor": "2"}).status_code == 403


@pytest.mark.parametrize("path", ["/book/", "/bookings/", "/loops/", "/swap/", "/availability/"])
def test_list_pages_open_for_any_signed_in_user(charlie_client, path):
    assert charlie_client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/availability/weekly/",
        "/availability/one-off/",
        "/availability/rules/",
        "/bookings/1/no-show/",
        "/live/1/review/reveal/",
        "/live/1/review/scratchpad/",
    ],
)
def test_post_only_views_reject_get(alice_client, path):
    assert alice_client.get(path).status_code == 405
