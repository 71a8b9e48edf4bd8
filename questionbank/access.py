"""Object access for the curator pages: curators only, everyone else gets a 403 (the bank is not theirs)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Question, Rubric
from .roles import is_curator


def curator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; signed-in users who are not curators get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_curator(request.user):
            raise PermissionDenied("Only curators can see the question bank.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def get_question_for_curator(user: Any, slug: str) -> Question:
    if not is_curator(user):
        raise PermissionDenied("Only curators can see the question bank.")
    return get_object_or_404(Question.objects.select_related("current_version"), slug=slug)


def get_rubric_for_curator(user: Any, slug: str) -> Rubric:
    if not is_curator(user):
        raise PermissionDenied("Only curators can see the question bank.")
    return get_object_or_404(Rubric.objects.select_related("current_version"), slug=slug)
