"""Reschedule and cancel with a cut-off, by either side, the other side told; no-shows; links and briefs."""

from datetime import timedelta

import pytest
from django.core import mail

from config.errors import ApplicationError
from interviews.bookings import (
    booking_cancel,
    booking_reschedule,
    session_brief_set,
    session_no_show_mark,
    session_video_url_set,
)
from interviews.models import InterviewSession, SessionStatus
from interviews.selectors import no_show_counts
from interviews.slots import reschedule_slots

from .conftest import MONDAY, at, span

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_week(alice, bob_available, book):
    """alice with bob next Monday 10:00 UTC, booked today: far from the 12-hour cut-off."""
    return book(alice, bob_available, at(10, day=11))


@pytest.mark.parametrize("side", ["alice", "bob"])
def test_either_side_can_cancel_before_the_cut_off_and_the_other_is_told(
    request, side, next_week, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(side)
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_cancel(session=next_week, by=actor, now=MONDAY) == 1
    next_week.refresh_from_db()
    assert next_week.status == SessionStatus.CANCELLED and next_week.cancelled_by == actor
    assert next_week.ics_sequence == 1
    other = "bob" if side == "alice" else "alice"
    to_other = next(m for m in mail.outbox if m.to == [f"{other}@example.com"])
    assert to_other.subject.startswith("Cancelled:") and f"was cancelled by {side}" in to_other.body
    (invite,) = [p for p in to_other.attachments if p.get_content_type() == "text/calendar"]
    assert invite.get_param("method") == "CANCEL"


def test_cancelling_after_the_cut_off_is_refused(alice, next_week):
    too_late = next_week.starts_at - timedelta(hours=12) + timedelta(seconds=1)
    with pytest.raises(ApplicationError, match="12 hours before") as exc:
        booking_cancel(session=next_week, by=alice, now=too_late)
    assert exc.value.status == 409
    booking_cancel(session=next_week, by=alice, now=too_late - timedelta(seconds=1))  # exactly 12 h is fine


def test_an_outsider_cannot_cancel(charlie, next_week):
    with pytest.raises(ApplicationError) as exc:
        booking_cancel(session=next_week, by=charlie, now=MONDAY)
    assert exc.value.status == 404


def test_a_cancelled_slot_opens_again(alice, charlie, next_week, book):
    booking_cancel(session=next_week, by=alice, now=MONDAY)
    assert book(charlie, next_week.reviewer, next_week.starts_at).status == SessionStatus.SCHEDULED


@pytest.mark.parametrize("side", ["alice", "bob"])
def test_either_side_can_reschedule_to_another_open_slot_of_the_reviewer(
    request, side, next_week, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(side)
    options = [s.starts_at for s in reschedule_slots(session=next_week, now=MONDAY)]
    assert next_week.starts_at not in options and at(10, 15, day=11) in options  # its own time is freed
    with django_capture_on_commit_callbacks(execute=True):
        moved = booking_reschedule(session=next_week, by=actor, starts_at=at(14, day=11), now=MONDAY)
    assert moved.starts_at == at(14, day=11) and moved.ics_sequence == 1
    starts_at, ends_at = span(moved)
    assert ends_at - starts_at == timedelta(seconds=moved.duration_seconds)
    assert InterviewSession.objects.get(pk=moved.pk).starts_at == at(14, day=11)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["alice@example.com"].startswith("Changed:") and "14:00" in subjects["alice@example.com"]
    other = "bob" if side == "alice" else "alice"
    to_other = next(m for m in mail.outbox if m.to == [f"{other}@example.com"])
    assert f"was changed by {side}" in to_other.body


def test_rescheduling_into_a_taken_slot_is_refused(alice, charlie, next_week, book):
    book(charlie, next_week.reviewer, at(14, day=11))
    with pytest.raises(ApplicationError, match="no longer open"):
        booking_reschedule(session=next_week, by=alice, starts_at=at(14, day=11), now=MONDAY)


def test_rescheduling_after_the_cut_off_is_refused(alice, next_week):
    with pytest.raises(ApplicationError, match="12 hours"):
        booking_reschedule(
            session=next_week,
            by=alice,
            starts_at=at(14, day=11),
            now=next_week.starts_at - timedelta(hours=11),
        )


def test_rescheduling_resets_the_reminders(alice, next_week):
    InterviewSession.objects.filter(pk=next_week.pk).update(reminder_24h_sent_at=MONDAY)
    next_week.refresh_from_db()
    moved = booking_reschedule(session=next_week, by=alice, starts_at=at(14, day=11), now=MONDAY)
    assert moved.reminder_24h_sent_at is None and moved.changed_at == MONDAY


def test_no_show_can_only_be_marked_after_the_start_and_counts_on_profiles(alice, bob, alice_booked):
    with pytest.raises(ApplicationError, match="after the start"):
        session_no_show_mark(session=alice_booked, by=bob, now=alice_booked.starts_at - timedelta(minutes=1))
    session_no_show_mark(session=alice_booked, by=bob, now=alice_booked.starts_at + timedelta(minutes=5))
    alice_booked.refresh_from_db()
    assert alice_booked.candidate_absent and not alice_booked.reviewer_absent
    assert no_show_counts(user_ids=[alice.pk, bob.pk]) == {alice.pk: 1, bob.pk: 0}
    session_no_show_mark(session=alice_booked, by=alice, now=alice_booked.starts_at + timedelta(minutes=6))
    assert no_show_counts(user_ids=[alice.pk, bob.pk]) == {alice.pk: 1, bob.pk: 1}


def test_no_shows_appear_on_the_profile_and_booking_pages(
    clock, alice, bob, alice_client, bob_client, alice_booked
):
    clock.move_to(alice_booked.starts_at + timedelta(minutes=10))
    response = bob_client.post(f"/bookings/{alice_booked.pk}/no-show/")
    assert response.status_code == 302
    assert "1 no-show" in bob_client.get(f"/bookings/{alice_booked.pk}/").content.decode()
    assert "Missed sessions: 1" in alice_client.get("/accounts/profile/").content.decode()


def test_changing_the_video_link_updates_both_invites(alice, next_week, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session_video_url_set(session=next_week, by=alice, url="https://meet.example.com/xyz")
    next_week.refresh_from_db()
    assert next_week.video_url == "https://meet.example.com/xyz" and next_week.ics_sequence == 1
    assert len(mail.outbox) == 2 and "https://meet.example.com/xyz" in mail.outbox[0].body


def test_the_brief_is_the_candidates_and_only_for_the_deep_dive(alice, bob, next_week):
    with pytest.raises(ApplicationError):
        session_brief_set(session=next_week, by=alice, text="not a deep dive")
    next_week.round_kind = "project_deep_dive"
    with pytest.raises(ApplicationError):
        session_brief_set(session=next_week, by=bob, text="the reviewer cannot")
    assert (
        session_brief_set(session=next_week, by=alice, text="My churn model").project_brief
        == "My churn model"
    )


# --- The pages ------------------------------------------------------------------------------------


def test_cancel_through_the_page(clock, alice_client, next_week):
    response = alice_client.post(f"/bookings/{next_week.pk}/cancel/")
    assert response.status_code == 302 and response.url == "/bookings/"
    next_week.refresh_from_db()
    assert next_week.status == SessionStatus.CANCELLED


def test_a_late_cancel_through_the_page_explains_the_cut_off(clock, alice_client, alice_booked):
    clock.move_to(MONDAY + timedelta(minutes=11))  # past the free-cancel window after booking
    response = alice_client.post(f"/bookings/{alice_booked.pk}/cancel/", follow=True)
    assert "12 hours before" in response.content.decode()
    alice_booked.refresh_from_db()
    assert alice_booked.status == SessionStatus.SCHEDULED


def test_reschedule_through_the_page(clock, bob_client, next_week):
    page = bob_client.get(f"/bookings/{next_week.pk}/reschedule/").content.decode()
    assert f'value="{next_week.reviewer_id}|{at(14, day=11).isoformat()}"' in page
    key = f"{next_week.reviewer_id}|{at(14, day=11).isoformat()}"
    response = bob_client.post(f"/bookings/{next_week.pk}/reschedule/", {"slot": key})
    assert response.status_code == 302
    next_week.refresh_from_db()
    assert next_week.starts_at == at(14, day=11)


def test_the_ics_download_is_the_sessions_invite(clock, alice_client, next_week):
    response = alice_client.get(f"/bookings/{next_week.pk}/invite.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert next_week.ics_uid() in response.content.decode()
