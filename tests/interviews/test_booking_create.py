"""Booking one round: the service's rules, the page of open slots, the emails."""

from datetime import timedelta

import pytest
from django.core import mail

from config.errors import ApplicationError
from interviews.bookings import booking_create
from interviews.models import InterviewSession, SessionMode, SessionStatus
from questionbank.models import RoundKind
from tests.factories import QuestionFactory

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def test_booking_creates_a_scheduled_session_with_the_first_question_revealed(alice, bob_available, book):
    bob_available.profile.meeting_url = "https://meet.example.com/bob"
    bob_available.profile.save()
    session = book(alice, bob_available, at(10))
    assert session.mode == SessionMode.BOOKED and session.status == SessionStatus.SCHEDULED
    assert session.reviewer == bob_available and session.starts_at == at(10)
    assert session.ends_at - session.starts_at == timedelta(seconds=session.duration_seconds)
    assert session.video_url == "https://meet.example.com/bob"
    items = list(session.items.order_by("position"))
    assert len(items) == 6 and items[0].revealed_at == MONDAY
    assert all(item.revealed_at is None for item in items[1:])


def test_the_same_slot_cannot_be_booked_twice(alice, charlie, bob_available, book):
    book(alice, bob_available, at(10))
    with pytest.raises(ApplicationError, match="no longer open") as exc:
        book(charlie, bob_available, at(10))
    assert exc.value.status == 409
    assert InterviewSession.objects.filter(reviewer=bob_available).count() == 1


def test_an_overlapping_slot_of_the_same_reviewer_is_refused(alice, charlie, bob_available, book):
    book(alice, bob_available, at(10))
    with pytest.raises(ApplicationError, match="no longer open"):
        book(charlie, bob_available, at(10, 15))


def test_a_candidate_cannot_be_in_two_rounds_at_once(alice, bob_available, carol, book):
    from datetime import time

    from interviews.models import WeeklyWindow
    from interviews.services import reviewer_rounds_set

    WeeklyWindow.objects.create(reviewer=carol, weekday=0, start_time=time(9), end_time=time(17))
    reviewer_rounds_set(user=carol, round_kinds=[RoundKind.ML_BREADTH])
    book(alice, bob_available, at(10))
    with pytest.raises(ApplicationError, match="no longer open"):
        book(alice, carol, at(10, 15))


def test_a_slot_outside_the_availability_or_inside_the_notice_is_refused(alice, bob_available, book):
    with pytest.raises(ApplicationError):
        book(alice, bob_available, at(8))  # before the window
    with pytest.raises(ApplicationError):
        book(alice, bob_available, at(9), now=at(8))  # one hour of notice, two needed
    with pytest.raises(ApplicationError):
        book(alice, bob_available, at(9, 5))  # off the 15-minute grid


def test_a_reviewer_not_qualified_for_the_round_cannot_be_booked(alice, bob_available, book):
    QuestionFactory(round_kind=RoundKind.BEHAVIOURAL)
    with pytest.raises(ApplicationError):
        book(alice, bob_available, at(10), round_kind=RoundKind.BEHAVIOURAL)


def test_the_project_deep_dive_needs_a_brief(alice, bob_available, book):
    from interviews.services import reviewer_rounds_set

    reviewer_rounds_set(user=bob_available, round_kinds=[RoundKind.PROJECT_DEEP_DIVE])
    QuestionFactory(round_kind=RoundKind.PROJECT_DEEP_DIVE)
    with pytest.raises(ApplicationError, match="one-page brief"):
        book(alice, bob_available, at(10), round_kind=RoundKind.PROJECT_DEEP_DIVE)
    with pytest.raises(ApplicationError, match="one page"):
        book(alice, bob_available, at(10), round_kind=RoundKind.PROJECT_DEEP_DIVE, project_brief="x" * 5001)
    session = book(
        alice,
        bob_available,
        at(10),
        round_kind=RoundKind.PROJECT_DEEP_DIVE,
        project_brief="Fraud model at Acme",
    )
    assert session.project_brief == "Fraud model at Acme"


def test_booking_emails_both_sides_with_an_invite(
    alice, bob_available, breadth_questions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(
            candidate=alice,
            reviewer_id=bob_available.pk,
            round_kind=RoundKind.ML_BREADTH,
            starts_at=at(10),
            now=MONDAY,
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    for message in mail.outbox:
        assert message.subject.startswith("Booked: ML breadth round, Mon 04 Mar 2030, 10:00-10:40 (UTC)")
        (invite,) = [p for p in message.attachments if p.get_content_type() == "text/calendar"]
        assert invite.get_param("method") == "REQUEST"
    to_alice = next(m for m in mail.outbox if m.to == ["alice@example.com"])
    assert "with bob (your interviewer) is booked" in to_alice.body


def test_a_refused_booking_sends_nothing(
    alice, bob_available, breadth_questions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        booking_create(
            candidate=alice,
            reviewer_id=bob_available.pk,
            round_kind=RoundKind.ML_BREADTH,
            starts_at=at(8),
            now=MONDAY,
        )
    assert mail.outbox == []


# --- The page -------------------------------------------------------------------------------------


def test_the_slots_page_shows_times_in_the_candidates_zone(
    clock, alice, alice_client, bob_available, breadth_questions
):
    alice.profile.time_zone = "Asia/Tokyo"  # UTC+9: bob's 09:00 UTC is 18:00 in Tokyo
    alice.profile.save()
    response = alice_client.get("/book/", {"round_kind": "ml_breadth"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mon 4 Mar" in page and ">18:00</a>" in page and ">09:00</a>" not in page
    assert '<option value="Asia/Tokyo" selected>' in page
    confirm = alice_client.get("/book/", {"round_kind": "ml_breadth", "time": at(9).isoformat()})
    assert "18:00\N{EN DASH}18:40 with bob" in confirm.content.decode()


def test_booking_through_the_page(clock, alice, alice_client, bob_available, breadth_questions):
    key = f"{bob_available.pk}|{at(10).isoformat()}"
    response = alice_client.post("/book/", {"round_kind": "ml_breadth", "slot": key})
    session = InterviewSession.objects.get(candidate=alice)
    assert response.status_code == 302 and response.url == f"/bookings/{session.pk}/"
    assert session.starts_at == at(10)


def test_a_taken_slot_gets_a_clear_message_on_the_page(clock, alice_client, charlie, bob_available, book):
    book(charlie, bob_available, at(10))
    key = f"{bob_available.pk}|{at(10).isoformat()}"
    response = alice_client.post("/book/", {"round_kind": "ml_breadth", "slot": key})
    assert response.status_code == 400 and "no longer open" in response.content.decode()


def test_a_garbled_slot_is_refused(alice_client, bob_available, breadth_questions):
    response = alice_client.post("/book/", {"round_kind": "ml_breadth", "slot": "nonsense"})
    assert response.status_code == 400 and "Choose one of the open slots" in response.content.decode()


def test_the_slots_page_uses_constant_queries(
    clock, alice_client, bob_available, charlie, carol, book, django_assert_num_queries
):
    from datetime import time

    from interviews.models import WeeklyWindow
    from interviews.services import reviewer_rounds_set

    from .test_booking_lists import count_queries

    alice_client.get("/book/?round_kind=ml_breadth")  # first use creates the round's config row
    baseline = count_queries(alice_client, "/book/?round_kind=ml_breadth")
    book(charlie, bob_available, at(10))
    for reviewer in (charlie, carol):
        WeeklyWindow.objects.create(reviewer=reviewer, weekday=0, start_time=time(9), end_time=time(17))
        reviewer_rounds_set(user=reviewer, round_kinds=[RoundKind.ML_BREADTH])
    with django_assert_num_queries(baseline):
        alice_client.get("/book/", {"round_kind": "ml_breadth"})
