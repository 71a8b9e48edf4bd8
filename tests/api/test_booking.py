"""Booking over the API: availability, open slots, booking, loops and changes, as on the pages."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from interviews.models import InterviewSession, SessionStatus, WeeklyWindow
from questionbank.models import RoundKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_always_available(bob, breadth_questions):
    for weekday in range(7):
        WeeklyWindow.objects.create(reviewer=bob, weekday=weekday, start_time=time(0), end_time=time(23, 45))
    return bob


def test_a_reviewer_publishes_availability_and_rules(bob_api):
    response = bob_api.post(
        "/api/availability/weekly/", {"weekday": 0, "start_time": "09:00", "end_time": "12:00"}, format="json"
    )
    assert response.status_code == 201
    window_id = response.json()["id"]
    clash = bob_api.post(
        "/api/availability/weekly/", {"weekday": 0, "start_time": "11:00", "end_time": "13:00"}, format="json"
    )
    assert clash.status_code == 400
    assert "overlaps" in clash.json()["detail"]
    day = (timezone.now() + timedelta(days=3)).date().isoformat()
    one_off = bob_api.post(
        "/api/availability/one-off/", {"day": day, "start_time": "14:00", "end_time": "16:00"}, format="json"
    )
    assert one_off.status_code == 201
    rules = {
        "min_notice_minutes": 60,
        "buffer_minutes": 5,
        "daily_limit": 3,
        "meeting_url": "https://meet.example/bob",
    }
    assert bob_api.put("/api/availability/rules/", rules, format="json").json() == rules
    availability = bob_api.get("/api/availability/").json()
    assert len(availability["weekly"]) == 1 and len(availability["one_offs"]) == 1
    assert bob_api.delete(f"/api/availability/weekly/{window_id}/").status_code == 204


def test_a_candidate_without_review_rounds_cannot_publish(alice_api):
    response = alice_api.post(
        "/api/availability/weekly/", {"weekday": 0, "start_time": "09:00", "end_time": "12:00"}, format="json"
    )
    assert response.status_code == 403
    assert "Opt in" in response.json()["detail"]


def test_a_candidate_books_an_open_slot_and_cancels_it(alice_api, bob_api, bob_always_available):
    slots = alice_api.get("/api/slots/", {"round_kind": RoundKind.ML_BREADTH, "page_size": 100}).json()
    assert slots["count"] > 0
    # Well past the change cut-off, so it can still be cancelled.
    slot = next(
        s for s in slots["results"] if s["starts_at"] > (timezone.now() + timedelta(hours=13)).isoformat()
    )
    assert slot["reviewer"] == "bob"
    booked = alice_api.post(
        "/api/bookings/", {"round_kind": RoundKind.ML_BREADTH, "slot": slot["key"]}, format="json"
    )
    assert booked.status_code == 201, booked.json()
    booking = booked.json()
    assert booking["role"] == "candidate" and booking["reviewer"] == "bob"
    again = alice_api.post(
        "/api/bookings/", {"round_kind": RoundKind.ML_BREADTH, "slot": slot["key"]}, format="json"
    )
    assert again.status_code == 409
    assert "no longer open" in again.json()["detail"]
    assert bob_api.get(f"/api/bookings/{booking['id']}/").json()["role"] == "reviewer"
    cancelled = alice_api.post(f"/api/bookings/{booking['id']}/cancel/")
    assert cancelled.json()["cancelled"] == 1
    assert InterviewSession.objects.get(pk=booking["id"]).status == SessionStatus.CANCELLED


def test_a_made_up_slot_is_refused_clearly(alice_api, bob_always_available):
    # A key that is not a slot key at all is malformed (400); a well-formed key that is not an open slot
    # now is a conflict with the calendar (409).
    for key, status in [
        ("nonsense", 400),
        (f"{bob_always_available.pk}|9999-01-01T00:00:00+00:00", 409),
        ("99999999999|2030-01-01T00:00:00+00:00", 409),
    ]:
        response = alice_api.post(
            "/api/bookings/", {"round_kind": RoundKind.ML_BREADTH, "slot": key}, format="json"
        )
        assert response.status_code == status, key
        assert "open slots" in response.json()["detail"]


def test_slots_need_a_round_kind(alice_api):
    response = alice_api.get("/api/slots/")
    assert response.status_code == 400
    assert "round_kind" in response.json()["errors"]


def test_a_loop_is_booked_all_or_nothing(alice_api, bob_always_available, bob):
    from interviews.services import reviewer_rounds_set

    reviewer_rounds_set(user=bob, round_kinds=[RoundKind.ML_BREADTH, RoundKind.CODING])
    from tests.factories import QuestionFactory

    QuestionFactory(round_kind=RoundKind.CODING)
    day = (timezone.now() + timedelta(days=2)).date().isoformat()
    response = alice_api.post(
        "/api/loops/",
        {"round_kinds": [RoundKind.ML_BREADTH, RoundKind.CODING], "one_day": True, "from_day": day},
        format="json",
    )
    assert response.status_code == 201, response.json()
    loop = response.json()
    assert sorted(s["round_kind"] for s in loop["sessions"]) == [RoundKind.CODING, RoundKind.ML_BREADTH]
    assert alice_api.get(f"/api/loops/{loop['id']}/").status_code == 200
    missing = alice_api.post(
        "/api/loops/", {"round_kinds": [RoundKind.BEHAVIOURAL], "from_day": day}, format="json"
    )
    assert missing.status_code == 409
    assert "No reviewer has an open slot for Behavioural" in missing.json()["detail"]
