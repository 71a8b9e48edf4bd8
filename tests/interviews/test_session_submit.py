from datetime import timedelta

import pytest
import time_machine

from interviews.models import InterviewSession, SessionStatus
from interviews.services import expire_overdue_sessions, practice_start
from interviews.tasks import expire_overdue_sessions as expire_task

from .conftest import timer

pytestmark = pytest.mark.django_db


def test_submitting_leads_to_the_results_page(alice_client, alice_round):
    item = alice_round.items.first()
    alice_client.post(
        f"/sessions/{alice_round.pk}/items/{item.pk}/answer/", {"base_revision": 0, "text": "my answer"}
    )
    response = alice_client.post(f"/sessions/{alice_round.pk}/submit/")
    assert response.status_code == 302 and response.url == f"/sessions/{alice_round.pk}/results/"
    alice_round.refresh_from_db()
    assert alice_round.status == SessionStatus.SUBMITTED and not alice_round.auto_submitted
    page = alice_client.get(response.url).content.decode()
    assert "my answer" in page


def test_submitting_twice_is_harmless(alice_client, alice_round):
    alice_client.post(f"/sessions/{alice_round.pk}/submit/")
    first = InterviewSession.objects.get().submitted_at
    alice_client.post(f"/sessions/{alice_round.pk}/submit/")
    assert InterviewSession.objects.get().submitted_at == first


def test_htmx_submit_redirects_on_the_client(alice_client, alice_round):
    response = alice_client.post(f"/sessions/{alice_round.pk}/submit/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == f"/sessions/{alice_round.pk}/results/"


def test_the_round_page_sends_a_finished_round_to_its_results(alice_client, alice_round):
    alice_client.post(f"/sessions/{alice_round.pk}/submit/")
    assert alice_client.get(f"/sessions/{alice_round.pk}/").url == f"/sessions/{alice_round.pk}/results/"


def test_results_of_an_open_round_send_back_to_the_round(alice_client, alice_round):
    assert alice_client.get(f"/sessions/{alice_round.pk}/results/").url == f"/sessions/{alice_round.pk}/"


def test_opening_an_overdue_round_submits_it_automatically(alice_client, alice_round):
    with time_machine.travel(alice_round.deadline + timedelta(minutes=5)):
        response = alice_client.get(f"/sessions/{alice_round.pk}/")
    assert response.url == f"/sessions/{alice_round.pk}/results/"
    alice_round.refresh_from_db()
    assert alice_round.auto_submitted


def test_the_beat_job_submits_overdue_rounds_only(alice, breadth_questions):
    overdue = practice_start(candidate=alice, round_kind="ml_breadth")
    with time_machine.travel(timer(overdue)[1] + timedelta(minutes=1)):
        fresh = practice_start(candidate=alice, round_kind="ml_breadth")
        assert expire_task.delay().get() == 1
        assert expire_overdue_sessions() == 0
    overdue.refresh_from_db()
    fresh.refresh_from_db()
    assert overdue.status == SessionStatus.SUBMITTED and overdue.auto_submitted
    assert fresh.status == SessionStatus.IN_PROGRESS


@pytest.mark.parametrize("path", ["/sessions/{id}/", "/sessions/{id}/results/"])
def test_an_outsider_gets_404(charlie_client, alice_round, path):
    assert charlie_client.get(path.format(id=alice_round.pk)).status_code == 404


def test_an_outsider_cannot_submit(charlie_client, alice_round):
    assert charlie_client.post(f"/sessions/{alice_round.pk}/submit/").status_code == 404
    alice_round.refresh_from_db()
    assert alice_round.status == SessionStatus.IN_PROGRESS
