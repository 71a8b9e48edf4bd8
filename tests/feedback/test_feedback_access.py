"""The automatic feedback shows key points, so it exists only after the round and only for its candidate."""

import pytest
from django.urls import reverse

from interviews.services import session_submit
from scoring import machine_feedback

from .conftest import KEY_POINTS

pytestmark = pytest.mark.django_db


def test_it_is_not_served_during_the_round(alice_client, alice_written_round):
    url = reverse("scoring:session-machine-feedback", args=[alice_written_round.pk])
    assert alice_client.get(url).status_code == 404
    assert alice_client.get(url, headers={"HX-Request": "true"}).status_code == 404


def test_the_round_page_never_shows_the_key_points(alice_client, alice_written_round):
    page = alice_client.get(reverse("interviews:session-detail", args=[alice_written_round.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert all(point not in body for point in KEY_POINTS)
    assert "breaks into bias squared" not in body  # nor the points said well
    assert "session-machine-feedback" not in body and "automatic-feedback" not in body


def test_outsiders_get_404(charlie_client, alice_written_round):
    session_submit(session=alice_written_round)
    machine_feedback.round_feedback_run(session_id=alice_written_round.pk)
    url = reverse("scoring:session-machine-feedback", args=[alice_written_round.pk])
    assert charlie_client.get(url).status_code == 404


def test_after_the_round_it_shows_the_model_answer_outline(alice_client, alice_written_round):
    session_submit(session=alice_written_round)
    machine_feedback.round_feedback_run(session_id=alice_written_round.pk)
    body = alice_client.get(
        reverse("scoring:session-machine-feedback", args=[alice_written_round.pk])
    ).content.decode()
    assert "Model answer outline" in body
    assert all(point in body for point in KEY_POINTS)
    # The point said well leads where curators wrote it; the others show the point itself.
    assert (
        "<li>The error I&#x27;d expect on new data breaks into bias squared, variance, and noise no model "
        "removes.<br><small>Key point: Expected test error splits" in body
    )
    assert f"<li>{KEY_POINTS[1]}</li>" in body
