"""The shipped bank: enough original items in every round, each with difficulty, topics and reviewer notes."""

from collections import Counter

import pytest

from questionbank.bankfiles.data import DESIGN_KEYS
from questionbank.bankfiles.reading import read_bank
from questionbank.importing import BANK_DIR
from questionbank.models import Domain, Level

BANK = read_bank(BANK_DIR)
MINIMUMS = {
    "ml_breadth": 80,
    "ml_system_design": 30,
    "ml_domain": 40,
    "project_deep_dive": 15,
    "behavioural": 30,
    "coding": 50,
}


def test_the_bank_has_at_least_200_items():
    assert len(BANK.questions) >= 200
    counts = Counter(str(q.round_kind) for q in BANK.questions)
    for round_kind, minimum in MINIMUMS.items():
        assert counts[round_kind] >= minimum, (round_kind, counts[round_kind])


def test_domain_knowledge_covers_every_domain():
    domains = Counter(q.domain for q in BANK.questions if q.round_kind == "ml_domain")
    assert len(Domain.values) >= 8
    for domain in Domain.values:
        assert domains[domain] >= 5, (domain, domains[domain])


def test_system_design_covers_the_usual_product_areas():
    titles = " ".join(q.title.lower() for q in BANK.questions if q.round_kind == "ml_system_design")
    for area in (
        "search",
        "click",
        "feed",
        "fraud",
        "delivery time",
        "notification",
        "assistant",
        "policy-violating",
        "forecast",
    ):
        assert area in titles, area


@pytest.mark.parametrize("round_kind", ["project_deep_dive", "behavioural"])
def test_story_rounds_cover_every_level_from_junior_to_staff(round_kind):
    levels = Counter(q.level for q in BANK.questions if q.round_kind == round_kind)
    for level in Level.values:
        assert levels[level] >= 2, (round_kind, level, levels[level])


def test_every_breadth_question_has_at_least_two_red_flags():
    thin = [
        q.slug
        for q in BANK.questions
        if q.round_kind == "ml_breadth" and len(q.reviewer_notes["red_flags"]) < 2
    ]
    assert thin == []


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.slug)
def test_every_item_has_difficulty_topics_and_full_reviewer_notes(question):
    assert question.difficulty in ("easy", "medium", "hard")
    assert question.topics
    for key in ("key_points", "follow_ups", "red_flags"):
        assert question.reviewer_notes[key], f"{question.source}: no {key}"
    if question.round_kind == "ml_system_design":
        assert set(question.section_notes) == set(DESIGN_KEYS)


def test_six_rubrics_and_the_candidate_questions():
    assert sorted(r.round_kind for r in BANK.rubrics) == sorted(
        ["coding", "ml_breadth", "ml_system_design", "ml_domain", "project_deep_dive", "behavioural"]
    )
    assert len(BANK.candidate_questions) >= 10 and all(why for _, why in BANK.candidate_questions)
    assert len(BANK.red_flags) >= 8


def test_at_least_ten_algorithmic_problems_in_the_general_coding_style():
    kinds = Counter(q.coding_spec["kind"] for q in BANK.questions if q.coding_spec)
    assert kinds["algorithmic"] >= 10, kinds
