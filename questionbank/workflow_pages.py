"""What the curator pages of questions and of rubrics share: the workflow panel and its buttons, the
history and the diff of two versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from config.http import AuthedRequest

from .access import get_question_for_user, get_rubric_for_user
from .coding_checks import validation_is_stale
from .diffs import diff_texts
from .models import Question, QuestionVersion, Rubric, RubricVersion, Status, ValidationStatus
from .roles import curator_required
from .versions import head_version, pending_authors

Version = QuestionVersion | RubricVersion


def preview_requested(request: HttpRequest) -> bool:
    return "preview" in request.POST


def _approval_blocker(request: AuthedRequest, item: Question | Rubric, head: Version | None) -> str:
    """Why this curator cannot approve the pending version now ("" when they can)."""
    if head is None or head.approved_at is not None or head.submitted_at is None:
        return "Nothing is waiting for a review."
    if request.user.pk in pending_authors(item):
        return "You wrote or submitted these changes: another curator must approve them."
    if isinstance(head, QuestionVersion) and head.coding_spec is not None and not head.validation_passed:
        return "The sandbox check must pass before this problem can be published."
    return ""


def workflow_context(request: AuthedRequest, item: Question | Rubric) -> dict[str, Any]:
    """The workflow panel of a detail page: the newest, live and pending versions, and the actions."""
    head = head_version(item)
    live = item.current_version if item.status in {Status.PUBLISHED, Status.RETIRED} else None
    pending = head if head is not None and (live is None or head.number > live.number) else None
    kind = "rubric" if isinstance(item, Rubric) else "question"
    names = ("edit", "submit", "withdraw", "approve", "retire", "restore", "history", "diff")
    actions = {name: reverse(f"questionbank:{kind}-{name}", args=[item.slug]) for name in names}
    if kind == "question":
        # The statistics page belongs to scoring (it reads sessions and reviews); linked by its URL only.
        actions["stats"] = reverse("question-stats", args=[item.slug])
    stale = (
        isinstance(head, QuestionVersion)
        and head.validation_status == ValidationStatus.RUNNING
        and validation_is_stale(head)
    )
    return {
        "head": head,
        "version": head,
        "live": live,
        "pending": pending,
        "actions": actions,
        "approval_blocker": _approval_blocker(request, item, head),
        "validation_stale": stale,
    }


def transition_view(kind: str, action: Callable[..., Any], done: str) -> Callable[..., HttpResponse]:
    """A POST-only page that moves a question or rubric through the workflow, then shows its detail page."""

    @require_POST
    @curator_required
    def view(request: AuthedRequest, slug: str) -> HttpResponse:
        item: Question | Rubric
        if kind == "question":
            item = get_question_for_user(request.user, slug)
        else:
            item = get_rubric_for_user(request.user, slug)
        try:
            action(user=request.user, **{kind: item})
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect(f"questionbank:{kind}-detail", item.slug)

    view.__name__ = action.__name__
    return view


def _urls(kind: str, slug: str) -> dict[str, str]:
    return {
        f"{name}_url": reverse(f"questionbank:{kind}-{name}", args=[slug])
        for name in ("diff", "history", "detail")
    }


def render_history(
    request: HttpRequest, kind: str, item: Question | Rubric, versions: list[Any]
) -> HttpResponse:
    title = item.current_version.title if item.current_version else item.slug
    context = {"item": item, "title": title, "versions": versions, **_urls(kind, item.slug)}
    return render(request, "questionbank/history.html", context)


def _pick_pair(request: HttpRequest, versions: dict[int, Any], item: Question | Rubric) -> tuple[Any, Any]:
    """The two versions to compare: `?a=&b=`, else the live version (or the one before) against the newest."""
    newest = max(versions)

    def number(name: str, default: int) -> int:
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            return default
        return value if value in versions else default

    live = item.current_version.number if item.current_version else newest
    default_old = live if live != newest else max([n for n in versions if n < newest], default=newest)
    return versions[number("a", default_old)], versions[number("b", newest)]


def render_diff(
    request: HttpRequest,
    kind: str,
    item: Question | Rubric,
    versions: dict[int, Any],
    text_of: Callable[[Any], str],
) -> HttpResponse:
    old, new = _pick_pair(request, versions, item)
    context = {
        "item": item,
        "old": old,
        "new": new,
        "diff": diff_texts(text_of(old), text_of(new)),
        "numbers": sorted(versions, reverse=True),
        **_urls(kind, item.slug),
    }
    return render(request, "questionbank/diff.html", context)
