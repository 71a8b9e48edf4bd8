"""The engine's reading rules on small hand-made answers: enumerations, red-flag families, the int8 model."""

import numpy as np

from scoring.feedback import AnswerInput, QuestionInput, RedFlagDef, analyse
from scoring.feedback import prepare_model as prep
from scoring.feedback.embedding import Embedder, model_files
from scoring.feedback.text import buzzword_reading

SHARED = [
    RedFlagDef("blames-teammates", "Blames teammates or other teams for failures and takes no share of it."),
    RedFlagDef("unrealistic-promises", "Promises unrealistic results without regard to data or risk."),
]
STORY = QuestionInput(
    round_kind="behavioural",
    prompt="Tell me about a launch that slipped.",
    key_points=["Says what they would do differently next time.", "Gives the measured outcome."],
    red_flags=["All causes external.", "Reports the result only as a feeling."],
)
METRICS = QuestionInput(
    round_kind="ml_breadth",
    prompt="How would you evaluate a churn model before launch?",
    key_points=[
        "Keeps a test period after the training period and never tunes on it.",
        "Compares against a simple baseline such as last month's churners.",
    ],
    red_flags=["Tunes the hyperparameters on the test set."],
)


def test_an_enumeration_reads_as_a_list_whatever_verbs_sit_between_the_items():
    listed = "I checked drift, skew, staleness, outliers, duplicates and nulls, and escalated, fixed and retrained."
    explained = "I compared last week's feature distribution with training because drift shows there first."
    assert buzzword_reading(listed, frozenset()).is_buzzword
    assert not buzzword_reading(explained, frozenset()).is_buzzword


def test_a_line_wrap_inside_a_phrase_does_not_hide_a_shared_flag():
    text = "The release slipped by a month. It was\nentirely their fault, the other team never delivered."
    flags = {f.slug for f in analyse(STORY, AnswerInput(text=text), SHARED).red_flags}
    assert "blames-teammates" in flags


def test_an_own_flag_that_restates_a_shared_one_is_found_by_its_phrases():
    text = (
        "We shipped three weeks late. None of that was on me: the vendor was slow and the data team "
        "kept changing the schema. In the end the launch went fine."
    )
    result = analyse(STORY, AnswerInput(text=text), SHARED)
    found = {f.slug: f.evidence.text for f in result.red_flags}
    assert "blames-teammates" in found
    assert "q0" in found  # "All causes external." names blame
    assert found["q0"] == found["blames-teammates"]


def test_tuning_on_the_test_set_is_found_and_a_warning_against_it_is_not():
    bad = (
        "I split by month, trained on the first ten and tried many settings, keeping the one that scored best "
        "on the test set. Then I compared with last month's churners as a baseline."
    )
    good = (
        "I split by month and train on the first ten. I never pick settings on the test set, since that "
        "would leak it into the choice; a validation month does that job."
    )
    assert "q0" in {f.slug for f in analyse(METRICS, AnswerInput(text=bad), SHARED).red_flags}
    assert "q0" not in {f.slug for f in analyse(METRICS, AnswerInput(text=good), SHARED).red_flags}


def test_the_int8_model_gives_nearly_the_packaged_models_vectors():
    sentences = [
        "Precision counts how many flagged transactions are fraud.",
        "The team reviews the top few hundred alerts a day.",
    ]
    packaged = Embedder(threads=1, prepared=False).embed(sentences)
    int8 = Embedder(threads=1).embed(sentences)
    assert np.all(np.sum(packaged * int8, axis=1) > 0.97)


def test_a_missing_prepared_model_is_prepared_once_and_an_unwritable_folder_falls_back(tmp_path, monkeypatch):
    source, _ = model_files()
    monkeypatch.setenv("FEEDBACK_MODEL_DIR", str(tmp_path / "models"))
    made = prep.model_to_run(source)
    assert made.parent == tmp_path / "models" and made.is_file()
    assert prep.model_to_run(source) == made  # found, not made again
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FEEDBACK_MODEL_DIR", str(blocked / "models"))
    assert prep.model_to_run(source) == source
