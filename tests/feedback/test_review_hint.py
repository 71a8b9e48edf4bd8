"""Reviewers see the machine read as a hint on the review form; it never fills in a score."""

import re

import pytest

from interviews.services import session_submit
from scoring import machine_feedback, services
from scoring.models import Review
from tests.scoring.builders import make_reviewer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics_and_flags")]


def test_the_review_form_shows_the_machine_read_without_prefilling_scores(
    bob, bob_client, alice_written_round
):
    make_reviewer(bob, "ml_breadth")
    session_submit(session=alice_written_round)
    assert machine_feedback.round_feedback_run(session_id=alice_written_round.pk) == "done"
    services.queue_sync()
    review = services.queue_claim_next(reviewer=bob)
    assert review is not None and review.session_id == alice_written_round.pk
    page = bob_client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Automatic feedback (a hint, not a score)" in page
    assert "read as strong" in page or "read as partial" in page
    assert not re.search(r'name="score_[^"]*"[^>]*checked', page)  # no level chosen for the reviewer
    review.refresh_from_db()
    assert review.scores == {}
    assert Review.objects.get(pk=review.pk).recommendation is None


def test_without_an_analysis_the_form_has_no_hint(bob, bob_client, alice_written_round):
    make_reviewer(bob, "ml_breadth")
    session_submit(session=alice_written_round)
    services.queue_sync()
    review = services.queue_claim_next(reviewer=bob)
    assert review is not None
    page = bob_client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Automatic feedback (a hint" not in page
