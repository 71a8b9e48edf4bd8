from datetime import timedelta

import pytest
import time_machine

from interviews.models import Answer, SessionStatus

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _url(session, item):
    return f"/sessions/{session.pk}/items/{item.pk}/answer/"


def test_autosave_stores_the_answer_and_says_when(alice_client, alice_round):
    item = alice_round.items.first()
    response = alice_client.post(_url(alice_round, item), {"text": "Bias is...", "section": ""}, headers=HTMX)
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    assert Answer.objects.get(item=item).text == "Bias is..."
    alice_client.post(
        _url(alice_round, item), {"text": "Bias is error from wrong assumptions."}, headers=HTMX
    )
    answer = Answer.objects.get(item=item)
    assert answer.text == "Bias is error from wrong assumptions." and answer.revision == 1


def test_the_saved_answer_is_on_the_page_after_a_reload(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"text": "kept across reloads"}, headers=HTMX)
    assert "kept across reloads" in alice_client.get(f"/sessions/{alice_round.pk}/").content.decode()


def test_an_answer_over_the_limit_gets_a_clear_error_and_keeps_the_last_save(
    alice_client, alice_round, settings
):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"text": "short"}, headers=HTMX)
    response = alice_client.post(
        _url(alice_round, item), {"text": "x" * (settings.ANSWER_MAX_CHARS + 1)}, headers=HTMX
    )
    assert response.status_code == 413
    assert "the limit is 20,000" in response.content.decode()
    assert Answer.objects.get(item=item).text == "short"


def test_saves_within_the_grace_period_count(alice_client, alice_round, settings):
    item = alice_round.items.first()
    with time_machine.travel(alice_round.deadline + timedelta(seconds=settings.DEADLINE_GRACE_SECONDS - 5)):
        response = alice_client.post(_url(alice_round, item), {"text": "last words"}, headers=HTMX)
    assert response.status_code == 200


def test_saves_after_the_deadline_are_refused_and_the_round_is_submitted(alice_client, alice_round, settings):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"text": "in time"}, headers=HTMX)
    with time_machine.travel(alice_round.deadline + timedelta(seconds=settings.DEADLINE_GRACE_SECONDS + 1)):
        response = alice_client.post(_url(alice_round, item), {"text": "too late"}, headers=HTMX)
    assert response.status_code == 409 and "Time is up" in response.content.decode()
    alice_round.refresh_from_db()
    assert alice_round.status == SessionStatus.SUBMITTED and alice_round.auto_submitted
    assert Answer.objects.get(item=item).text == "in time"


def test_without_htmx_a_save_redirects_back(alice_client, alice_round):
    item = alice_round.items.first()
    response = alice_client.post(_url(alice_round, item), {"text": "plain form"})
    assert response.status_code == 302 and response.url == f"/sessions/{alice_round.pk}/"


def test_an_outsider_cannot_save_into_someone_elses_round(charlie_client, alice_round):
    item = alice_round.items.first()
    assert charlie_client.post(_url(alice_round, item), {"text": "hi"}, headers=HTMX).status_code == 404
    assert not Answer.objects.exists()


def test_an_item_of_another_round_is_404(alice_client, alice, alice_round, breadth_questions):
    from interviews.services import practice_start

    other = practice_start(candidate=alice, round_kind="ml_breadth")
    item = other.items.first()
    assert alice_client.post(_url(alice_round, item), {"text": "x"}, headers=HTMX).status_code == 404


def test_sections_are_only_for_system_design(alice_client, alice_round):
    item = alice_round.items.first()
    response = alice_client.post(_url(alice_round, item), {"text": "x", "section": "serving"}, headers=HTMX)
    assert response.status_code == 400 and "Unknown section" in response.content.decode()
