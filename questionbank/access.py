"""Object access of the bank, one function per kind, used by the curator pages and the API alike.

Curators see every item; everyone else only the published ones, through their live version. An item the
user may not see is a 404, the same answer as one that does not exist. Roles are checked apart, first, with
`questionbank.roles.require_curator` (a 403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Question, Rubric, Status, Topic
from .roles import is_curator


def _readable_questions(user: Any) -> QuerySet[Question]:
    questions = Question.objects.select_related("current_version")
    if is_curator(user):
        return questions
    return questions.filter(status=Status.PUBLISHED, current_version__isnull=False)


def visible_questions(user: Any) -> QuerySet[Question]:
    """Curators see every question; everyone else the published ones, through their live version."""
    return _readable_questions(user).prefetch_related(
        Prefetch("current_version__topics", queryset=Topic.objects.order_by("name"))
    )


def visible_rubrics(user: Any) -> QuerySet[Rubric]:
    """Curators see every rubric; everyone else the published ones."""
    rubrics = Rubric.objects.select_related("current_version").order_by("round_kind")
    if is_curator(user):
        return rubrics
    return rubrics.filter(status=Status.PUBLISHED, current_version__isnull=False)


def get_question_for_user(user: Any, slug: str) -> Question:
    """404 for a question the user may not read (a draft, for a candidate), as for one that does not exist."""
    return get_object_or_404(_readable_questions(user), slug=slug)


def get_rubric_for_user(user: Any, slug: str) -> Rubric:
    """404 for a rubric the user may not read, as for one that does not exist."""
    return get_object_or_404(visible_rubrics(user), slug=slug)
