"""Booking emails go through an outbox: a broker or a mail server that is down delays them, never loses
them, and never fails the booking; the beat job sends what is due, each email once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from interviews.models import BookingEmail
from interviews.notifications import booking_email_deliver, booking_emails_send_due
from questionbank.models import RoundKind
from tests.api.conftest import client_for

from .conftest import at


@pytest.mark.django_db(transaction=True)  # so the after-commit send runs inside the request, as in production
def test_a_booking_made_while_the_broker_is_down_succeeds_and_its_emails_go_later(
    clock, alice, bob_available, breadth_questions, broker_down, caplog
):
    api = client_for(alice)
    slots = api.get("/api/slots/", {"round_kind": RoundKind.ML_BREADTH}).json()["results"]
    booked = api.post(
        "/api/bookings/", {"round_kind": RoundKind.ML_BREADTH, "slot": slots[0]["key"]}, format="json"
    )
    assert booked.status_code == 201, booked.content
    assert "Could not send interviews.tasks.send_booking_email" in caplog.text
    assert mail.outbox == []
    (email,) = BookingEmail.objects.all()
    assert (email.event, email.sent_at) == ("booked", None)

    assert booking_emails_send_due() == 1  # the beat job, once the broker is back (it runs in the worker)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    assert booking_emails_send_due() == 0  # sent once, never again
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_mail_server_that_refuses_is_tried_again_later(alice, bob_available, book, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    book(alice, bob_available, at(10))  # its after-commit send never runs here (test transaction)
    email = BookingEmail.objects.get()
    settings.EMAIL_BACKEND = "tests.interviews.test_booking_email_outbox.RefusingBackend"
    assert booking_email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.attempts == 1 and email.sent_at is None
    assert email.last_error == "ConnectionRefusedError: [Errno 111] the mail server is down"
    assert booking_emails_send_due() == 0  # not due again yet: the next attempt waits

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.shift(timedelta(seconds=settings.BOOKING_EMAIL_RETRY_SECONDS * 2 + 1))
    assert booking_emails_send_due() == 1
    email = BookingEmail.objects.get(pk=email.pk)
    assert email.attempts == 2 and email.sent_at is not None and email.last_error == ""
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_an_email_is_sent_by_one_sender_only(alice, bob_available, book):
    book(alice, bob_available, at(10))
    email = BookingEmail.objects.get()
    assert booking_email_deliver(email_id=email.pk) is True
    assert booking_email_deliver(email_id=email.pk) is False  # the task and the beat job raced: one sends
    assert len(mail.outbox) == 2


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "the mail server is down")
