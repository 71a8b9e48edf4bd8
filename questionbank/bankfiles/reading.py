"""Reading the whole bank folder: everything validated, every problem reported, or nothing returned."""

from __future__ import annotations

from pathlib import Path

from .data import SLUG_RE, BankData, BankError, BankProblem, QuestionData
from .fields import read_list_file
from .questions import read_coding_problem, read_question_file
from .rubrics import read_rubric_file


def read_bank(root: Path) -> BankData:
    """Read and validate the whole bank folder. Raises BankError with every problem found."""
    root = Path(root)
    problems: list[BankProblem] = []
    if not root.is_dir():
        raise BankError([BankProblem(str(root), None, "", "is not a folder")])
    bank = BankData()
    _read_lists(bank, root, problems)
    topic_slugs = {slug for slug, _ in bank.topics}
    bank.questions = _read_questions(root, topic_slugs, problems)
    rubrics_dir = root / "rubrics"
    for path in sorted(rubrics_dir.glob("*.yaml")) if rubrics_dir.is_dir() else []:
        rubric = read_rubric_file(path, root, problems)
        if rubric:
            bank.rubrics.append(rubric)
    if problems:
        raise BankError(problems)
    return bank


def _read_lists(bank: BankData, root: Path, problems: list[BankProblem]) -> None:
    """topics.yaml (required), red_flags.yaml and candidate_questions.yaml."""
    bank.topics = read_list_file(root / "topics.yaml", root, problems, ("slug", "name"))
    for slug, _ in bank.topics:
        if not SLUG_RE.match(slug):
            problems.append(
                BankProblem(
                    "topics.yaml", None, "slug", f"{slug!r}: use lowercase letters, digits and hyphens"
                )
            )
    if (root / "red_flags.yaml").exists():
        bank.red_flags = read_list_file(root / "red_flags.yaml", root, problems, ("key", "text"))
    if (root / "candidate_questions.yaml").exists():
        bank.candidate_questions = read_list_file(
            root / "candidate_questions.yaml", root, problems, ("text", "why")
        )


def _read_questions(root: Path, topic_slugs: set[str], problems: list[BankProblem]) -> list[QuestionData]:
    """questions/<round>/<slug>.md, then coding/<slug>/; a slug is used once across both."""
    questions: list[QuestionData] = []
    questions_dir = root / "questions"
    for path in sorted(questions_dir.glob("*/*.md")) if questions_dir.is_dir() else []:
        question = read_question_file(path, root, topic_slugs, problems)
        if question:
            questions.append(question)
    coding_dir = root / "coding"
    for folder in sorted(p for p in coding_dir.iterdir() if p.is_dir()) if coding_dir.is_dir() else []:
        question = read_coding_problem(folder, root, topic_slugs, problems)
        if question:
            questions.append(question)
    seen: dict[str, str] = {}
    for question in questions:
        if question.slug in seen:
            problems.append(
                BankProblem(
                    question.source, None, "slug", f"{question.slug!r} is also used by {seen[question.slug]}"
                )
            )
        seen[question.slug] = question.source
    return questions
