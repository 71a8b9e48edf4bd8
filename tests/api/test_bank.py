"""The bank over the API: candidates read what they may see, never secrets; curators write and curate."""

import io
import zipfile
from typing import Any

import pytest

from questionbank.models import Question, RoundKind, Status
from tests.bank_helpers import current_version, load_coding_problems
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db

SECRETS = ("SECRET-NOTE", "reference", "wrong", "hidden", "checker_source", "coding_spec")


@pytest.fixture
def coding_bank(tmp_path):
    load_coding_problems(tmp_path, "stable-softmax")
    return Question.objects.get(slug="stable-softmax")


def test_candidates_list_published_questions_only(alice_api):
    published = QuestionFactory()
    QuestionFactory(status=Status.DRAFT)
    response = alice_api.get("/api/bank/questions/")
    assert response.status_code == 200
    assert [q["slug"] for q in response.json()["results"]] == [published.slug]


def test_a_candidate_never_gets_reviewer_notes(alice_api):
    question = QuestionFactory()
    body = alice_api.get(f"/api/bank/questions/{question.slug}/").json()
    assert body["curation"] is None
    assert "SECRET-NOTE" not in str(body)


def test_a_coding_problem_shows_candidates_the_statement_and_examples_only(alice_api, bob_api, coding_bank):
    for client in (alice_api, bob_api):
        response = client.get("/api/bank/questions/stable-softmax/")
        assert response.status_code == 200
        body = response.json()
        assert body["coding"]["function"]
        assert body["coding"]["examples"]
        text = response.content.decode()
        spec = coding_bank.current_version.coding_spec
        assert spec["reference"] not in text
        hidden = [t for t in spec["tests"] if not t.get("visible")]
        assert hidden and all(t["name"] not in text for t in hidden)
        assert body["curation"] is None


def test_curators_see_the_whole_spec_and_the_notes(carol_api, coding_bank):
    body = carol_api.get("/api/bank/questions/stable-softmax/").json()
    assert body["curation"]["coding_spec"]["reference"]
    assert "key_points" in body["curation"]["reviewer_notes"]


def test_drafts_are_404_for_candidates(alice_api):
    draft = QuestionFactory(status=Status.DRAFT)
    assert alice_api.get(f"/api/bank/questions/{draft.slug}/").status_code == 404


def test_filters_are_validated(alice_api):
    response = alice_api.get("/api/bank/questions/", {"round_kind": "chess"})
    assert response.status_code == 400
    assert "round_kind" in response.json()["errors"]


def test_a_curator_writes_a_question_and_another_approves_it(carol_api, carol, bob):
    from django.contrib.auth.models import Group

    from questionbank.roles import CURATORS_GROUP
    from tests.api.conftest import client_for

    topic = TopicFactory(slug="bias-variance")
    payload = {
        "slug": "api-question",
        "round_kind": RoundKind.ML_BREADTH,
        "title": "Bias and variance",
        "prompt_md": "Explain bias and variance.",
        "difficulty": "easy",
        "level": "mid",
        "minutes": 5,
        "topics": [topic.slug],
        "reviewer_notes": {"key_points": ["decomposition"], "follow_ups": [], "red_flags": []},
    }
    response = carol_api.post("/api/bank/questions/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == Status.DRAFT
    assert carol_api.post("/api/bank/questions/api-question/submit/").status_code == 200
    own = carol_api.post("/api/bank/questions/api-question/approve/")
    assert own.status_code == 403
    assert "another curator" in own.json()["detail"]
    bob.groups.add(Group.objects.get(name=CURATORS_GROUP))
    approved = client_for(bob).post("/api/bank/questions/api-question/approve/")
    assert approved.status_code == 200
    assert approved.json()["status"] == Status.PUBLISHED
    edit = {**payload, "title": "Bias, variance and noise"}
    del edit["slug"], edit["round_kind"]
    response = carol_api.put("/api/bank/questions/api-question/", edit, format="json")
    assert response.json()["changed"] is True
    # The edit waits for approval: candidates still get the live version.
    assert response.json()["question"]["title"] == "Bias and variance"


def test_invalid_questions_are_refused_field_by_field(carol_api):
    response = carol_api.post(
        "/api/bank/questions/", {"slug": "Bad Slug", "round_kind": RoundKind.ML_BREADTH}, format="json"
    )
    assert response.status_code == 400
    assert {"slug", "title", "prompt_md"} <= set(response.json()["errors"])


def test_red_flag_examples_must_match_the_red_flags_one_for_one(carol_api):
    topic = TopicFactory(slug="regularisation")
    notes = {"key_points": ["Zeroes units in training."], "red_flags": ["Leaves it on at inference."]}
    payload: dict[str, Any] = {
        "slug": "dropout-modes",
        "round_kind": RoundKind.ML_BREADTH,
        "title": "Dropout",
        "prompt_md": "Explain dropout.",
        "difficulty": "easy",
        "level": "mid",
        "topics": [topic.slug],
        "reviewer_notes": {**notes, "red_flag_examples": ["I keep it on.", "And more."]},
    }
    response = carol_api.post("/api/bank/questions/", payload, format="json")
    assert response.status_code == 400
    assert "has 2 line(s) but there are 1 red flag(s)" in response.json()["errors"]["red_flag_examples"][0]
    payload["reviewer_notes"] = {**notes, "red_flag_examples": ["I keep it on when serving."]}
    assert carol_api.post("/api/bank/questions/", payload, format="json").status_code == 201
    curation = carol_api.get("/api/bank/questions/dropout-modes/").json()["curation"]
    assert curation["reviewer_notes"]["red_flag_examples"] == ["I keep it on when serving."]


def test_candidates_cannot_write(alice_api):
    response = alice_api.post("/api/bank/questions/", {"slug": "x", "round_kind": "coding"}, format="json")
    assert response.status_code == 403
    assert "curators" in response.json()["detail"]


def test_the_bank_round_trips_through_export_and_import(carol_api, alice_api):
    QuestionFactory(slug="exported-question")
    current_version("exported-question").topics.add(TopicFactory.create())
    export = carol_api.get("/api/bank/export/")
    assert export.status_code == 200
    assert export["Content-Type"] == "application/zip"
    assert alice_api.get("/api/bank/export/").status_code == 403

    def upload():
        archive = io.BytesIO(export.content)
        archive.name = "bank.zip"
        return carol_api.post("/api/bank/import/", {"archive": archive}, format="multipart")

    first = upload()  # the factory's made-up content hash is replaced by the real one
    assert first.status_code == 200, first.json()
    second = upload()
    assert second.json()["changed_nothing"] is True, second.json()


def test_a_broken_zip_lists_its_problems(carol_api):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bank/readme.txt", "no topics here")
    buffer.seek(0)
    buffer.name = "bank.zip"
    response = carol_api.post("/api/bank/import/", {"archive": buffer}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("Nothing was imported")
    assert any("topics.yaml" in p for p in body["problems"])
