"""A live session's states and the only ways between them, with a frozen clock, and the pages of both sides."""

from datetime import timedelta
from decimal import Decimal

import pytest

from config.errors import ApplicationError
from interviews.bookings import booking_cancel
from interviews.live import (
    expire_unopened_sessions,
    follow_up_reveal,
    question_reveal_next,
    scratchpad_save,
    session_mark_reviewed,
    session_open,
)
from interviews.models import InterviewSession, ReviewerScratchpad, SessionStatus
from interviews.services import (
    answer_save,
    expire_overdue_sessions,
    session_expire_if_overdue,
    session_submit,
)
from questionbank.models import RoundKind

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _status(session):
    return InterviewSession.objects.get(pk=session.pk).status


# --- Transitions ----------------------------------------------------------------------------------


def test_a_booked_session_starts_scheduled(alice_booked):
    assert alice_booked.status == SessionStatus.SCHEDULED
    assert alice_booked.started_at is None and alice_booked.deadline is None


def test_it_does_not_open_before_the_start(alice_booked):
    assert not session_open(session=alice_booked, now=alice_booked.starts_at - timedelta(seconds=1))
    assert _status(alice_booked) == SessionStatus.SCHEDULED


def test_it_opens_at_the_start_with_the_slots_end_as_the_shared_deadline(alice_booked):
    opened_at = alice_booked.starts_at + timedelta(minutes=3)  # the candidate is three minutes late
    assert session_open(session=alice_booked, now=opened_at)
    assert alice_booked.status == SessionStatus.IN_PROGRESS
    assert alice_booked.started_at == opened_at and alice_booked.deadline == alice_booked.ends_at
    assert not session_open(session=alice_booked, now=opened_at)  # the other side opening is a no-op


def test_an_unopened_session_expires_at_its_end(alice_booked, charlie, bob_available, book):
    other = book(charlie, bob_available, at(14))
    assert expire_unopened_sessions(now=alice_booked.ends_at - timedelta(seconds=1)) == 0
    assert expire_unopened_sessions(now=alice_booked.ends_at) == 1
    assert _status(alice_booked) == SessionStatus.EXPIRED and _status(other) == SessionStatus.SCHEDULED


def test_opening_after_the_end_expires_it(alice_booked):
    assert session_open(session=alice_booked, now=alice_booked.ends_at)
    assert alice_booked.status == SessionStatus.EXPIRED


def test_the_candidate_submits_an_open_session(alice_booked):
    session_open(session=alice_booked, now=alice_booked.starts_at)
    assert session_submit(session=alice_booked, now=alice_booked.starts_at + timedelta(minutes=20))
    assert alice_booked.status == SessionStatus.SUBMITTED and not alice_booked.auto_submitted


def test_a_scheduled_session_cannot_be_submitted(alice_booked):
    assert not session_submit(session=alice_booked, now=alice_booked.starts_at)
    assert _status(alice_booked) == SessionStatus.SCHEDULED


def test_at_zero_it_is_submitted_automatically_and_later_saves_are_refused(alice_booked, settings):
    session_open(session=alice_booked, now=alice_booked.starts_at)
    item = alice_booked.items.get(position=1)
    answer_save(
        session=alice_booked, item=item, text="in time", now=alice_booked.starts_at + timedelta(minutes=1)
    )
    grace = timedelta(seconds=settings.DEADLINE_GRACE_SECONDS)
    assert expire_overdue_sessions(now=alice_booked.deadline + grace) == 0
    assert expire_overdue_sessions(now=alice_booked.deadline + grace + timedelta(seconds=1)) == 1
    alice_booked.refresh_from_db()
    assert alice_booked.status == SessionStatus.SUBMITTED and alice_booked.auto_submitted
    with pytest.raises(ApplicationError, match="Time is up"):
        answer_save(session=alice_booked, item=item, text="too late", now=alice_booked.deadline + grace * 2)


def test_a_save_after_the_deadline_submits_it_too(alice_booked, settings):
    session_open(session=alice_booked, now=alice_booked.starts_at)
    late = alice_booked.deadline + timedelta(seconds=settings.DEADLINE_GRACE_SECONDS + 1)
    assert session_expire_if_overdue(session=alice_booked, now=late)
    assert alice_booked.status == SessionStatus.SUBMITTED and alice_booked.auto_submitted


def test_a_submitted_session_is_marked_reviewed_once(alice_booked):
    assert not session_mark_reviewed(session=alice_booked)  # still scheduled
    session_open(session=alice_booked, now=alice_booked.starts_at)
    session_submit(session=alice_booked, now=alice_booked.starts_at + timedelta(minutes=5))
    assert session_mark_reviewed(session=alice_booked)
    assert alice_booked.status == SessionStatus.REVIEWED
    assert not session_mark_reviewed(session=alice_booked)


def test_a_cancelled_session_never_opens(alice, bob_available, book):
    session = book(alice, bob_available, at(10, day=11))
    booking_cancel(session=session, by=alice, now=MONDAY)
    session.refresh_from_db()
    assert not session_open(session=session, now=session.starts_at)
    assert expire_unopened_sessions(now=session.ends_at) == 0
    assert _status(session) == SessionStatus.CANCELLED


def test_the_accommodation_lengthens_the_booked_round(alice, bob_available, book, breadth_minutes):
    alice.profile.accommodation_factor = Decimal("1.5")
    alice.profile.save()
    session = book(alice, bob_available, at(10))
    assert session.duration_seconds == breadth_minutes * 60 * 1.5
    session_open(session=session, now=session.starts_at)
    assert session.deadline - session.starts_at == timedelta(minutes=breadth_minutes * 1.5)


# --- Reveals and the scratchpad -------------------------------------------------------------------


def test_the_reviewer_reveals_questions_in_order(alice, bob, alice_booked):
    for position in range(2, 7):
        assert question_reveal_next(session=alice_booked, by=bob, now=at(10, 5)).position == position
    with pytest.raises(ApplicationError, match="already on the candidate's screen"):
        question_reveal_next(session=alice_booked, by=bob)
    with pytest.raises(ApplicationError):
        question_reveal_next(session=alice_booked, by=alice)  # not the candidate


def test_follow_ups_are_revealed_one_rung_at_a_time(bob, alice_booked):
    item = alice_booked.items.get(position=1)
    version = item.question_version
    version.reviewer_notes = {**version.reviewer_notes, "follow_ups": ["Why?", "And then?"]}
    version.save()
    assert follow_up_reveal(session=alice_booked, item=item, by=bob).follow_ups_revealed == 1
    assert follow_up_reveal(session=alice_booked, item=item, by=bob).follow_ups_revealed == 2
    with pytest.raises(ApplicationError, match="already revealed"):
        follow_up_reveal(session=alice_booked, item=item, by=bob)
    hidden = alice_booked.items.get(position=2)
    with pytest.raises(ApplicationError, match="Reveal the question"):
        follow_up_reveal(session=alice_booked, item=hidden, by=bob)


def test_nothing_is_revealed_after_the_session(bob, alice_booked):
    session_open(session=alice_booked, now=alice_booked.starts_at)
    session_submit(session=alice_booked)
    with pytest.raises(ApplicationError, match="over"):
        question_reveal_next(session=alice_booked, by=bob)


def test_only_the_reviewer_writes_the_scratchpad(alice, bob, alice_booked):
    scratchpad_save(session=alice_booked, by=bob, text="strong on regularisation")
    assert ReviewerScratchpad.objects.get(session=alice_booked).text == "strong on regularisation"
    with pytest.raises(ApplicationError):
        scratchpad_save(session=alice_booked, by=alice, text="peek")


# --- Questions --------------------------------------------------------------------------------------


def test_booked_questions_are_unseen_first_and_a_cancellation_does_not_count_as_seen(
    alice, bob_available, book
):
    first = book(alice, bob_available, at(10, day=11))
    seen = {i.question_version.question_id for i in first.items.all()}
    booking_cancel(session=first, by=alice, now=MONDAY)
    again = book(alice, bob_available, at(10, day=11))
    # 8 breadth questions, 6 a round: with the cancelled round not counted, any 6 may come back.
    second = book(alice, bob_available, at(13, day=11))
    assert len(seen) == 6
    assert (
        len(
            {i.question_version.question_id for i in again.items.all()}
            & {i.question_version.question_id for i in second.items.all()}
        )
        == 4
    )


def test_the_domain_round_prefers_the_candidates_domain(alice, bob_available, book):
    from interviews.services import reviewer_rounds_set
    from tests.factories import QuestionFactory

    alice.profile.target_domain = "fraud"
    alice.profile.save()
    reviewer_rounds_set(user=bob_available, round_kinds=[RoundKind.ML_DOMAIN])
    QuestionFactory.create_batch(3, round_kind=RoundKind.ML_DOMAIN, version__domain="nlp")
    fraud = QuestionFactory.create_batch(3, round_kind=RoundKind.ML_DOMAIN, version__domain="fraud")
    session = book(alice, bob_available, at(10), round_kind=RoundKind.ML_DOMAIN)
    assert {i.question_version.question_id for i in session.items.all()} == {q.pk for q in fraud}
