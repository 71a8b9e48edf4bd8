"""The engine on the hand-labelled evaluation set (bench/feedback_eval/): behaviour, not timing."""

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from scoring.feedback import AnswerInput, QuestionInput, analyse
from scoring.feedback.bankfile import load_question

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import feedback_quality  # noqa: E402


@pytest.fixture(scope="module")
def metrics():
    files = feedback_quality.eval_files()
    if not files:
        pytest.skip("no evaluation set in bench/feedback_eval")
    return feedback_quality.evaluate(files)


def test_strong_answers_rank_above_partial_above_off_topic_for_most_pairs(metrics):
    assert metrics.pairs >= 30
    assert metrics.pairs_ok / metrics.pairs >= 0.9


def test_buzzword_answers_are_never_read_as_strong(metrics):
    assert metrics.buzzword > 0
    assert metrics.buzzword_strong == 0


def test_red_flags_are_found_in_most_flagged_answers_and_rarely_in_clean_ones(metrics):
    # Targets (make bench): recall >= 0.90 (not met, see README) with <= 5% of clean answers flagged.
    assert metrics.flags_labelled > 0 and metrics.clean > 0
    assert metrics.flags_found / metrics.flags_labelled >= 0.7
    assert metrics.clean_flagged / metrics.clean <= 0.05


def test_key_points_agree_with_the_hand_labels_for_most_points(metrics):
    assert metrics.f1({"covered", "partly"}) >= 0.8


QUESTION = QuestionInput(
    round_kind="ml_breadth",
    prompt="Why does accuracy mislead on imbalanced data?",
    key_points=[
        "Always predicting the majority class gets high accuracy, so compare with that trivial baseline.",
        "Use precision and recall on the rare class, or the PR curve, chosen by the cost of errors.",
    ],
)


def test_an_empty_answer_has_nothing_to_analyse_and_no_score():
    result = analyse(QUESTION, AnswerInput(text="  \n "))
    assert result.status == "empty"
    assert result.overall is None
    assert "Nothing to analyse" in result.message


def test_a_list_of_terms_does_not_cover_key_points():
    listed = analyse(
        QUESTION, AnswerInput(text="Accuracy, baseline, majority class, precision, recall, PR curve, costs.")
    )
    explained = analyse(
        QUESTION,
        AnswerInput(
            text="A model that always predicts the majority class already gets high accuracy, so I compare "
            "every model with that trivial baseline. Then I look at precision and recall on the rare class "
            "because they count the errors we care about, and pick the threshold from the cost of each error."
        ),
    )
    assert all(kp.status != "covered" for kp in listed.key_points)
    assert all(kp.status == "covered" for kp in explained.key_points)
    assert explained.overall is not None and listed.overall is not None
    assert explained.overall > listed.overall


def test_a_very_long_answer_is_analysed_up_to_the_limit_and_says_so():
    text = "Precision and recall on the rare class matter because accuracy hides the misses. " * 400
    result = analyse(QUESTION, AnswerInput(text=text))
    assert result.truncated
    assert any("Only the first" in note for note in result.notes)


@pytest.mark.parametrize(
    "text",
    [
        "Die Genauigkeit ist irreführend, weil die Klassen sehr unausgewogen sind und das Modell nicht lernt.",
        "我们应该使用召回率和精确率因为准确率会误导。",
        "Точность вводит в заблуждение при дисбалансе классов.",
        "🙂🙂🙂 ??? ...",
    ],
)
def test_non_english_text_is_handled_without_a_crash(text):
    result = analyse(QUESTION, AnswerInput(text=text))
    assert result.status in {"analysed", "empty"}
    if result.status == "analysed":
        assert result.overall is not None and 0 <= result.overall <= 1
        assert result.confidence < 0.6


def test_behavioural_answers_get_star_parts():
    question = load_question(ROOT / "questionbank/bank/questions/behavioural/missed-commitment.md")
    result = analyse(
        question,
        AnswerInput(
            text="At my last job we had promised a churn model to the sales team by the end of the quarter. "
            "I was responsible for the feature pipeline. I realised two weeks before the date that the data "
            "would be late, so I told my manager and proposed a smaller first version. As a result we shipped "
            "on time with 80% of the features, and I learned to flag risks earlier."
        ),
    )
    parts = {p["part"]: p["present"] for p in result.structure["star"]}
    assert parts == {"situation": True, "task": True, "action": True, "result": True}


def test_design_answers_report_each_section_against_its_budget():
    question = load_question(ROOT / "questionbank/bank/questions/ml_system_design/payment-fraud-detection.md")
    result = analyse(
        question,
        AnswerInput(
            sections={"framing": "We score each payment before authorisation and block, review or allow it."},
            seconds={"framing": 60 * 30},
        ),
    )
    sections = {s["key"]: s for s in result.structure["sections"]}
    assert sections["framing"]["status"] in {"covered", "partly"}
    assert sections["framing"]["time"] == "over"
    assert sections["monitoring"]["status"] == "missing"


DROPOUT = QuestionInput(
    round_kind="ml_breadth",
    prompt="Your network scores well in training but worse once deployed. What about dropout?",
    key_points=[
        "Dropout randomly zeroes units during training only; at inference every unit is kept.",
        "Inverted dropout scales activations during training so no rescaling is needed at inference.",
    ],
    red_flags=["Puts the gap down to tooling instead of reasoning about the two modes."],
    red_flag_examples=[
        "Honestly the gap is PyTorch's fault: the framework just behaves strangely once deployed."
    ],
)
BLAMES_THE_TOOL = (
    "Dropout zeroes a random half of the units in each training step, which stops co-adaptation. "
    "To be honest the gap was PyTorch's fault, since the framework behaves oddly once a model is deployed. "
    "Inverted dropout scales the kept activations by two during training."
)


def test_an_own_red_flag_is_found_by_how_it_sounds_when_its_description_alone_misses_it():
    """The reviewer's wording is far from what a candidate says; the curators' example is close to it, and the
    sentence it matches is the evidence."""
    found = analyse(DROPOUT, AnswerInput(text=BLAMES_THE_TOOL)).red_flags
    assert [(f.slug, f.evidence.text) for f in found] == [
        (
            "q0",
            "To be honest the gap was PyTorch's fault, since the framework behaves oddly once a model is deployed.",
        )
    ]
    without = replace(DROPOUT, red_flag_examples=[])
    assert analyse(without, AnswerInput(text=BLAMES_THE_TOOL)).red_flags == []


def test_the_right_statement_on_the_same_topic_is_not_read_as_the_example():
    right = BLAMES_THE_TOOL.replace(
        "To be honest the gap was PyTorch's fault, since the framework behaves oddly once a model is deployed.",
        "The gap appears when the deployed model is left in training mode, so units keep being dropped.",
    )
    assert analyse(DROPOUT, AnswerInput(text=right)).red_flags == []
