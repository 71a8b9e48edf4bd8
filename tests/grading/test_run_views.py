"""The run/submit endpoint of the coding round page: clear messages for bad input, nothing lost."""

import pytest

from interviews.models import Answer
from scoring.models import Submission

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _url(session, item):
    return f"/sessions/{session.pk}/items/{item.pk}/run/"


def test_empty_code_gets_a_clear_message_in_the_verdict_box(alice_client, coding_round):
    session, item = coding_round
    response = alice_client.post(_url(session, item), {"kind": "submit", "text": "   "}, headers=HTMX)
    assert response.status_code == 400
    assert "Write some code first." in response.content.decode()
    assert not Submission.objects.exists()


def test_code_over_the_limit_is_refused_and_the_last_save_kept(alice_client, coding_round, settings):
    session, item = coding_round
    alice_client.post(
        f"/sessions/{session.pk}/items/{item.pk}/answer/", {"base_revision": 0, "text": "def softmax(x): ..."}
    )
    big = "x" * (settings.CODE_MAX_CHARS + 1)
    response = alice_client.post(_url(session, item), {"kind": "submit", "text": big}, headers=HTMX)
    assert response.status_code == 413 and "the limit is" in response.content.decode()
    assert Answer.objects.get(item=item).text == "def softmax(x): ..."


def test_an_unknown_kind_is_refused(alice_client, coding_round):
    session, item = coding_round
    response = alice_client.post(_url(session, item), {"kind": "deploy", "text": "pass"}, headers=HTMX)
    assert (
        response.status_code == 400
        and "to run the examples, your own input, or to submit" in response.content.decode()
    )


def test_without_htmx_the_error_comes_back_on_the_round_page(alice_client, coding_round):
    session, item = coding_round
    response = alice_client.post(_url(session, item), {"kind": "submit", "text": ""}, follow=True)
    assert "Write some code first." in response.content.decode()


def test_an_outsider_cannot_run_code_in_someone_elses_round(charlie_client, coding_round):
    session, item = coding_round
    assert charlie_client.post(_url(session, item), {"kind": "submit", "text": "pass"}).status_code == 404
    assert not Submission.objects.exists()


def test_running_code_on_a_written_question_is_a_conflict_not_bad_input(alice, alice_round):
    """A valid request refused because of what the item is (issue #13's contract): 409, for the API too."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(alice)
    item = alice_round.items.first()
    response = api.post(
        f"/api/sessions/{alice_round.pk}/items/{item.pk}/submissions/", {"code": "x = 1"}, format="json"
    )
    assert response.status_code == 409 and "Only coding questions" in response.json()["detail"]
    assert not Submission.objects.exists()
