"""Booking emails with calendar invites, and the reminders the beat job sends.

Every email about a session carries an ICS invite for that session: one UID for the session's whole life
(`InterviewSession.ics_uid`), a SEQUENCE that goes up on each change (reschedule, new link, cancellation),
and times in the recipient's own zone with the VTIMEZONE that defines it, so calendars update the same
event instead of adding a new one.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import BookingEmail, InterviewSession, SessionMode, SessionStatus
from .services import profile_of
from .slots import zone

logger = logging.getLogger(__name__)

EVENTS = {
    "booked": "Booked",
    "changed": "Changed",
    "cancelled": "Cancelled",
    "reminder_24h": "Tomorrow",
    "reminder_1h": "In one hour",
}
REMINDERS = (
    ("reminder_24h", "reminder_24h_sent_at", timedelta(hours=24)),
    ("reminder_1h", "reminder_1h_sent_at", timedelta(hours=1)),
)


def display_name(user: User) -> str:
    """How one side of a session is shown to the other: never their email address."""
    return user.get_full_name() or user.get_username()


def _address(user: User) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(display_name(user))
    address.params["role"] = vText("REQ-PARTICIPANT")
    return address


def session_ics(session: InterviewSession, *, recipient: User, now: datetime | None = None) -> bytes:
    """The invite for one recipient: times in their zone, METHOD:CANCEL once the session is cancelled."""
    assert session.starts_at is not None and session.ends_at is not None and session.reviewer is not None
    now = now or timezone.now()
    cancelled = session.status == SessionStatus.CANCELLED
    tz = zone(profile_of(recipient).time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//mockloop//booking//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", session.ics_uid())
    event.add("sequence", session.ics_sequence)
    event.add("dtstamp", now)
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("summary", f"mockloop: {session.get_round_kind_display()} round")
    link = settings.SITE_URL.rstrip("/") + reverse("interviews:booking-detail", args=[session.pk])
    event.add(
        "description",
        f"{display_name(session.candidate)} is interviewed by {display_name(session.reviewer)}.\n"
        f"Session page: {link}" + (f"\nVideo: {session.video_url}" if session.video_url else ""),
    )
    if session.video_url:
        event.add("location", session.video_url)
        event.add("url", session.video_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"))
    # Only the recipient is an attendee (their own address): the other person appears by display name in
    # the description, so neither side learns the other's email from the invite.
    event.add("attendee", _address(recipient))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def _when(session: InterviewSession, user: User) -> str:
    assert session.starts_at is not None and session.ends_at is not None
    tz = zone(profile_of(user).time_zone)
    start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
    return f"{start:%a %d %b %Y, %H:%M}-{end:%H:%M} ({tz.key})"


def _message(session: InterviewSession, event: str, recipient: User, actor: User | None) -> EmailMessage:
    assert session.reviewer is not None
    other = session.reviewer if recipient.pk == session.candidate_id else session.candidate
    role = "your interviewer" if recipient.pk == session.candidate_id else "your candidate"
    kind = session.get_round_kind_display()
    when = _when(session, recipient)
    link = settings.SITE_URL.rstrip("/") + reverse("interviews:booking-detail", args=[session.pk])
    by = ""
    if actor is not None and event in {"changed", "cancelled"}:
        by = " by you" if actor.pk == recipient.pk else f" by {actor.username}"
    lines = {
        "booked": f"Your {kind} round with {other.username} ({role}) is booked.",
        "changed": f"Your {kind} round with {other.username} ({role}) was changed{by}.",
        "cancelled": f"Your {kind} round with {other.username} ({role}) was cancelled{by}.",
        "reminder_24h": f"Reminder: your {kind} round with {other.username} ({role}) is tomorrow.",
        "reminder_1h": f"Reminder: your {kind} round with {other.username} ({role}) starts in one hour.",
    }
    body = [lines[event], "", f"When: {when}"]
    if event == "cancelled" and session.cancel_reason:
        body.append(f"Reason: {session.cancel_reason}")
    if session.video_url and event != "cancelled":
        body.append(f"Video: {session.video_url}")
    body += [f"Session page: {link}", "", "The attached invite adds or updates the event in your calendar."]
    message = EmailMessage(
        subject=f"{EVENTS[event]}: {kind} round, {when}",
        body="\n".join(body),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    part = MIMEText(session_ics(session, recipient=recipient).decode(), "calendar", "utf-8")
    part.set_param("method", "CANCEL" if session.status == SessionStatus.CANCELLED else "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(part)
    return message


def booking_email_queue(*, session_ids: list[int], event: str, actor: User | None) -> list[BookingEmail]:
    """Write the outbox rows of `event` for these sessions and send them once the transaction commits."""
    from .tasks import send_booking_email

    now = timezone.now()
    emails = BookingEmail.objects.bulk_create(
        BookingEmail(session_id=pk, event=event, actor=actor, next_attempt_at=now) for pk in session_ids
    )
    send_booking_email.enqueue_each_on_commit([(email.pk,) for email in emails])
    return emails


def _claim_email(email_id: int, now: datetime) -> BookingEmail | None:
    """Take a due, unsent email: its next attempt moves ahead first, so no other sender takes it too, and
    a sender that dies mid-send leaves it due again later."""
    attempts = BookingEmail.objects.filter(pk=email_id).values_list("attempts", flat=True).first()
    if attempts is None:
        return None
    delay = timedelta(seconds=settings.BOOKING_EMAIL_RETRY_SECONDS * 2**attempts)
    claimed = BookingEmail.objects.filter(
        pk=email_id,
        attempts=attempts,
        sent_at__isnull=True,
        next_attempt_at__lte=now,
        attempts__lt=settings.BOOKING_EMAIL_MAX_ATTEMPTS,
    ).update(attempts=attempts + 1, next_attempt_at=now + delay)
    return BookingEmail.objects.get(pk=email_id) if claimed else None


def booking_email_deliver(*, email_id: int, now: datetime | None = None) -> bool:
    """Send one outbox email if it is due and unsent. True when it went; a failure is recorded on the row
    (the beat job tries again after a growing delay, BOOKING_EMAIL_MAX_ATTEMPTS times in all)."""
    now = now or timezone.now()
    email = _claim_email(email_id, now)
    if email is None:
        return False
    try:
        booking_email_send(session_id=email.session_id, event=email.event, actor_id=email.actor_id)
    except Exception as exc:  # SMTP refusals and outages vary; the row keeps the reason
        logger.warning("Booking email %s failed (attempt %s)", email.pk, email.attempts, exc_info=True)
        BookingEmail.objects.filter(pk=email.pk).update(last_error=f"{type(exc).__name__}: {exc}"[:2000])
        return False
    BookingEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now(), last_error="")
    return True


def booking_emails_send_due(*, now: datetime | None = None) -> int:
    """Beat job: send the outbox emails that are due (their task never ran, or an attempt failed)."""
    now = now or timezone.now()
    due = BookingEmail.objects.filter(
        sent_at__isnull=True,
        next_attempt_at__lte=now,
        attempts__lt=settings.BOOKING_EMAIL_MAX_ATTEMPTS,
    ).order_by("next_attempt_at")
    return sum(
        booking_email_deliver(email_id=pk, now=now) for pk in list(due.values_list("pk", flat=True)[:200])
    )


def booking_email_send(*, session_id: int, event: str, actor_id: int | None = None) -> int:
    """Email both sides about `event`, each with an invite for the session as it is now."""
    session = InterviewSession.objects.select_related("candidate", "reviewer").get(pk=session_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    recipients = [u for u in (session.candidate, session.reviewer) if u is not None and u.email]
    messages = [_message(session, event, user, actor) for user in recipients]
    return get_connection().send_messages(messages) or 0


def booking_reminders_send(*, now: datetime | None = None) -> int:
    """Beat job: the 24-hour and 1-hour reminders, each sent once per booking (or per reschedule).

    A reminder is only due when the session was booked or last moved before its reminder time, so a
    session booked three hours ahead gets no "tomorrow" email. Each reminder is claimed by setting its
    column first, so two beat runs never send it twice; a failed send releases the claim for the next run.
    """
    now = now or timezone.now()
    sent = 0
    for event, column, before in REMINDERS:
        due = InterviewSession.objects.filter(
            mode=SessionMode.BOOKED,
            status=SessionStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + before,
            changed_at__lt=F("starts_at") - before,
            **{f"{column}__isnull": True},
        )
        if event == "reminder_24h":
            due = due.filter(starts_at__gt=now + timedelta(hours=1))  # the 1-hour one is about to go
        for pk in list(due.values_list("pk", flat=True)):
            if not InterviewSession.objects.filter(pk=pk, **{f"{column}__isnull": True}).update(
                **{column: now}
            ):
                continue
            try:
                booking_email_send(session_id=pk, event=event)
            except Exception:
                logger.exception("Reminder %s for session %s failed; will retry", event, pk)
                InterviewSession.objects.filter(pk=pk).update(**{column: None})
                continue
            sent += 1
    return sent
