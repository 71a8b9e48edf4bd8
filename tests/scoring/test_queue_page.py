"""The reviewer's queue page, taking the next round, and scoring a booked round."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring import services
from scoring.models import Review, ReviewKind, ReviewStatus

from .builders import booked_round, claim_next, full_input, review_next, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]


def test_a_calibrated_reviewer_takes_the_next_round(bob_client, calibrated_bob, submitted):
    response = bob_client.post("/reviews/queue/claim/")
    review = Review.objects.get(reviewer=calibrated_bob)
    assert response.status_code == 302 and response.url == f"/reviews/{review.pk}/"
    assert review.session == submitted and review.kind == ReviewKind.PEER


def test_an_empty_queue_says_so(bob_client, calibrated_bob):
    response = bob_client.post("/reviews/queue/claim/", follow=True)
    assert "Nothing is waiting for you right now" in response.content.decode()


def test_a_reviewer_not_yet_calibrated_is_told_what_to_do(bob_client, bob, submitted):
    response = bob_client.post("/reviews/queue/claim/", follow=True)
    assert "pass its calibration" in response.content.decode()
    assert not Review.objects.exists()


def test_candidates_who_do_not_review_cannot_take_rounds(alice_client, charlie_client, submitted):
    assert alice_client.post("/reviews/queue/claim/").status_code == 403
    assert charlie_client.post("/reviews/queue/claim/").status_code == 403


def test_the_queue_page_invites_non_reviewers_to_opt_in(charlie_client):
    page = charlie_client.get("/reviews/queue/").content.decode()
    assert "Opt in to review a round" in page


def test_the_queue_page_lists_the_reviewers_own_work(bob_client, calibrated_bob, submitted):
    review = claim_next(reviewer=calibrated_bob)
    page = bob_client.get("/reviews/queue/").content.decode()
    assert f"/reviews/{review.pk}/" in page and "Continue my review" in page


def test_the_queue_page_uses_constant_queries(
    bob_client, calibrated_bob, alice, charlie, breadth_questions, django_assert_num_queries
):
    submitted_round(alice)
    review_next(calibrated_bob)
    with CaptureQueriesContext(connection) as ctx:
        assert bob_client.get("/reviews/queue/").status_code == 200
    for user in (charlie, alice, charlie):
        submitted_round(user)
        review_next(calibrated_bob)
    booked_round(alice, calibrated_bob)
    booked_round(charlie, calibrated_bob)
    with django_assert_num_queries(len(ctx.captured_queries)):
        bob_client.get("/reviews/queue/")


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/reviews/queue/", "/calibration/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --- Booked (live) rounds -------------------------------------------------------------------------


def test_the_booked_reviewer_scores_a_booked_round(bob_client, bob, alice, breadth_questions):
    session = booked_round(alice, bob)
    assert "Booked rounds to score" in bob_client.get("/reviews/queue/").content.decode()
    response = bob_client.post(f"/reviews/live/{session.pk}/start/")
    review = Review.objects.get(session=session)
    assert response.status_code == 302 and review.kind == ReviewKind.LIVE and review.reviewer == bob
    services.review_submit(review=review, data=full_input(review))
    session.refresh_from_db()
    assert session.status == "reviewed"
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SUBMITTED


def test_nobody_else_can_score_a_booked_round(
    alice_client, charlie_client, carol_client, alice, bob, breadth_questions
):
    session = booked_round(alice, bob)
    for client in (alice_client, charlie_client, carol_client):
        assert client.post(f"/reviews/live/{session.pk}/start/").status_code == 404
    assert not Review.objects.exists()


def test_booked_rounds_are_not_put_in_the_peer_queue(alice, bob, breadth_questions):
    booked_round(alice, bob)
    assert services.queue_sync() == 0
