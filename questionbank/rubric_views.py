"""Curator pages of rubrics: list, create and edit with a live preview, the review workflow, history and
diffs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from config.http import AuthedRequest

from . import selectors, services
from .access import get_rubric_for_user, visible_rubrics
from .diffs import rubric_version_text
from .forms import RubricForm
from .models import RoundKind, Rubric, RubricVersion
from .roles import curator_required
from .versions import head_version, rubric_data_of
from .workflow_pages import (
    preview_requested,
    render_diff,
    render_history,
    transition_view,
    workflow_context,
)


@curator_required
def rubric_list(request: AuthedRequest) -> HttpResponse:
    rubrics = list(visible_rubrics(request.user))
    missing = [label for kind, label in RoundKind.choices if kind not in {r.round_kind for r in rubrics}]
    return render(request, "questionbank/rubric_list.html", {"rubrics": rubrics, "missing": missing})


def _form_page(request: AuthedRequest, form: RubricForm, rubric: Rubric | None = None) -> HttpResponse:
    preview = form.data_out if form.is_bound and not form.errors else None
    context = {"form": form, "rubric": rubric, "preview": preview}
    return render(request, "questionbank/rubric_form.html", context, status=400 if form.errors else 200)


@curator_required
def rubric_new(request: AuthedRequest) -> HttpResponse:
    taken = set(Rubric.objects.values_list("round_kind", flat=True))
    form = RubricForm(request.POST or None, taken=taken)
    if request.method == "POST" and form.is_valid() and not preview_requested(request):
        try:
            rubric = services.rubric_create(data=form.to_data(), author=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Draft rubric saved.")
            return redirect("questionbank:rubric-detail", rubric.slug)
    return _form_page(request, form)


@curator_required
def rubric_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_user(request.user, slug)
    head = head_version(rubric)
    if head is None:
        raise Http404("This rubric has no content yet.")
    initial = RubricForm.initial_from(rubric_data_of(head, status=rubric.status))
    form = RubricForm(request.POST or None, initial=initial, round_kind=rubric.round_kind)
    if request.method == "POST" and form.is_valid() and not preview_requested(request):
        try:
            version = services.rubric_update(rubric=rubric, data=form.to_data(), author=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if version is None:
                messages.info(request, "Nothing changed, so no new version was made.")
            else:
                messages.success(request, f"Saved as version {version.number}.")
            return redirect("questionbank:rubric-detail", rubric.slug)
    return _form_page(request, form, rubric)


@require_POST
@curator_required
def rubric_preview(request: AuthedRequest) -> HttpResponse:
    """htmx: the criteria table as reviewers will see it, or the problems with the YAML."""
    round_kind = request.POST.get("fixed_round") or None
    form = RubricForm(request.POST, round_kind=round_kind if round_kind in RoundKind.values else None)
    form.is_valid()
    return render(
        request,
        "questionbank/_rubric_preview.html",
        {"preview": form.data_out if not form.errors else None, "errors": form.errors},
    )


@curator_required
def rubric_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_user(request.user, slug)
    context = {"rubric": rubric, **workflow_context(request, rubric)}
    return render(request, "questionbank/rubric_detail.html", context)


rubric_submit = transition_view(
    "rubric", services.rubric_submit, "Sent for review: another curator can approve it."
)
rubric_withdraw = transition_view("rubric", services.rubric_withdraw, "Taken out of review.")
rubric_approve = transition_view(
    "rubric", services.rubric_approve, "Approved and published: new reviews use it."
)
rubric_retire = transition_view("rubric", services.rubric_retire, "Retired.")
rubric_restore = transition_view("rubric", services.rubric_restore, "Restored: published again.")


@curator_required
def rubric_history(request: AuthedRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_user(request.user, slug)
    return render_history(request, "rubric", rubric, list(selectors.rubric_versions(rubric=rubric)))


@curator_required
def rubric_diff(request: AuthedRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_user(request.user, slug)
    versions = {v.number: v for v in RubricVersion.objects.filter(rubric=rubric).select_related("rubric")}
    if not versions:
        raise Http404("No versions yet.")
    return render_diff(request, "rubric", rubric, versions, rubric_version_text)
