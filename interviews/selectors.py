"""Reads with several relations, kept in one place so their query counts stay constant."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, QuerySet

from .models import Answer, InterviewSession, SessionQuestion


def session_list_for_candidate(*, user: User) -> QuerySet[InterviewSession]:
    return (
        InterviewSession.objects.filter(candidate=user)
        .annotate(question_total=Count("items", distinct=True))
        .order_by("-created_at")
    )


def session_with_answers(*, session_id: int) -> InterviewSession:
    """A session with its questions (pinned versions, topics) and answers, in a fixed number of queries."""
    items = SessionQuestion.objects.select_related("question_version").prefetch_related(
        "question_version__topics", Prefetch("answers", queryset=Answer.objects.order_by("section"))
    )
    return InterviewSession.objects.prefetch_related(Prefetch("items", queryset=items)).get(pk=session_id)
