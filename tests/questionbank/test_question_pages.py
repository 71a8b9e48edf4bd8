import pytest

from tests.factories import QuestionFactory

from .conftest import live_version

pytestmark = pytest.mark.django_db


def test_curator_sees_the_bank_with_reviewer_notes(carol_client):
    question = QuestionFactory.create()
    assert live_version(question).title in carol_client.get("/bank/").content.decode()
    page = carol_client.get(f"/bank/{question.slug}/").content.decode()
    assert "SECRET-NOTE" in page


@pytest.mark.parametrize("persona", ["alice_client", "bob_client"])
def test_candidates_and_reviewers_cannot_open_the_curator_bank(request, persona):
    question = QuestionFactory()
    client = request.getfixturevalue(persona)
    assert client.get("/bank/").status_code == 403
    assert client.get(f"/bank/{question.slug}/").status_code == 403


def test_htmx_filter_returns_only_the_table(carol_client):
    QuestionFactory(round_kind="behavioural")
    response = carol_client.get("/bank/?round=behavioural", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="question-table"') and "<html" not in body


def test_candidates_never_see_reviewer_notes_in_their_round(alice_client, alice_round):
    page = alice_client.get(f"/sessions/{alice_round.pk}/").content.decode()
    assert "SECRET-NOTE" not in page
    alice_client.post(f"/sessions/{alice_round.pk}/submit/")
    assert "SECRET-NOTE" not in alice_client.get(f"/sessions/{alice_round.pk}/results/").content.decode()
