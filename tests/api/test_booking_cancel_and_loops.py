"""Over the API: cancel with a reason, the free cancel just after booking, whole-loop cancel and move."""

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import time_machine

from interviews.models import Loop, SessionStatus, WeeklyWindow
from interviews.services import reviewer_rounds_set
from questionbank.models import RoundKind
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2030, 3, 4, 6, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def bob_every_day(bob, breadth_questions):
    for kind in (RoundKind.CODING, RoundKind.BEHAVIOURAL):
        for _ in range(2):
            QuestionFactory(round_kind=kind)
    reviewer_rounds_set(user=bob, round_kinds=RoundKind.values)
    for weekday in range(7):
        WeeklyWindow.objects.create(reviewer=bob, weekday=weekday, start_time=time(8), end_time=time(20))
    return bob


def _book(api, when: datetime, reviewer) -> dict[str, Any]:
    key = f"{reviewer.pk}|{when.isoformat()}"
    response = api.post("/api/bookings/", {"round_kind": "ml_breadth", "slot": key}, format="json")
    assert response.status_code == 201, response.json()
    booking: dict[str, Any] = response.json()
    return booking


def test_a_booking_inside_the_cut_off_can_be_cancelled_for_ten_minutes(clock, alice_api, bob_every_day):
    booked = _book(alice_api, MONDAY + timedelta(hours=3), bob_every_day)
    assert booked["cancellable"] is True
    clock.move_to(MONDAY + timedelta(minutes=11))
    assert alice_api.get(f"/api/bookings/{booked['id']}/").json()["cancellable"] is False
    refused = alice_api.post(f"/api/bookings/{booked['id']}/cancel/", {"reason": "late"}, format="json")
    assert refused.status_code == 409 and "within 10 minutes of booking" in refused.json()["detail"]
    clock.move_to(MONDAY + timedelta(minutes=5))
    done = alice_api.post(f"/api/bookings/{booked['id']}/cancel/", {"reason": "Misclick"}, format="json")
    assert done.status_code == 200
    assert done.json()["booking"]["status"] == SessionStatus.CANCELLED
    assert done.json()["booking"]["cancel_reason"] == "Misclick"


def test_cancel_without_a_body_still_works(clock, alice_api, bob_every_day):
    booked = _book(alice_api, MONDAY + timedelta(days=2, hours=4), bob_every_day)
    assert alice_api.post(f"/api/bookings/{booked['id']}/cancel/").json()["cancelled"] == 1


def test_a_loop_is_moved_then_cancelled_in_one_step(clock, alice_api, charlie_api, bob_every_day):
    kinds = [RoundKind.CODING, RoundKind.ML_BREADTH, RoundKind.BEHAVIOURAL]
    created = alice_api.post("/api/loops/", {"round_kinds": kinds, "from_day": "2030-03-06"}, format="json")
    assert created.status_code == 201, created.json()
    loop = created.json()
    assert loop["one_day"] is None and len(loop["sessions"]) == 3
    assert charlie_api.post(f"/api/loops/{loop['id']}/cancel/").status_code == 404
    moved = alice_api.post(
        f"/api/loops/{loop['id']}/move/", {"from_day": "2030-03-08", "one_day": False}, format="json"
    )
    assert moved.status_code == 200, moved.json()
    live = [s for s in moved.json()["sessions"] if s["status"] == SessionStatus.SCHEDULED]
    assert len(live) == 3 and len({s["starts_at"][:10] for s in live}) == 3
    assert min(s["starts_at"][:10] for s in live) == "2030-03-08"
    cancelled = alice_api.post(f"/api/loops/{loop['id']}/cancel/", {"reason": "Done"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"] == 3
    assert not Loop.objects.get(pk=loop["id"]).sessions.filter(status=SessionStatus.SCHEDULED).exists()
    again = alice_api.post(f"/api/loops/{loop['id']}/cancel/")
    assert again.status_code == 409


def test_a_loop_move_with_no_plan_says_why(clock, alice_api, bob_every_day):
    loop = alice_api.post(
        "/api/loops/", {"round_kinds": [RoundKind.CODING], "from_day": "2030-03-06"}, format="json"
    ).json()
    refused = alice_api.post(f"/api/loops/{loop['id']}/move/", {"from_day": "2030-05-01"}, format="json")
    assert refused.status_code == 409 and "days ahead at most" in str(refused.json())
