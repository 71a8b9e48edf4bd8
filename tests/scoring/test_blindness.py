"""Reviews are blind: nobody sees another review of the same round before submitting their own."""

import pytest

from scoring import services
from scoring.selectors import reviews_visible_to_reviewer

from .builders import full_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]


@pytest.fixture
def two_claims(calibrated_bob, dave, submitted):
    return services.queue_claim_next(reviewer=calibrated_bob), services.queue_claim_next(reviewer=dave)


def _daves_review(review):
    data = full_input(review, score=1, recommendation=1)
    data.comments = {k: "DAVE-SAYS-WEAK" for k in data.comments}
    data.summary = "DAVE-SUMMARY"
    data.red_flags = ["leads-with-salary"]
    return services.review_submit(review=review, data=data)


def test_a_reviewer_cannot_see_a_submitted_review_before_submitting_theirs(bob_client, two_claims):
    bobs, daves = two_claims
    _daves_review(daves)
    page = bob_client.get(f"/reviews/{bobs.pk}/").content.decode()
    assert "DAVE-SAYS-WEAK" not in page and "DAVE-SUMMARY" not in page
    assert "Other reviews" not in page
    assert "Strong no hire" in page  # only as a choice on bob's own form
    assert reviews_visible_to_reviewer(user=bobs.reviewer, session=bobs.session) == []


def test_after_submitting_the_reviewer_sees_the_others(bob_client, two_claims):
    bobs, daves = two_claims
    _daves_review(daves)
    services.review_submit(review=bobs, data=full_input(bobs))
    page = bob_client.get(f"/reviews/{bobs.pk}/").content.decode()
    assert "Other reviews of this round" in page
    assert "DAVE-SAYS-WEAK" in page and "DAVE-SUMMARY" in page
    assert "Leads with salary" in page


def test_a_draft_is_never_shown_to_the_other_reviewer(bob_client, two_claims):
    bobs, daves = two_claims
    data = full_input(daves)
    data.comments = {k: "DAVE-DRAFT" for k in data.comments}
    services.review_save(review=daves, data=data)
    services.review_submit(review=bobs, data=full_input(bobs))
    page = bob_client.get(f"/reviews/{bobs.pk}/").content.decode()
    assert "DAVE-DRAFT" not in page
    assert "No other review has been submitted yet." in page


def test_the_queue_page_shows_no_other_reviewers_scores(bob_client, two_claims):
    _, daves = two_claims
    _daves_review(daves)
    page = bob_client.get("/reviews/queue/").content.decode()
    assert "DAVE-SAYS-WEAK" not in page and "dave" not in page
