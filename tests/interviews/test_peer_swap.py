"""Peer swap: two candidates who both review book back-to-back sessions, each interviewing the other."""

import pytest
from django.core import mail

from config.errors import ApplicationError
from interviews.bookings import booking_cancel, booking_reschedule
from interviews.models import InterviewSession, SessionStatus
from interviews.services import reviewer_rounds_set
from interviews.swaps import peer_swap_book, swap_slots
from questionbank.models import RoundKind

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_reviews_coding(alice, coding_questions, breadth_questions):
    reviewer_rounds_set(user=alice, round_kinds=[RoundKind.CODING])
    return alice


def test_swap_slots_offer_blocks_in_the_partners_availability(
    alice_reviews_coding, bob_available, breadth_minutes
):
    pairs = swap_slots(
        user=alice_reviews_coding, my_kind=RoundKind.ML_BREADTH, their_kind=RoundKind.CODING, now=MONDAY
    )
    first, second = pairs[0]
    assert first.starts_at == at(9) and first.reviewer_id == bob_available.pk
    assert second.starts_at == first.ends_at  # back to back
    assert all(pair[1].ends_at <= at(17) for pair in pairs if pair[0].starts_at.day == 4)


def test_a_non_reviewer_is_offered_no_swaps(alice, bob_available, breadth_questions):
    assert swap_slots(user=alice, my_kind=RoundKind.ML_BREADTH, their_kind=RoundKind.CODING, now=MONDAY) == []
    with pytest.raises(ApplicationError, match="must review"):
        peer_swap_book(
            user=alice,
            partner_id=bob_available.pk,
            my_kind=RoundKind.ML_BREADTH,
            their_kind=RoundKind.CODING,
            starts_at=at(9),
            now=MONDAY,
        )


def test_a_swap_books_two_back_to_back_sessions_with_roles_reversed(
    alice_reviews_coding, bob_available, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, second = peer_swap_book(
            user=alice_reviews_coding,
            partner_id=bob_available.pk,
            my_kind=RoundKind.ML_BREADTH,
            their_kind=RoundKind.CODING,
            starts_at=at(9),
            now=MONDAY,
        )
    assert (first.candidate, first.reviewer, first.round_kind) == (
        alice_reviews_coding,
        bob_available,
        "ml_breadth",
    )
    assert (second.candidate, second.reviewer, second.round_kind) == (
        bob_available,
        alice_reviews_coding,
        "coding",
    )
    assert second.starts_at == first.ends_at
    assert first.swap_partner == second and second.swap_partner == first
    assert len(mail.outbox) == 4


def test_a_swap_block_already_taken_is_refused(alice_reviews_coding, charlie, bob_available, book):
    book(charlie, bob_available, at(9, 45))
    with pytest.raises(ApplicationError, match="no longer open"):
        peer_swap_book(
            user=alice_reviews_coding,
            partner_id=bob_available.pk,
            my_kind=RoundKind.ML_BREADTH,
            their_kind=RoundKind.CODING,
            starts_at=at(9),
            now=MONDAY,
        )
    assert InterviewSession.objects.count() == 1


def test_cancelling_one_half_cancels_the_swap_and_it_cannot_be_moved(alice_reviews_coding, bob_available):
    first, second = peer_swap_book(
        user=alice_reviews_coding,
        partner_id=bob_available.pk,
        my_kind=RoundKind.ML_BREADTH,
        their_kind=RoundKind.CODING,
        starts_at=at(9, day=11),
        now=MONDAY,
    )
    with pytest.raises(ApplicationError, match="cancel it and book a new swap"):
        booking_reschedule(session=first, by=alice_reviews_coding, starts_at=at(13, day=11), now=MONDAY)
    assert booking_cancel(session=second, by=bob_available, now=MONDAY) == 2
    assert set(InterviewSession.objects.values_list("status", flat=True)) == {SessionStatus.CANCELLED}


def test_swap_through_the_page(clock, alice_reviews_coding, alice_client, bob_available):
    page = alice_client.get("/swap/", {"my_kind": "ml_breadth", "their_kind": "coding"}).content.decode()
    assert "with bob" in page
    key = f"{bob_available.pk}|{at(9).isoformat()}"
    response = alice_client.post("/swap/", {"my_kind": "ml_breadth", "their_kind": "coding", "slot": key})
    first = InterviewSession.objects.get(candidate=alice_reviews_coding)
    assert response.status_code == 302 and response.url == f"/bookings/{first.pk}/"
    assert InterviewSession.objects.get(candidate=bob_available).reviewer == alice_reviews_coding
