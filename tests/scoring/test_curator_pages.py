"""Curators' pages: rounds waiting for a curator, flagged reviews, and who may see them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scoring import flags, services
from scoring.models import FlagStatus, QueueItem, QueueStatus, Review, ReviewFlag, ReviewKind
from tests.factories import ProfileFactory, UserFactory

from .builders import review_next, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]
CURATOR_PAGES = [
    "/curate/reviews/escalated/",
    "/curate/reviews/flags/",
    "/curate/gold/",
    "/curate/agreement/",
]


def _escalate():
    services.queue_sync()
    services.queue_escalate_waiting(now=timezone.now() + timedelta(days=30))


@pytest.mark.parametrize("path", CURATOR_PAGES)
def test_curator_pages_are_for_curators(path, carol_client, alice_client, bob_client, charlie_client):
    assert carol_client.get(path).status_code == 200
    for client in (alice_client, bob_client, charlie_client):
        assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", CURATOR_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_curator_reviews_an_escalated_round(carol_client, carol, submitted):
    _escalate()
    item = QueueItem.objects.get()
    assert "Review it" in carol_client.get("/curate/reviews/escalated/").content.decode()
    response = carol_client.post(f"/curate/reviews/escalated/{item.pk}/claim/")
    review = Review.objects.get()
    assert response.status_code == 302 and review.kind == ReviewKind.CURATOR and review.reviewer == carol


def test_non_curators_cannot_take_escalated_rounds(bob_client, alice_client, submitted):
    _escalate()
    item = QueueItem.objects.get()
    for client in (bob_client, alice_client):
        assert client.post(f"/curate/reviews/escalated/{item.pk}/claim/").status_code == 403
    assert not Review.objects.exists()


def test_a_curator_cannot_review_their_own_escalated_round(carol_client, carol, breadth_questions):
    submitted_round(carol)
    _escalate()
    item = QueueItem.objects.get()
    carol_client.post(f"/curate/reviews/escalated/{item.pk}/claim/")
    assert not Review.objects.exists()


def test_the_curator_queue_uses_constant_queries(carol_client, breadth_questions, django_assert_num_queries):
    def people(n, offset):
        return [ProfileFactory(user=UserFactory(username=f"cand{offset + i}")).user for i in range(n)]

    for user in people(1, 0):
        submitted_round(user)
    _escalate()
    with CaptureQueriesContext(connection) as ctx:
        carol_client.get("/curate/reviews/escalated/")
    for user in people(4, 10):
        submitted_round(user)
    _escalate()
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = carol_client.get("/curate/reviews/escalated/").content.decode()
    assert page.count("Review it") == 5


@pytest.fixture
def flagged(alice, submitted, calibrated_bob, dave):
    bobs = review_next(calibrated_bob, score=1, recommendation=1)
    review_next(dave, score=3)
    return flags.review_flag(review=bobs, candidate=alice, reason="He scored a different round")


def test_upholding_a_flag_discounts_the_review_and_reopens_the_round(carol_client, flagged, submitted):
    page = carol_client.get("/curate/reviews/flags/").content.decode()
    assert "He scored a different round" in page and "review by bob" in page
    response = carol_client.post(
        f"/curate/reviews/flags/{flagged.pk}/resolve/", {"decision": "uphold", "note": "Agreed"}
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == FlagStatus.UPHELD and flagged.handled_by.username == "carol"
    assert Review.objects.get(pk=flagged.review_id).discounted
    item = QueueItem.objects.get(session=submitted)
    assert item.status == QueueStatus.WAITING  # one counting review left: it needs another
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_dismissing_a_flag_keeps_the_review(carol_client, flagged):
    carol_client.post(f"/curate/reviews/flags/{flagged.pk}/resolve/", {"decision": "dismiss"})
    flagged.refresh_from_db()
    assert flagged.status == FlagStatus.DISMISSED and not flagged.review.discounted
    assert "No open flags." in carol_client.get("/curate/reviews/flags/").content.decode()


def test_a_flag_is_handled_once(carol_client, flagged):
    carol_client.post(f"/curate/reviews/flags/{flagged.pk}/resolve/", {"decision": "dismiss"})
    response = carol_client.post(
        f"/curate/reviews/flags/{flagged.pk}/resolve/", {"decision": "uphold"}, follow=True
    )
    assert "already been handled" in response.content.decode()
    assert not Review.objects.get(pk=flagged.review_id).discounted


def test_non_curators_cannot_resolve_flags(bob_client, alice_client, flagged):
    for client in (bob_client, alice_client):
        assert (
            client.post(f"/curate/reviews/flags/{flagged.pk}/resolve/", {"decision": "uphold"}).status_code
            == 403
        )
    assert ReviewFlag.objects.get().status == FlagStatus.OPEN


def test_the_flags_page_uses_constant_queries(
    carol_client, alice, calibrated_bob, dave, breadth_questions, django_assert_num_queries
):
    def flag_one():
        submitted_round(alice)
        review = review_next(calibrated_bob, score=1)
        review_next(dave)
        flags.review_flag(review=review, candidate=alice, reason="unfair")

    flag_one()
    with CaptureQueriesContext(connection) as ctx:
        carol_client.get("/curate/reviews/flags/")
    for _ in range(3):
        flag_one()
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = carol_client.get("/curate/reviews/flags/").content.decode()
    assert page.count("Save the decision") == 4
