"""What the candidate sees of their reviews, rating them, and flagging an unfair one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questionbank.models import RoundKind
from scoring import flags, services
from scoring.models import FlagStatus, ReviewFlag, ReviewRating

from .builders import claim_next, criteria_keys, full_input, review_next, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def reviewed(submitted, calibrated_bob, dave):
    """alice's round with two reviews: bob scores everything 2 (Lean no hire), dave 4 (Strong hire)."""
    keys = criteria_keys(RoundKind.ML_BREADTH)
    bobs = claim_next(reviewer=calibrated_bob)
    data = full_input(bobs, score=2, recommendation=2, red_flags=["asks-no-questions"])
    data.comments[keys[0]] = "BOB-COMMENT: name the regularisers"
    data.summary = "BOB-SUMMARY"
    services.review_submit(review=bobs, data=data)
    daves = review_next(dave, score={k: 4 for k in keys}, recommendation=4)
    return submitted, bobs, daves


def test_the_session_feedback_shows_medians_with_descriptors(alice_client, reviewed):
    session, bobs, _ = reviewed
    page = alice_client.get(f"/sessions/{session.pk}/feedback/").content.decode()
    first = bobs.rubric_version.criteria[0]
    assert first["title"] in page
    assert "<td>3</td>" in page  # median of 2 and 4
    assert first["levels"]["3"][:40] in page and "split between levels 3 and 4" not in page
    assert "Lean no hire" in page  # the lower middle recommendation of a split panel
    assert "Asks no questions" in page and "(1 of 2)" in page
    assert "Reviewer A" in page and "Reviewer B" in page
    assert "bob" not in page and "dave" not in page  # reviewers are anonymous to candidates


def test_a_split_criterion_says_so(alice_client, submitted, calibrated_bob, dave):
    review_next(calibrated_bob, score=2)
    review_next(dave, score=3)
    page = alice_client.get(f"/sessions/{submitted.pk}/feedback/").content.decode()
    assert "2.5" in page and "split between levels 2 and 3" in page


def test_the_results_page_loads_the_feedback_fragment(alice_client, reviewed):
    session, _, _ = reviewed
    results = alice_client.get(f"/sessions/{session.pk}/results/").content.decode()
    assert f'hx-get="/sessions/{session.pk}/feedback/"' in results
    assert f'href="/sessions/{session.pk}/feedback/"' in results
    fragment = alice_client.get(f"/sessions/{session.pk}/feedback/", headers=HTMX).content.decode()
    assert 'id="feedback-summary"' in fragment and "<html" not in fragment


def test_a_waiting_round_says_it_is_waiting(alice_client, submitted):
    services.queue_sync()
    page = alice_client.get(f"/sessions/{submitted.pk}/feedback/").content.decode()
    assert "Waiting for reviews" in page


def test_a_review_shows_scores_with_descriptors_comments_flags_and_recommendation(alice_client, reviewed):
    _, bobs, _ = reviewed
    page = alice_client.get(f"/feedback/{bobs.pk}/").content.decode()
    first = bobs.rubric_version.criteria[0]
    assert first["levels"]["2"][:40] in page
    assert "BOB-COMMENT: name the regularisers" in page and "BOB-SUMMARY" in page
    assert "Asks no questions" in page
    assert "Recommendation: Lean no hire" in page
    assert "bob" not in page


def test_the_candidate_rates_a_review(alice_client, reviewed):
    _, bobs, _ = reviewed
    response = alice_client.post(f"/feedback/{bobs.pk}/rate/", {"helpful": "no", "reason": "Too short"})
    assert response.status_code == 302
    rating = ReviewRating.objects.get(review=bobs)
    assert rating.helpful is False and rating.reason == "Too short"
    alice_client.post(f"/feedback/{bobs.pk}/rate/", {"helpful": "yes"})
    rating = ReviewRating.objects.get(pk=rating.pk)
    assert rating.helpful is True and ReviewRating.objects.count() == 1


def test_a_rating_needs_a_choice(alice_client, reviewed):
    _, bobs, _ = reviewed
    assert alice_client.post(f"/feedback/{bobs.pk}/rate/", {"reason": "?"}).status_code == 400


def test_the_candidate_flags_an_unfair_review_once(alice_client, reviewed):
    _, bobs, _ = reviewed
    assert alice_client.post(f"/feedback/{bobs.pk}/flag/", {"reason": ""}).status_code == 400
    response = alice_client.post(
        f"/feedback/{bobs.pk}/flag/", {"reason": "Scored a question I was never asked"}
    )
    assert response.status_code == 302
    flag = ReviewFlag.objects.get()
    assert flag.status == FlagStatus.OPEN and flag.raised_by.username == "alice"
    again = alice_client.post(f"/feedback/{bobs.pk}/flag/", {"reason": "again"})
    assert again.status_code == 400 and "already flagged" in again.content.decode()
    assert "a curator will look at it" in alice_client.get(f"/feedback/{bobs.pk}/").content.decode()


@pytest.mark.parametrize("path", ["/feedback/{review}/", "/sessions/{session}/feedback/"])
def test_outsiders_and_reviewers_get_404_on_a_candidates_feedback(
    charlie_client, bob_client, carol_client, reviewed, path
):
    session, bobs, _ = reviewed
    url = path.format(review=bobs.pk, session=session.pk)
    for client in (charlie_client, bob_client, carol_client):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("action", ["rate", "flag"])
def test_only_the_candidate_rates_or_flags(charlie_client, bob_client, reviewed, action):
    _, bobs, _ = reviewed
    for client in (charlie_client, bob_client):
        assert (
            client.post(f"/feedback/{bobs.pk}/{action}/", {"helpful": "yes", "reason": "x"}).status_code
            == 404
        )
    assert not ReviewRating.objects.exists() and not ReviewFlag.objects.exists()


def test_calibration_attempts_and_drafts_are_never_shown_to_the_candidate(
    alice_client, submitted, calibrated_bob
):
    draft = claim_next(reviewer=calibrated_bob)
    assert alice_client.get(f"/feedback/{draft.pk}/").status_code == 404
    assert "Reviewer A" not in alice_client.get(f"/sessions/{submitted.pk}/feedback/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, reviewed):
    session, bobs, _ = reviewed
    for url in (f"/feedback/{bobs.pk}/", f"/sessions/{session.pk}/feedback/", "/feedback/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_feedback_list_uses_constant_queries(
    alice_client, alice, calibrated_bob, dave, breadth_questions, django_assert_num_queries
):
    submitted_round(alice)
    review_next(calibrated_bob)
    with CaptureQueriesContext(connection) as ctx:
        assert alice_client.get("/feedback/").status_code == 200
    for _ in range(3):
        submitted_round(alice)
        review = review_next(calibrated_bob)
        flags.review_rate(review=review, candidate=alice, helpful=True)
        review_next(dave)
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = alice_client.get("/feedback/").content.decode()
    assert page.count("/feedback/") >= 7


def test_the_session_feedback_page_uses_constant_queries(
    alice_client, alice, calibrated_bob, dave, breadth_questions, django_assert_num_queries
):
    first = submitted_round(alice)
    review_next(calibrated_bob)
    with CaptureQueriesContext(connection) as ctx:
        alice_client.get(f"/sessions/{first.pk}/feedback/")
    second = submitted_round(alice)
    review_next(calibrated_bob, score=2)
    review_next(dave, score=4)
    with django_assert_num_queries(len(ctx.captured_queries)):
        alice_client.get(f"/sessions/{second.pk}/feedback/")


def test_the_feedback_list_shows_only_the_users_own_reviews(
    alice_client, charlie_client, bob_client, reviewed
):
    _, bobs, _ = reviewed
    assert f"/feedback/{bobs.pk}/" in alice_client.get("/feedback/").content.decode()
    for client in (charlie_client, bob_client):
        assert f"/feedback/{bobs.pk}/" not in client.get("/feedback/").content.decode()
