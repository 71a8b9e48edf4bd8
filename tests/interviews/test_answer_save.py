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
    response = alice_client.post(
        _url(alice_round, item), {"base_revision": 0, "text": "Bias is...", "section": ""}, headers=HTMX
    )
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    assert Answer.objects.get(item=item).text == "Bias is..."
    alice_client.post(
        _url(alice_round, item),
        {"base_revision": 1, "text": "Bias is error from wrong assumptions."},
        headers=HTMX,
    )
    answer = Answer.objects.get(item=item)
    assert answer.text == "Bias is error from wrong assumptions." and answer.revision == 2


def test_the_saved_answer_is_on_the_page_after_a_reload(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(
        _url(alice_round, item), {"base_revision": 0, "text": "kept across reloads"}, headers=HTMX
    )
    assert "kept across reloads" in alice_client.get(f"/sessions/{alice_round.pk}/").content.decode()


def test_an_answer_over_the_limit_gets_a_clear_error_and_keeps_the_last_save(
    alice_client, alice_round, settings
):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "short"}, headers=HTMX)
    response = alice_client.post(
        _url(alice_round, item),
        {"base_revision": 1, "text": "x" * (settings.ANSWER_MAX_CHARS + 1)},
        headers=HTMX,
    )
    assert response.status_code == 413
    assert "the limit is 20,000" in response.content.decode()
    assert Answer.objects.get(item=item).text == "short"


def test_saves_within_the_grace_period_count(alice_client, alice_round, settings):
    item = alice_round.items.first()
    with time_machine.travel(alice_round.deadline + timedelta(seconds=settings.DEADLINE_GRACE_SECONDS - 5)):
        response = alice_client.post(
            _url(alice_round, item), {"base_revision": 0, "text": "last words"}, headers=HTMX
        )
    assert response.status_code == 200


def test_saves_after_the_deadline_are_refused_and_the_round_is_submitted(alice_client, alice_round, settings):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "in time"}, headers=HTMX)
    with time_machine.travel(alice_round.deadline + timedelta(seconds=settings.DEADLINE_GRACE_SECONDS + 1)):
        response = alice_client.post(
            _url(alice_round, item), {"base_revision": 1, "text": "too late"}, headers=HTMX
        )
    assert response.status_code == 409 and "Time is up" in response.content.decode()
    alice_round.refresh_from_db()
    assert alice_round.status == SessionStatus.SUBMITTED and alice_round.auto_submitted
    assert Answer.objects.get(item=item).text == "in time"


def test_without_htmx_a_save_redirects_back(alice_client, alice_round):
    item = alice_round.items.first()
    response = alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "plain form"})
    assert response.status_code == 302 and response.url == f"/sessions/{alice_round.pk}/"


def test_an_outsider_cannot_save_into_someone_elses_round(charlie_client, alice_round):
    item = alice_round.items.first()
    assert (
        charlie_client.post(
            _url(alice_round, item), {"base_revision": 0, "text": "hi"}, headers=HTMX
        ).status_code
        == 404
    )
    assert not Answer.objects.exists()


def test_an_item_of_another_round_is_404(alice_client, alice, alice_round, breadth_questions):
    from interviews.services import practice_start

    other = practice_start(candidate=alice, round_kind="ml_breadth")
    item = other.items.first()
    assert (
        alice_client.post(
            _url(alice_round, item), {"base_revision": 0, "text": "x"}, headers=HTMX
        ).status_code
        == 404
    )


def test_sections_are_only_for_system_design(alice_client, alice_round):
    item = alice_round.items.first()
    response = alice_client.post(
        _url(alice_round, item), {"base_revision": 0, "text": "x", "section": "serving"}, headers=HTMX
    )
    assert response.status_code == 400 and "Unknown section" in response.content.decode()


def test_a_save_based_on_an_older_revision_is_refused_with_the_newer_text(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "from tab A"}, headers=HTMX)
    alice_client.post(_url(alice_round, item), {"base_revision": 1, "text": "newer, tab A"}, headers=HTMX)
    # Tab B loaded the page at revision 1 and types on: its save must not overwrite the newer text.
    response = alice_client.post(
        _url(alice_round, item), {"base_revision": 1, "text": "stale tab B"}, headers=HTMX
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed elsewhere" in page and "newer, tab A" in page and 'data-revision="2"' in page
    answer = Answer.objects.get(item=item)
    assert answer.text == "newer, tab A" and answer.revision == 2


def test_a_second_first_save_from_another_tab_is_a_conflict(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "tab A"}, headers=HTMX)
    response = alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "tab B"}, headers=HTMX)
    assert response.status_code == 409
    assert Answer.objects.get(item=item).text == "tab A"


def test_repeating_a_save_of_the_same_text_is_not_a_conflict(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "same"}, headers=HTMX)
    # The beacon on leaving and the regular save can both land: the second changes nothing.
    response = alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "same"}, headers=HTMX)
    assert response.status_code == 200 and 'data-revision="1"' in response.content.decode()


def test_a_save_without_its_base_revision_is_refused(alice_client, alice_round):
    item = alice_round.items.first()
    response = alice_client.post(_url(alice_round, item), {"text": "no revision"}, headers=HTMX)
    assert response.status_code == 400
    assert not Answer.objects.filter(item=item).exists()


def test_without_javascript_a_stale_save_shows_both_texts(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "saved first"}, headers=HTMX)
    response = alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "my unsaved words"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "saved first" in page and "my unsaved words" in page and "changed elsewhere" in page


def test_the_page_carries_the_revision_of_each_answer(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(_url(alice_round, item), {"base_revision": 0, "text": "one"}, headers=HTMX)
    alice_client.post(_url(alice_round, item), {"base_revision": 1, "text": "two"}, headers=HTMX)
    page = alice_client.get(f"/sessions/{alice_round.pk}/").content.decode()
    assert 'name="base_revision" value="2"' in page
