"""Practising a picked question or topic: the picker page, the plan's links, domain suggestions."""

import pytest

from config.errors import ApplicationError
from interviews.models import InterviewSession
from interviews.services import practice_start
from questionbank.models import Domain, RoundKind, Status, Topic
from scoring.profile import practice_plan
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(db):
    """Breadth questions, two on regularisation; domain questions in NLP and in vision."""
    regularisation = Topic.objects.create(slug="regularisation", name="Regularisation")
    on_topic = [QuestionFactory.create(round_kind=RoundKind.ML_BREADTH) for _ in range(2)]
    for question in on_topic:
        assert question.current_version is not None
        question.current_version.topics.add(regularisation)
    others = [QuestionFactory(round_kind=RoundKind.ML_BREADTH) for _ in range(6)]
    nlp = [QuestionFactory(round_kind=RoundKind.ML_DOMAIN, version__domain=Domain.NLP) for _ in range(2)]
    cv = [QuestionFactory(round_kind=RoundKind.ML_DOMAIN, version__domain=Domain.CV) for _ in range(4)]
    return {"topic": regularisation, "on_topic": on_topic, "others": others, "nlp": nlp, "cv": cv}


def _slugs(session: InterviewSession) -> list[str]:
    return [item.question_version.question.slug for item in session.items.all()]


def test_a_picked_question_starts_a_round_of_its_kind_with_it_first(alice, bank):
    picked = bank["others"][3]
    session = practice_start(candidate=alice, question_slug=picked.slug)
    assert session.round_kind == RoundKind.ML_BREADTH and _slugs(session)[0] == picked.slug


def test_a_picked_topic_fills_the_round_with_its_questions_first(alice, bank):
    session = practice_start(candidate=alice, topic_slug="regularisation")
    slugs = _slugs(session)
    assert session.round_kind == RoundKind.ML_BREADTH
    on_topic = {q.slug for q in bank["on_topic"]}
    assert set(slugs[: len(on_topic)]) == on_topic


def test_unknown_or_unpublished_picks_are_refused_clearly(alice, bank):
    draft = QuestionFactory.create(round_kind=RoundKind.ML_BREADTH, status=Status.DRAFT)
    with pytest.raises(ApplicationError, match="not in the published bank"):
        practice_start(candidate=alice, question_slug=draft.slug)
    with pytest.raises(ApplicationError, match="Unknown topic"):
        practice_start(candidate=alice, topic_slug="karaoke")
    with pytest.raises(ApplicationError, match="No published question on Regularisation in the Coding round"):
        practice_start(candidate=alice, topic_slug="regularisation", round_kind=RoundKind.CODING)


def test_the_picker_lists_questions_and_topics_and_starts_rounds(alice_client, alice, bank):
    page = alice_client.get("/practice/pick/", {"topic": "regularisation"}).content.decode()
    assert "Start a round on Regularisation" in page
    for question in bank["on_topic"]:
        assert f'name="question" value="{question.slug}"' in page
    assert f'value="{bank["others"][0].slug}"' not in page
    picked = bank["others"][0]
    page = alice_client.get("/practice/pick/", {"question": picked.slug}).content.decode()
    assert "Start a round with this question" in page and picked.current_version.title in page
    response = alice_client.post("/practice/start/", {"question": picked.slug})
    session = InterviewSession.objects.get(candidate=alice)
    assert response.status_code == 302 and response.url == f"/sessions/{session.pk}/"
    assert _slugs(session)[0] == picked.slug
    refused = alice_client.post("/practice/start/", {"topic": "karaoke"}, follow=True)
    assert "Unknown topic" in refused.content.decode()


def test_the_plan_links_each_suggestion_to_a_round_with_it(alice_client, bank):
    page = alice_client.get("/plan/").content.decode()
    assert page.count("/practice/pick/?question=") >= 3


def test_domain_suggestions_follow_the_candidates_domain(alice, bank):
    alice.profile.target_domain = Domain.NLP
    alice.profile.save()
    plan = practice_plan(user=alice, results=[], weeks=4, hours_per_week=8, target_domain=Domain.NLP)
    domain_row = next(r for r in plan.rows if r.round_kind == RoundKind.ML_DOMAIN)
    assert [v.domain for v in domain_row.questions[:2]] == [Domain.NLP, Domain.NLP]
    cv = practice_plan(user=alice, results=[], weeks=4, hours_per_week=8, target_domain=Domain.CV)
    domain_row = next(r for r in cv.rows if r.round_kind == RoundKind.ML_DOMAIN)
    assert {v.domain for v in domain_row.questions[:4]} == {Domain.CV}
