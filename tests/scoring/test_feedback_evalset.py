"""The answer analysis engine's labelled evaluation set (bench/feedback_eval/) agrees with the bank.

The set is data that `make bench` scores the engine against, so a renamed question, a key point added in the
bank or a mistyped label would silently skew the engine's F1: these tests catch that. The checks live in
bench/feedback_eval/evalset.py (shared with the bench); here they run against the real bank, read with the
bank's own loader, and against broken copies of a file to show each check fires.
"""

import importlib.util
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from questionbank.bankfiles.data import DESIGN_KEYS
from questionbank.bankfiles.reading import read_bank
from questionbank.importing import BANK_DIR

EVALSET_DIR = Path(__file__).resolve().parents[2] / "bench" / "feedback_eval"
HOLDOUT_DIR = EVALSET_DIR.parent / "feedback_eval_holdout"


def _load_module():
    spec = importlib.util.spec_from_file_location("feedback_evalset", EVALSET_DIR / "evalset.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


evalset = _load_module()


@pytest.fixture(scope="module")
def bank():
    return read_bank(BANK_DIR)


def problems_of(root: Path, bank, **kwargs) -> list[str]:
    items = evalset.load_evalset(root, DESIGN_KEYS)
    problems: list[str] = evalset.evalset_problems(
        items,
        questions={q.slug: q for q in bank.questions},
        red_flag_keys=[key for key, _ in bank.red_flags],
        design_keys=DESIGN_KEYS,
        **kwargs,
    )
    return problems


def test_the_shipped_set_matches_the_bank(bank):
    assert problems_of(EVALSET_DIR, bank) == []


def test_the_held_out_set_matches_the_bank_and_shares_no_question_with_the_dev_set(bank):
    """Its figures are honest only if the engine was never tuned on its questions (README there)."""
    assert problems_of(HOLDOUT_DIR, bank, min_questions=15) == []
    held_out = {item.slug for item in evalset.load_evalset(HOLDOUT_DIR, DESIGN_KEYS)}
    dev = {item.slug for item in evalset.load_evalset(EVALSET_DIR, DESIGN_KEYS)}
    assert len(held_out) >= 15 and not held_out & dev
    assert {item.round_kind for item in evalset.load_evalset(HOLDOUT_DIR, DESIGN_KEYS)} == {
        item.round_kind for item in evalset.load_evalset(EVALSET_DIR, DESIGN_KEYS)
    }


def test_the_set_spans_every_written_round_with_all_five_kinds(bank):
    items = evalset.load_evalset(EVALSET_DIR, DESIGN_KEYS)
    per_round = Counter(item.round_kind for item in items)
    assert len(items) >= 40
    assert set(per_round) == set(evalset.WRITTEN_ROUNDS)
    assert min(per_round.values()) >= 5
    by_slug = {q.slug: q for q in bank.questions}
    for item in items:
        assert by_slug[item.slug].round_kind == item.round_kind
        assert {a.kind for a in item.answers} >= set(evalset.KINDS)


def test_clean_answers_carry_no_flags_and_red_flag_answers_do():
    items = evalset.load_evalset(EVALSET_DIR, DESIGN_KEYS)
    answers = [a for item in items for a in item.answers]
    assert all(not a.red_flags for a in answers if a.kind in evalset.CLEAN_KINDS)
    assert all(a.red_flags for a in answers if a.kind == "red_flag")


def test_design_answers_are_sections_joined_in_the_bank_order():
    items = [i for i in evalset.load_evalset(EVALSET_DIR, DESIGN_KEYS) if i.round_kind == "ml_system_design"]
    assert items
    for item in items:
        for answer in item.answers:
            assert answer.sections
            assert set(answer.sections) <= set(DESIGN_KEYS)
            positions = [answer.text.index(answer.sections[k]) for k in DESIGN_KEYS if k in answer.sections]
            assert positions == sorted(positions)


@pytest.fixture
def copy(tmp_path):
    """A copy of the set to break one file at a time; returns (root, path of one breadth file, its data)."""
    root = tmp_path / "feedback_eval"
    shutil.copytree(EVALSET_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
    path = root / "ml_breadth" / "bagging-vs-boosting.yaml"
    return root, path, yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_label_list_of_the_wrong_length_is_reported(copy, bank):
    root, path, data = copy
    data["answers"][0]["key_points"].append("covered")
    write(path, data)
    assert problems_of(root, bank) == [
        "ml_breadth/bagging-vs-boosting.yaml answer 0 (strong): 6 key-point labels; the question has 5"
    ]


def test_unknown_labels_flags_and_kinds_are_reported(copy, bank):
    root, path, data = copy
    data["answers"][1]["key_points"][0] = "half"
    data["answers"][4]["red_flags"] = ["q7", "talks-too-much"]
    write(path, data)
    problems = problems_of(root, bank)
    assert any("label 'half' is not one of covered, partly, missing" in p for p in problems)
    assert any("'q7': the question has 2 red flags of its own" in p for p in problems)
    assert any("'talks-too-much' is neither a red_flags.yaml key" in p for p in problems)


def test_a_flag_on_a_clean_answer_and_a_missing_kind_are_reported(copy, bank):
    root, path, data = copy
    data["answers"][1]["red_flags"] = ["unrealistic-promises"]
    data["answers"] = [a for a in data["answers"] if a["kind"] != "off_topic"]
    write(path, data)
    problems = problems_of(root, bank)
    assert "ml_breadth/bagging-vs-boosting.yaml: no off_topic answer" in problems
    assert any("(partial): partial answers are clean and carry no red flags" in p for p in problems)


def test_labels_that_contradict_the_kind_are_reported(copy, bank):
    root, path, data = copy
    data["answers"][3]["key_points"][0] = "covered"  # the buzzword answer
    data["answers"][2]["key_points"][1] = "partly"  # the off-topic answer
    data["answers"][0]["text"] = "Bagging averages, boosting corrects."
    write(path, data)
    problems = problems_of(root, bank)
    assert any("(buzzword): a buzzword answer explains nothing" in p for p in problems)
    assert any("(off_topic): an off-topic answer covers no key point" in p for p in problems)
    assert any("must be longer than the buzzword one" in p for p in problems)


def test_a_question_that_is_unknown_or_in_the_wrong_round_is_reported(copy, bank):
    root, path, data = copy
    data["question"] = "no-such-question"
    write(path, data)
    moved = root / "ml_domain" / "bagging-vs-boosting.yaml"
    shutil.copy(root / "ml_breadth" / "roc-auc-vs-pr-auc.yaml", moved)
    problems = problems_of(root, bank)
    assert "ml_breadth/bagging-vs-boosting.yaml: no question 'no-such-question' in the bank" in problems
    assert (
        "ml_domain/bagging-vs-boosting.yaml: file name must be the question slug 'roc-auc-vs-pr-auc'"
        in problems
    )
    assert "ml_domain/bagging-vs-boosting.yaml: 'roc-auc-vs-pr-auc' is a ml_breadth question" in problems


def test_design_answers_need_valid_sections(copy, bank):
    root, _, _ = copy
    path = root / "ml_system_design" / "email-spam-filtering.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["answers"][0]["sections"]["pricing"] = "Charge per mailbox."
    data["answers"][1] = {**data["answers"][1], "text": "Just a paragraph."}
    del data["answers"][1]["sections"]
    write(path, data)
    problems = problems_of(root, bank)
    assert any("(strong): 'pricing' is not a design section" in p for p in problems)
    assert any("(partial): system design answers are written as `sections`" in p for p in problems)


def test_too_few_questions_or_a_missing_round_is_reported(copy, bank):
    root, _, _ = copy
    shutil.rmtree(root / "behavioural", ignore_errors=True)
    problems = problems_of(root, bank, min_questions=1000)
    assert "no questions for the behavioural round" in problems
    assert any(p.startswith("the set has ") and "at least 1000 are needed" in p for p in problems)
