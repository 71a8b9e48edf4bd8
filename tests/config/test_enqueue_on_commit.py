"""The one way to enqueue after a write (config/celery.py): only after commit, and a broker that is down
never fails the caller; the row is marked for its beat job instead."""

import logging

import pytest
from django.db import transaction

from interviews.tasks import send_booking_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_nothing_is_sent_before_commit_nor_after_a_rollback(broker_down, caplog):
    not_sent: list[int] = []

    def failed_write() -> None:
        with transaction.atomic():
            send_booking_email.enqueue_on_commit(1, if_not_sent=lambda: not_sent.append(1))
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        failed_write()
    assert not_sent == [] and "Could not send" not in caplog.text


def test_a_broker_that_is_down_is_logged_and_reported_never_raised(broker_down, caplog):
    not_sent: list[int] = []
    with caplog.at_level(logging.WARNING, logger="config.tasks"), transaction.atomic():
        send_booking_email.enqueue_on_commit(1, if_not_sent=lambda: not_sent.append(1))
        assert not_sent == []  # still inside the transaction: nothing tried yet
    assert not_sent == [1]
    assert (
        "Could not send interviews.tasks.send_booking_email(1,); its beat job will send it again"
        in caplog.text
    )


def test_a_batch_stops_at_the_first_broker_error_and_reports_the_rest(broker_down, caplog):
    not_sent: list[tuple[int]] = []
    with caplog.at_level(logging.WARNING, logger="config.tasks"), transaction.atomic():
        send_booking_email.enqueue_each_on_commit([(1,), (2,), (3,)], if_not_sent=not_sent.extend)
    assert not_sent == [(1,), (2,), (3,)]
    assert caplog.text.count("Could not send") == 1  # the dead broker was tried once, not three times
