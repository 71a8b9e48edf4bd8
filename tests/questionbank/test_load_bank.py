import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from questionbank.bankfiles.data import BankError
from questionbank.bankfiles.reading import read_bank
from questionbank.importing import BANK_DIR, bank_load
from questionbank.models import Question, QuestionVersion, RoundKind, Rubric, Status

from .conftest import TINY_QUESTION_FILE, live_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_bank(tmp_path: Path) -> Path:
    (tmp_path / "questions" / "ml_breadth").mkdir(parents=True)
    (tmp_path / "topics.yaml").write_text("- {slug: bias-variance, name: Bias and variance}\n")
    (tmp_path / "questions" / "ml_breadth" / "tiny-question.md").write_text(TINY_QUESTION_FILE)
    return tmp_path


def test_the_shipped_bank_loads_with_every_round_kind():
    summary = bank_load()
    assert summary.created
    for kind in RoundKind.values:
        published = Question.objects.filter(round_kind=kind, status=Status.PUBLISHED).count()
        assert published >= 6, f"{kind} has only {published} published questions"
    assert Rubric.objects.count() == 6


def test_loading_twice_changes_nothing():
    bank_load()
    versions = QuestionVersion.objects.count()
    summary = bank_load()
    assert summary.created == [] and summary.updated == []
    assert QuestionVersion.objects.count() == versions


def test_a_changed_file_becomes_a_new_version(small_bank: Path):
    bank_load(root=small_bank)
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("What is bias?", "What is variance?"))
    summary = bank_load(root=small_bank)
    assert summary.updated == ["tiny-question"]
    question = Question.objects.get(slug="tiny-question")
    assert live_version(question).number == 2
    assert "variance" in live_version(question).prompt_html
    assert question.versions.count() == 2


def _problems(root: Path) -> list[str]:
    with pytest.raises(BankError) as info:
        read_bank(root)
    return [str(p) for p in info.value.problems]


def test_bad_yaml_names_file_and_line(small_bank: Path):
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("minutes: 4", "minutes: [4"))
    problems = _problems(small_bank)
    assert any(
        p.startswith("questions/ml_breadth/tiny-question.md:") and "invalid YAML" in p for p in problems
    )


def test_a_missing_field_is_named_with_its_line(small_bank: Path):
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("difficulty: easy\n", "difficulty: impossible\n"))
    problems = _problems(small_bank)
    assert problems == [
        "questions/ml_breadth/tiny-question.md:5: difficulty: 'impossible' is not one of: easy, medium, hard"
    ]


def test_an_unknown_topic_is_rejected(small_bank: Path):
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("[bias-variance]", "[astrology]"))
    assert any("unknown topic 'astrology'" in p and ":6:" in p for p in _problems(small_bank))


def test_one_bad_file_imports_nothing(tmp_path: Path):
    bank = tmp_path / "bank"
    shutil.copytree(BANK_DIR, bank)
    broken = sorted((bank / "questions" / "behavioural").glob("*.md"))[0]
    broken.write_text(broken.read_text().replace("round: behavioural", "round: karaoke"))
    with pytest.raises(CommandError) as info:
        call_command("load_bank", str(bank))
    assert broken.name in str(info.value) and "'karaoke' is not one of" in str(info.value)
    assert Question.objects.count() == 0


def test_prompts_are_sanitised(small_bank: Path):
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(
        TINY_QUESTION_FILE.replace("What is bias?", "What is <script>alert(1)</script> **bias**?")
    )
    bank_load(root=small_bank)
    html = live_version(Question.objects.get()).prompt_html
    assert "<script>" not in html and "<strong>bias</strong>" in html
