"""Per-question statistics for curators: usage, score distribution, time taken, discrimination."""

import statistics
from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import InterviewSession, SessionQuestion, SessionStatus
from scoring.models import Review, ReviewKind, ReviewStatus
from scoring.question_stats import pearson, question_stats
from tests.factories import QuestionFactory, UserFactory

from .builders import bank_rubrics

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubrics(db):
    return bank_rubrics()


def reviewed_round(candidate, reviewer, rubrics, version, level, minutes=10):
    """A finished round with one question, scored `level` on every criterion by one peer review."""
    now = timezone.now()
    session = InterviewSession.objects.create(
        candidate=candidate,
        round_kind=version.question.round_kind,
        status=SessionStatus.SUBMITTED,
        duration_seconds=2400,
        started_at=now - timedelta(minutes=minutes),
        submitted_at=now,
    )
    SessionQuestion.objects.create(session=session, question_version=version, position=1)
    if level is not None:
        rubric = rubrics[version.question.round_kind]
        Review.objects.create(
            session=session,
            reviewer=reviewer,
            kind=ReviewKind.PEER,
            status=ReviewStatus.SUBMITTED,
            rubric_version=rubric,
            scores={c["key"]: level for c in rubric.criteria},
            claimed_at=now,
            submitted_at=now,
        )
    return session


def loop_of_candidates(rubrics, breadth_levels, other_levels, minutes=10):
    question = QuestionFactory.create(round_kind="ml_breadth")
    other = QuestionFactory.create(round_kind="behavioural")
    reviewer = UserFactory(username="reviewer")
    for n, (mine, rest) in enumerate(zip(breadth_levels, other_levels, strict=True)):
        candidate = UserFactory(username=f"candidate{n}")
        reviewed_round(candidate, reviewer, rubrics, question.current_version, mine, minutes)
        reviewed_round(candidate, reviewer, rubrics, other.current_version, rest, minutes)
    return question


def test_a_question_with_enough_data_has_a_distribution_and_a_discrimination(rubrics):
    mine, rest = [1, 2, 2, 3, 4, 4], [1, 1, 2, 3, 3, 4]
    question = loop_of_candidates(rubrics, mine, rest, minutes=12)
    stats = question_stats(question=question)
    assert stats.times_used == 6 and stats.finished == 6 and stats.scored == 6
    assert [(b.label, b.count) for b in stats.distribution] == [
        ("1 (weak)", 1),
        ("2", 2),
        ("3", 1),
        ("4 (strong)", 2),
    ]
    assert stats.mean_score == pytest.approx(sum(mine) / 6)
    assert stats.mean_minutes == pytest.approx(12)
    assert stats.pairs == 6
    assert stats.discrimination == pytest.approx(statistics.correlation(mine, rest))
    assert "well" in stats.discrimination_label


def test_too_few_data_is_said_so(rubrics, carol_client):
    question = loop_of_candidates(rubrics, [2, 3], [2, 4])
    stats = question_stats(question=question)
    assert stats.too_few_scores and stats.too_few_pairs
    page = carol_client.get(f"/bank/{question.slug}/stats/").content.decode()
    assert "Too few data: 2 reviewed rounds, at least 5 are needed" in page
    assert "Too few data: 2 candidates with scores on both" in page


def test_an_unused_question_says_it_has_no_data(carol_client):
    question = QuestionFactory()
    page = carol_client.get(f"/bank/{question.slug}/stats/").content.decode()
    assert "Times used</dt>\n    <dd>0" in page
    assert "Too few data: no finished round yet." in page


def test_unreviewed_rounds_count_as_used_but_not_scored(rubrics):
    question = loop_of_candidates(rubrics, [None, None, 3], [2, 2, 2])
    stats = question_stats(question=question)
    assert stats.times_used == 3 and stats.scored == 1


def test_pearson_needs_variation():
    assert pearson([(1, 2), (1, 3), (1, 4)]) is None
    assert pearson([(1, 1)]) is None
    assert pearson([(1, 1), (2, 2), (3, 3)]) == pytest.approx(1.0)


def test_the_stats_page_costs_the_same_queries_for_3_or_9_candidates(
    rubrics, carol_client, django_assert_num_queries, session_queries
):
    question = loop_of_candidates(rubrics, [1, 2, 3], [1, 2, 3])
    carol_client.get(f"/bank/{question.slug}/stats/")
    with django_assert_num_queries(13 + session_queries) as first:  # 1: automatic-feedback agreement
        carol_client.get(f"/bank/{question.slug}/stats/")
    for n in range(6):
        candidate = UserFactory(username=f"late{n}")
        reviewer = UserFactory(username="reviewer")
        reviewed_round(candidate, reviewer, rubrics, question.current_version, 2)
    with django_assert_num_queries(len(first)):
        assert carol_client.get(f"/bank/{question.slug}/stats/").status_code == 200


@pytest.mark.parametrize("persona", ["alice_client", "bob_client"])
def test_only_curators_see_question_statistics(request, persona):
    question = QuestionFactory()
    assert request.getfixturevalue(persona).get(f"/bank/{question.slug}/stats/").status_code == 403
