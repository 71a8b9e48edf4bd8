"""Code submissions over the API: 202 with a URL to poll, the verdict, and a 429 at the limits."""

import pytest

from interviews.services import practice_start
from scoring.models import Submission
from tests.bank_helpers import current_version, load_coding_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def coding_item(alice, tmp_path):
    load_coding_problems(tmp_path, "stable-softmax")
    session = practice_start(candidate=alice, round_kind="coding")
    item = session.items.get()
    item.question_version = current_version("stable-softmax")
    item.save(update_fields=["question_version"])
    return session, item


def test_a_submission_is_accepted_then_polled_for_its_verdict(
    alice_api, coding_item, django_capture_on_commit_callbacks
):
    session, item = coding_item
    reference = item.question_version.coding_spec["reference"]
    url = f"/api/sessions/{session.pk}/items/{item.pk}/submissions/"
    with django_capture_on_commit_callbacks(execute=True):  # grading runs inline (eager Celery)
        response = alice_api.post(url, {"code": reference, "kind": "submit"}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["url"] == f"/api/submissions/{body['id']}/"
    polled = alice_api.get(body["url"]).json()
    assert polled["pending"] is False
    assert polled["status"] == "done"
    assert polled["passed"] == polled["total"] > 0
    # The candidate's report names hidden tests' verdicts, never their data.
    assert reference not in str(polled["report"])


def test_the_in_flight_limit_is_a_429_that_says_what_to_do(alice_api, coding_item, settings):
    settings.GRADING_IN_FLIGHT_LIMIT = 0
    session, item = coding_item
    response = alice_api.post(
        f"/api/sessions/{session.pk}/items/{item.pk}/submissions/", {"code": "def f(): pass"}, format="json"
    )
    assert response.status_code == 429
    assert "wait for one to finish" in response.json()["detail"]


def test_empty_code_is_a_400(alice_api, coding_item):
    session, item = coding_item
    response = alice_api.post(
        f"/api/sessions/{session.pk}/items/{item.pk}/submissions/", {"code": "   "}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Write some code first."


def test_only_the_owner_polls(charlie_api, alice_api, coding_item):
    session, item = coding_item
    settings_ok = alice_api.post(
        f"/api/sessions/{session.pk}/items/{item.pk}/submissions/", {"code": "x = 1"}, format="json"
    )
    assert settings_ok.status_code == 202
    assert charlie_api.get(settings_ok.json()["url"]).status_code == 404


def test_the_api_honours_the_idempotency_key_header(alice_api, coding_item):
    session, item = coding_item
    url = f"/api/sessions/{session.pk}/items/{item.pk}/submissions/"
    body = {"code": item.question_version.coding_spec["reference"], "kind": "examples"}
    first = alice_api.post(url, body, format="json", headers={"Idempotency-Key": "api-1"})
    again = alice_api.post(url, body, format="json", headers={"Idempotency-Key": "api-1"})
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"] and Submission.objects.count() == 1
