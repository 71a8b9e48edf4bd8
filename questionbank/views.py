"""Curator pages of the bank."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Question, RoundKind, Status
from .roles import is_curator


def _require_curator(request: HttpRequest) -> None:
    if not is_curator(request.user):
        raise PermissionDenied("Only curators can see the question bank.")


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    _require_curator(request)
    questions = Question.objects.select_related("current_version").prefetch_related("current_version__topics")
    round_kind = request.GET.get("round", "")
    status = request.GET.get("status", "")
    if round_kind in RoundKind.values:
        questions = questions.filter(round_kind=round_kind)
    if status in Status.values:
        questions = questions.filter(status=status)
    context = {
        "questions": questions.order_by("round_kind", "slug")[:500],
        "round_kinds": RoundKind.choices,
        "statuses": Status.choices,
        "selected_round": round_kind,
        "selected_status": status,
    }
    template = "questionbank/question_list.html"
    if getattr(request, "htmx", False):
        template += "#question-table"
    return render(request, template, context)


@login_required
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require_curator(request)
    question = get_object_or_404(Question.objects.select_related("current_version"), slug=slug)
    return render(
        request,
        "questionbank/question_detail.html",
        {"question": question, "version": question.current_version},
    )
