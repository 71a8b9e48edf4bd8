"""Practice rounds over the API: start, detail, autosave, submit, results; time is the server's."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from interviews.models import Answer, SessionStatus

pytestmark = pytest.mark.django_db


def test_a_candidate_starts_a_round_and_sees_its_questions_without_notes(alice_api, breadth_questions):
    response = alice_api.post("/api/sessions/", {"round_kind": "ml_breadth"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == SessionStatus.IN_PROGRESS
    assert body["seconds_left"] > 0
    assert len(body["items"]) == 6
    assert "SECRET-NOTE" not in str(body)


def test_answers_autosave_and_count_revisions(alice_api, alice_round):
    item = alice_round.items.first()
    url = f"/api/sessions/{alice_round.pk}/items/{item.pk}/answer/"
    assert alice_api.put(url, {"text": "first", "base_revision": 0}, format="json").json()["revision"] == 1
    second = alice_api.put(url, {"text": "second", "base_revision": 1}, format="json").json()
    assert second["revision"] == 2
    assert Answer.objects.get(item=item).text == "second"
    detail = alice_api.get(f"/api/sessions/{alice_round.pk}/").json()
    assert detail["items"][0]["answers"][0]["text"] == "second"


def test_a_save_after_the_deadline_is_a_409_and_submits_the_round(alice_api, alice_round):
    item = alice_round.items.first()
    with time_machine.travel(alice_round.deadline + timedelta(minutes=5)):
        response = alice_api.put(
            f"/api/sessions/{alice_round.pk}/items/{item.pk}/answer/",
            {"text": "late", "base_revision": 0},
            format="json",
        )
    assert response.status_code == 409
    assert "Time is up" in response.json()["detail"]
    alice_round.refresh_from_db()
    assert alice_round.status == SessionStatus.SUBMITTED


def test_too_long_an_answer_is_a_413_with_the_limit(alice_api, alice_round, settings):
    settings.ANSWER_MAX_CHARS = 10
    item = alice_round.items.first()
    response = alice_api.put(
        f"/api/sessions/{alice_round.pk}/items/{item.pk}/answer/",
        {"text": "x" * 11, "base_revision": 0},
        format="json",
    )
    assert response.status_code == 413
    assert response.json()["field"] == "text"


def test_submit_is_idempotent_and_results_follow(alice_api, alice_round):
    assert alice_api.get(f"/api/sessions/{alice_round.pk}/results/").status_code == 404
    first = alice_api.post(f"/api/sessions/{alice_round.pk}/submit/")
    second = alice_api.post(f"/api/sessions/{alice_round.pk}/submit/")
    assert first.status_code == second.status_code == 200
    assert first.json()["submitted_at"] == second.json()["submitted_at"]
    results = alice_api.get(f"/api/sessions/{alice_round.pk}/results/").json()
    assert results["session"]["status"] == SessionStatus.SUBMITTED
    assert results["result"] is None
    assert len(results["items"]) == 6


def test_a_round_with_no_questions_says_so(alice_api):
    response = alice_api.post("/api/sessions/", {"round_kind": "behavioural"}, format="json")
    assert response.status_code == 409
    assert "no published questions" in response.json()["detail"]


def test_the_list_is_the_candidates_own_and_filters(alice_api, charlie_api, alice_round):
    assert alice_api.get("/api/sessions/").json()["count"] == 1
    assert charlie_api.get("/api/sessions/").json()["count"] == 0
    assert alice_api.get("/api/sessions/", {"status": "submitted"}).json()["count"] == 0
    assert alice_api.get("/api/sessions/", {"status": "nonsense"}).status_code == 400


def test_the_list_costs_a_constant_number_of_queries(
    alice_api, alice, breadth_questions, django_assert_max_num_queries
):
    from interviews.services import practice_start

    for _ in range(5):
        practice_start(candidate=alice, round_kind="ml_breadth", now=timezone.now())
    with django_assert_max_num_queries(6):
        assert alice_api.get("/api/sessions/").json()["count"] == 5


def test_a_stale_api_save_is_a_409_with_the_newer_answer(alice_api, alice_round):
    item = alice_round.items.first()
    url = f"/api/sessions/{alice_round.pk}/items/{item.pk}/answer/"
    alice_api.put(url, {"text": "first", "base_revision": 0}, format="json")
    alice_api.put(url, {"text": "newer", "base_revision": 1}, format="json")
    response = alice_api.put(url, {"text": "stale", "base_revision": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["answer"]["text"] == "newer" and body["answer"]["revision"] == 2
    assert Answer.objects.get(item=item).text == "newer"


def test_an_api_save_must_say_its_base_revision(alice_api, alice_round):
    item = alice_round.items.first()
    response = alice_api.put(
        f"/api/sessions/{alice_round.pk}/items/{item.pk}/answer/", {"text": "x"}, format="json"
    )
    assert response.status_code == 400 and "base_revision" in response.json()["errors"]
