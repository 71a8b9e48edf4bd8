"""Calendar invites (stable UID, increasing SEQUENCE, the recipient's zone) and the 24 h / 1 h reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from interviews.bookings import booking_cancel, booking_reschedule, session_video_url_set
from interviews.models import InterviewSession
from interviews.notifications import booking_reminders_send, session_ics

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def _event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_invite_has_a_stable_uid_and_the_recipients_zone(alice, bob, alice_booked):
    alice.profile.time_zone = "Europe/Paris"
    alice.profile.save()
    calendar, event = _event(session_ics(alice_booked, recipient=alice))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"mockloop-session-{alice_booked.pk}@mockloop"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    # 10:00 UTC is 11:00 in Paris in March, written with its TZID and the VTIMEZONE defining it.
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART").hour == 11 and event.decoded("DTSTART").utcoffset() == timedelta(hours=1)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(
        seconds=alice_booked.duration_seconds
    )
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    # Each copy names the other person by display name, never by email address.
    assert str(event["ATTENDEE"]) == "mailto:alice@example.com"
    assert "alice is interviewed by bob" in str(event["DESCRIPTION"])
    assert b"bob@example.com" not in session_ics(alice_booked, recipient=alice)
    assert b"alice@example.com" not in session_ics(alice_booked, recipient=bob)
    # bob's copy of the same event is in his zone (UTC), with the same UID.
    _, bobs = _event(session_ics(alice_booked, recipient=bob))
    assert str(bobs["UID"]) == str(event["UID"])
    assert bobs.decoded("DTSTART") == event.decoded("DTSTART") and bobs.decoded(
        "DTSTART"
    ).utcoffset() == timedelta(0)


def test_every_change_raises_the_sequence_and_keeps_the_uid(alice, bob, bob_available, book):
    session = book(alice, bob_available, at(10, day=11))
    uid = str(_event(session_ics(session, recipient=alice))[1]["UID"])
    session = booking_reschedule(session=session, by=alice, starts_at=at(13, day=11), now=MONDAY)
    _, moved = _event(session_ics(session, recipient=alice))
    assert moved["SEQUENCE"] == 1 and str(moved["UID"]) == uid and moved.decoded("DTSTART") == at(13, day=11)
    session = session_video_url_set(session=session, by=bob, url="https://meet.example.com/r")
    _, linked = _event(session_ics(session, recipient=alice))
    assert linked["SEQUENCE"] == 2 and str(linked["LOCATION"]) == "https://meet.example.com/r"
    booking_cancel(session=session, by=bob, now=MONDAY)
    session.refresh_from_db()
    calendar, cancelled = _event(session_ics(session, recipient=alice))
    assert calendar["METHOD"] == "CANCEL" and cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 3 and str(cancelled["UID"]) == uid


def test_the_24_hour_and_1_hour_reminders_go_once_each(alice, bob_available, book):
    session = book(alice, bob_available, at(10, day=11))  # booked a week ahead
    assert booking_reminders_send(now=session.starts_at - timedelta(hours=25)) == 0
    assert booking_reminders_send(now=session.starts_at - timedelta(hours=23)) == 1
    assert booking_reminders_send(now=session.starts_at - timedelta(hours=22)) == 0  # not twice
    assert booking_reminders_send(now=session.starts_at - timedelta(minutes=59)) == 1
    assert booking_reminders_send(now=session.starts_at - timedelta(minutes=30)) == 0
    subjects = [m.subject for m in mail.outbox]
    assert sum(s.startswith("Tomorrow:") for s in subjects) == 2  # candidate and reviewer
    assert sum(s.startswith("In one hour:") for s in subjects) == 2
    assert all(m.attachments for m in mail.outbox)


def test_a_late_booking_gets_no_tomorrow_reminder(alice, alice_booked):
    # Booked at 06:00 for 10:00 the same day: only the 1-hour reminder applies.
    assert booking_reminders_send(now=at(8)) == 0
    assert booking_reminders_send(now=at(9, 5)) == 1
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["In one hour", "In one hour"]


def test_cancelled_sessions_get_no_reminders(alice, bob_available, book):
    session = book(alice, bob_available, at(10, day=11))
    booking_cancel(session=session, by=alice, now=MONDAY)
    assert booking_reminders_send(now=session.starts_at - timedelta(hours=23)) == 0


def test_a_failed_send_releases_the_reminder_for_the_next_run(alice, bob_available, book, settings):
    session = book(alice, bob_available, at(10, day=11))
    settings.EMAIL_BACKEND = "tests.interviews.test_booking_ics.FailingBackend"
    assert booking_reminders_send(now=session.starts_at - timedelta(hours=23)) == 0
    assert InterviewSession.objects.get(pk=session.pk).reminder_24h_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert booking_reminders_send(now=session.starts_at - timedelta(hours=23)) == 1


def test_the_beat_schedule_runs_the_reminders(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"interviews.tasks.send_booking_reminders", "interviews.tasks.expire_unopened_sessions"} <= tasks


class FailingBackend:
    """An SMTP server that is down (real backends raise OSError subclasses)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
