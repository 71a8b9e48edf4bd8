"""Curators see, per question, how often the machine's read agrees with the reviewers' score."""

from typing import cast

import pytest

from interviews.models import Answer
from questionbank.models import Question, RoundKind
from scoring import machine_feedback
from tests.factories import QuestionFactory, UserFactory
from tests.scoring.test_question_stats import reviewed_round

from .conftest import NOTES, STRONG

pytestmark = pytest.mark.django_db


def _round(rubrics, question, level, text, n):
    session = reviewed_round(
        UserFactory(username=f"c{n}"), UserFactory(username=f"r{n}"), rubrics, question.current_version, level
    )
    Answer.objects.create(item=session.items.get(), text=text)
    assert machine_feedback.round_feedback_run(session_id=session.pk, force=True) == "done"
    return session


def test_the_stats_page_counts_agreeing_rounds(rubrics_and_flags, carol_client):
    question = cast(Question, QuestionFactory(round_kind=RoundKind.ML_BREADTH, version__reviewer_notes=NOTES))
    _round(rubrics_and_flags, question, 4, STRONG, 1)  # machine strong, humans 4: agree
    _round(rubrics_and_flags, question, 1, "I would use a random forest.", 2)  # weak, 1: agree
    _round(rubrics_and_flags, question, 4, "I would use a random forest.", 3)  # weak, 4: disagree
    agreement = machine_feedback.machine_human_agreement(question_id=question.pk)
    assert (agreement.agree, agreement.pairs) == (2, 3)
    page = carol_client.get(f"/bank/{question.slug}/stats/").content.decode()
    assert "Machine and reviewers agree on <strong>2 of 3</strong> rounds (67%)" in page
