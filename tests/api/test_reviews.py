"""Reviewing over the API: the queue, the review form, and blindness (no peeking at others' scores)."""

import pytest

from questionbank.models import RoundKind
from scoring import services
from tests.factories import ProfileFactory, UserFactory, persona
from tests.scoring.builders import bank_rubrics, full_input, make_reviewer, submitted_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_round(alice, breadth_questions):
    bank_rubrics()
    return submitted_round(alice)


def test_a_reviewer_claims_scores_blind_and_then_sees_the_others(bob, bob_api, waiting_round):
    dave = make_reviewer(persona("dave"), RoundKind.ML_BREADTH)
    first = services.queue_claim_next(reviewer=dave)
    assert first
    services.review_submit(review=first, data=full_input(first, score=2))
    make_reviewer(bob, RoundKind.ML_BREADTH, RoundKind.CODING)

    claimed = bob_api.post("/api/reviews/queue/claim/")
    assert claimed.status_code == 201
    review = claimed.json()
    assert review["session"] == waiting_round.pk
    assert review["others"] == []  # dave's scores exist, but bob has not submitted yet
    assert "SECRET-NOTE" in str(review["work"])  # reviewers get the notes of what they review
    url = f"/api/reviews/{review['id']}/"
    keys = [c["key"] for c in review["criteria"]]
    saved = bob_api.patch(url, {"scores": {keys[0]: 3}}, format="json").json()
    assert saved["scores"] == {keys[0]: 3}
    assert saved["others"] == []

    incomplete = bob_api.post(f"{url}submit/", {"scores": {keys[0]: 3}}, format="json")
    assert incomplete.status_code == 400
    assert "recommendation" in incomplete.json()["errors"]

    complete = {"scores": dict.fromkeys(keys, 3), "comments": dict.fromkeys(keys, "ok"), "recommendation": 3}
    submitted = bob_api.post(f"{url}submit/", complete, format="json")
    assert submitted.status_code == 200, submitted.json()
    others = submitted.json()["others"]
    assert len(others) == 1 and others[0]["label"] == "Reviewer A"


def test_a_score_out_of_range_is_refused(bob, bob_api, waiting_round):
    make_reviewer(bob, RoundKind.ML_BREADTH)
    review = bob_api.post("/api/reviews/queue/claim/").json()
    key = review["criteria"][0]["key"]
    response = bob_api.patch(f"/api/reviews/{review['id']}/", {"scores": {key: 7}}, format="json")
    assert response.status_code == 400


def test_an_uncalibrated_reviewer_is_told_to_calibrate(bob_api, waiting_round):
    response = bob_api.post("/api/reviews/queue/claim/")
    assert response.status_code == 403
    assert "calibration" in response.json()["detail"]


def test_nothing_waiting_is_a_204(bob, bob_api, alice, breadth_questions):
    bank_rubrics()
    make_reviewer(bob, RoundKind.ML_BREADTH)
    assert bob_api.post("/api/reviews/queue/claim/").status_code == 204


def test_the_candidate_reads_feedback_and_results_once_reviewed(alice_api, waiting_round):
    reviewers = [
        make_reviewer(ProfileFactory(user=UserFactory(username=name)).user, RoundKind.ML_BREADTH)
        for name in ("dave", "erin")
    ]
    for reviewer in reviewers:
        review = services.queue_claim_next(reviewer=reviewer)
        assert review
        services.review_submit(review=review, data=full_input(review, score=3))
    results = alice_api.get(f"/api/sessions/{waiting_round.pk}/results/").json()
    assert results["result"]["review_count"] == 2
    assert [r["label"] for r in results["reviews"]] == ["Reviewer A", "Reviewer B"]
    assert "dave" not in str(results)  # reviewers are anonymous to candidates
    feedback = alice_api.get("/api/feedback/").json()
    assert feedback["count"] == 2
    review_id = feedback["results"][0]["id"]
    rated = alice_api.post(f"/api/feedback/{review_id}/rate/", {"helpful": True}, format="json")
    assert rated.json()["helpful"] is True
    readiness = alice_api.get("/api/readiness/").json()
    assert {a["round_kind"] for a in readiness["axes"]} == set(RoundKind.values)
    assert next(a for a in readiness["axes"] if a["round_kind"] == "ml_breadth")["percent"] is not None
    plan = alice_api.get("/api/plan/", {"weeks": 2, "hours": 6}).json()
    assert plan["weeks"] == 2 and len(plan["schedule"]) == 2
    assert sum(r["minutes_per_week"] for r in plan["rows"]) == 6 * 60
    assert alice_api.get("/api/plan/", {"weeks": 99}).status_code == 400
    assert alice_api.get("/api/debrief/").json()["outcome"]
