"""Reads of the bank with several relations, kept here so their query counts stay constant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from .models import Difficulty, Question, QuestionVersion, RoundKind, Rubric, RubricVersion, Status, Topic


@dataclass(frozen=True)
class QuestionFilters:
    round_kind: str = ""
    topic: str = ""
    difficulty: str = ""
    status: str = ""
    text: str = ""
    awaiting_review: bool = False

    @classmethod
    def from_query(cls, params: dict[str, str]) -> QuestionFilters:
        """Unknown values are ignored rather than refused: a filter link never errors."""
        round_kind = params.get("round", "")
        difficulty = params.get("difficulty", "")
        status = params.get("status", "")
        return cls(
            round_kind=round_kind if round_kind in RoundKind.values else "",
            topic=params.get("topic", "")[:64],
            difficulty=difficulty if difficulty in Difficulty.values else "",
            status=status if status in Status.values else "",
            text=params.get("q", "").strip()[:200],
            awaiting_review=params.get("review") == "1",
        )


def _head(field: str) -> Subquery:
    newest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number")
    return Subquery(newest.values(field)[:1])


def question_list(*, filters: QuestionFilters) -> QuerySet[Question]:
    """Questions with their current version, its topics and the state of the newest version, filtered.

    Text search uses PostgreSQL full-text search (title weighted above the prompt) when the database is
    PostgreSQL, and a case-insensitive substring match elsewhere (SQLite in development and tests).
    """
    questions = (
        Question.objects.select_related("current_version")
        .prefetch_related(Prefetch("current_version__topics", queryset=Topic.objects.order_by("name")))
        .annotate(
            head_number=_head("number"),
            head_submitted_at=_head("submitted_at"),
            head_approved_at=_head("approved_at"),
        )
    )
    if filters.round_kind:
        questions = questions.filter(round_kind=filters.round_kind)
    if filters.status:
        questions = questions.filter(status=filters.status)
    if filters.difficulty:
        questions = questions.filter(current_version__difficulty=filters.difficulty)
    if filters.topic:
        questions = questions.filter(current_version__topics__slug=filters.topic)
    if filters.awaiting_review:
        questions = questions.filter(head_submitted_at__isnull=False, head_approved_at__isnull=True)
    if filters.text:
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = (
                SearchVector("slug", weight="A", config="english")
                + SearchVector("current_version__title", weight="A", config="english")
                + SearchVector("current_version__prompt_md", weight="B", config="english")
            )
            query = SearchQuery(filters.text, search_type="websearch", config="english")
            return (
                questions.annotate(search=vector, rank=SearchRank(vector, query))
                .filter(search=query)
                .order_by("-rank", "slug")
            )
        questions = questions.filter(
            Q(slug__icontains=filters.text)
            | Q(current_version__title__icontains=filters.text)
            | Q(current_version__prompt_md__icontains=filters.text)
        )
    return questions.order_by("round_kind", "slug")


def question_versions(*, question: Question) -> QuerySet[QuestionVersion]:
    """Every version of a question, newest first, with the people of its workflow."""
    return (
        QuestionVersion.objects.filter(question=question)
        .select_related("created_by", "submitted_by", "approved_by")
        .order_by("-number")
    )


def rubric_versions(*, rubric: Rubric) -> QuerySet[RubricVersion]:
    return (
        RubricVersion.objects.filter(rubric=rubric)
        .select_related("created_by", "submitted_by", "approved_by")
        .order_by("-number")
    )


def _tests_fingerprint(spec: dict[str, Any]) -> dict[str, Any]:
    """What decides a submission's verdicts: the tests (not their line in problem.yaml) and the checkers."""
    tests = [{k: v for k, v in test.items() if k != "line"} for test in spec.get("tests", [])]
    keys = ("function", "checker", "generator", "checker_source", "time_limit_s", "memory_mb")
    return {"tests": tests, **{key: spec.get(key) for key in keys}}


def tests_changed_at(*, question: Question) -> QuestionVersion | None:
    """The previously published version, when the live coding version judges submissions differently
    from it (so past submissions may deserve a rejudge); None otherwise."""
    live = question.current_version
    if live is None or live.coding_spec is None or question.status != Status.PUBLISHED:
        return None
    previous = (
        QuestionVersion.objects.filter(question=question, number__lt=live.number, approved_at__isnull=False)
        .order_by("-number")
        .first()
    )
    if previous is None or previous.coding_spec is None:
        return None
    if _tests_fingerprint(previous.coding_spec) == _tests_fingerprint(live.coding_spec):
        return None
    return previous
