from datetime import timedelta
from decimal import Decimal

import pytest

from interviews.models import InterviewSession, SessionStatus
from interviews.services import practice_start
from questionbank.models import RoundConfig, RoundKind, Status
from tests.factories import QuestionFactory

from .conftest import timer

pytestmark = pytest.mark.django_db


def test_starting_a_round_picks_questions_of_that_kind_with_a_server_deadline(
    alice_client, alice, breadth_questions
):
    QuestionFactory(round_kind=RoundKind.BEHAVIOURAL)
    response = alice_client.post("/practice/start/", {"round_kind": "ml_breadth"})
    session = InterviewSession.objects.get(candidate=alice)
    assert response.status_code == 302 and response.url == f"/sessions/{session.pk}/"
    config = RoundConfig.for_kind("ml_breadth")
    assert session.items.count() == config.question_count
    assert {i.question_version.question.round_kind for i in session.items.all()} == {"ml_breadth"}
    started_at, deadline = timer(session)
    assert deadline - started_at == timedelta(minutes=config.duration_minutes)
    assert session.status == SessionStatus.IN_PROGRESS


def test_unseen_questions_come_first(alice, breadth_questions):
    first = practice_start(candidate=alice, round_kind="ml_breadth")
    second = practice_start(candidate=alice, round_kind="ml_breadth")
    seen_first = {i.question_version.question_id for i in first.items.all()}
    seen_second = {i.question_version.question_id for i in second.items.all()}
    # 8 questions, 6 a round: the second round reuses only the 4 it must.
    assert len(seen_first & seen_second) == 4


def test_retired_and_draft_questions_are_never_picked(alice):
    QuestionFactory(round_kind=RoundKind.ML_BREADTH, status=Status.RETIRED)
    QuestionFactory(round_kind=RoundKind.ML_BREADTH, status=Status.DRAFT)
    live = QuestionFactory.create(round_kind=RoundKind.ML_BREADTH)
    session = practice_start(candidate=alice, round_kind="ml_breadth")
    assert [i.question_version.question_id for i in session.items.all()] == [live.pk]


def test_accommodation_extends_the_deadline(alice, breadth_questions):
    alice.profile.accommodation_factor = Decimal("1.5")
    alice.profile.save()
    session = practice_start(candidate=alice, round_kind="ml_breadth")
    config = RoundConfig.for_kind("ml_breadth")
    assert session.duration_seconds == config.duration_minutes * 60 * 1.5


def test_a_round_with_no_questions_gives_a_clear_message(alice_client):
    response = alice_client.post("/practice/start/", {"round_kind": "ml_domain"}, follow=True)
    assert "no published questions for this round" in response.content.decode()
    assert not InterviewSession.objects.exists()


def test_an_unknown_round_kind_is_refused(alice_client):
    response = alice_client.post("/practice/start/", {"round_kind": "karaoke"}, follow=True)
    assert "Choose one of the six round kinds" in response.content.decode()


def test_start_rejects_get(alice_client):
    assert alice_client.get("/practice/start/").status_code == 405
