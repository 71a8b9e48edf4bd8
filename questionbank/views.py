"""Curator pages of questions and coding problems: list and search, create and edit with a preview, the
review workflow, history and diffs, and the coding problems' sandbox check. Rubrics: rubric_views.py;
the bank as a zip: bank_views.py."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from config.http import AuthedRequest

from . import selectors, services
from .access import get_question_for_user
from .bankfiles.writing import coding_files
from .coding_checks import coding_validation_request
from .diffs import question_version_text
from .forms import CodingProblemForm, QuestionForm
from .models import Difficulty, Question, QuestionVersion, RoundKind, Status, Topic
from .rendering import render_markdown
from .roles import curator_required
from .versions import head_version, question_data_of
from .workflow_pages import (
    preview_requested,
    render_diff,
    render_history,
    transition_view,
    workflow_context,
)

PAGE_SIZE = 50

# ---- list and search --------------------------------------------------------------------------------


@curator_required
def question_list(request: AuthedRequest) -> HttpResponse:
    filters = selectors.QuestionFilters.from_query(request.GET.dict())
    page = Paginator(selectors.question_list(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "questions": page.object_list,
        "filters": filters,
        "query": query.urlencode(),
        "round_kinds": RoundKind.choices,
        "statuses": Status.choices,
        "difficulties": Difficulty.choices,
        "topics": Topic.objects.order_by("name").values_list("slug", "name"),
    }
    template = "questionbank/question_list.html"
    if request.htmx:
        template += "#question-table"
    return render(request, template, context)


# ---- create and edit ----------------------------------------------------------------------------------


def _posted(
    request: AuthedRequest,
    form: QuestionForm | CodingProblemForm,
    markdown_field: str,
    save: Callable[[], HttpResponse],
) -> tuple[HttpResponse | None, str | None]:
    """A valid POST asks for a preview (returned as HTML) or saves through `save`, whose refusal
    (ApplicationError) goes onto the form. Returns (the response after saving, the preview)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    if preview_requested(request):
        return None, render_markdown(form.cleaned_data[markdown_field])
    try:
        return save(), None
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None, None


def _created(request: AuthedRequest, form: QuestionForm | CodingProblemForm, done: str) -> HttpResponse:
    question = services.question_create(data=form.to_data(), author=request.user)
    messages.success(request, done)
    return redirect("questionbank:question-detail", question.slug)


@curator_required
def question_new(request: AuthedRequest) -> HttpResponse:
    round_kind = request.GET.get("round") or request.POST.get("round", "")
    if round_kind == RoundKind.CODING:
        return redirect("questionbank:coding-new")
    if round_kind not in RoundKind.values:
        return render(request, "questionbank/question_new.html", {"round_kinds": RoundKind.choices})
    form = QuestionForm(request.POST or None, round_kind=round_kind)
    done = "Draft saved. Ask another curator to review it when it is ready."
    saved, preview = _posted(request, form, "prompt_md", lambda: _created(request, form, done))
    if saved is not None:
        return saved
    context = {
        "form": form,
        "round_kind": round_kind,
        "round_label": RoundKind(round_kind).label,
        "preview": preview,
    }
    return render(request, "questionbank/question_form.html", context, status=400 if form.errors else 200)


@curator_required
def coding_new(request: AuthedRequest) -> HttpResponse:
    form = CodingProblemForm(request.POST or None)
    done = "Draft saved; its tests are running in the sandbox."
    saved, preview = _posted(request, form, "statement_md", lambda: _created(request, form, done))
    if saved is not None:
        return saved
    context = {"form": form, "preview": preview}
    return render(request, "questionbank/coding_form.html", context, status=400 if form.errors else 200)


def _edit_form(
    request: AuthedRequest, question: Question, head: QuestionVersion
) -> QuestionForm | CodingProblemForm:
    data = question_data_of(head, status=question.status)
    if question.round_kind == RoundKind.CODING:
        initial = CodingProblemForm.initial_from(data, coding_files(data))
        return CodingProblemForm(request.POST or None, initial=initial, editing_slug=question.slug)
    initial = QuestionForm.initial_from(data)
    return QuestionForm(request.POST or None, initial=initial, round_kind=question.round_kind, editing=True)


@curator_required
def question_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    head = head_version(question)
    if head is None:
        raise Http404("This question has no content yet.")
    form = _edit_form(request, question, head)
    is_coding = isinstance(form, CodingProblemForm)

    def save() -> HttpResponse:
        new = form.to_data() if isinstance(form, CodingProblemForm) else form.to_data(slug=question.slug)
        version = services.question_update(question=question, data=new, author=request.user)
        if version is None:
            messages.info(request, "Nothing changed, so no new version was made.")
        elif question.status == Status.PUBLISHED:
            messages.success(
                request,
                f"Saved as version {version.number}. Candidates still get the live version until "
                "another curator approves this one.",
            )
        else:
            messages.success(request, f"Saved as version {version.number}.")
        return redirect("questionbank:question-detail", question.slug)

    saved, preview = _posted(request, form, "statement_md" if is_coding else "prompt_md", save)
    if saved is not None:
        return saved
    template = "questionbank/coding_form.html" if is_coding else "questionbank/question_form.html"
    context = {
        "form": form,
        "question": question,
        "round_kind": question.round_kind,
        "round_label": question.get_round_kind_display(),
        "preview": preview,
    }
    return render(request, template, context, status=400 if form.errors else 200)


@require_POST
@curator_required
def markdown_preview(request: AuthedRequest) -> HttpResponse:
    """The htmx preview beside a markdown field; the form's own Preview button covers browsers without JS."""
    text = request.POST.get("prompt_md") or request.POST.get("statement_md") or ""
    return render(request, "questionbank/_preview.html", {"preview": render_markdown(text)})


# ---- detail, workflow, history -------------------------------------------------------------------------


@curator_required
def question_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    context = {"question": question, **workflow_context(request, question)}
    context["tests_changed_since"] = selectors.tests_changed_at(question=question)
    return render(request, "questionbank/question_detail.html", context)


@curator_required
def question_validation(request: AuthedRequest, slug: str) -> HttpResponse:
    """GET: the sandbox check's outcome (the fragment polls itself while the check runs). POST: run again."""
    question = get_question_for_user(request.user, slug)
    if request.method == "POST":
        try:
            coding_validation_request(question=question, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    if not request.htmx:
        return redirect("questionbank:question-detail", question.slug)
    context = {"question": question, **workflow_context(request, question)}
    return render(request, "questionbank/question_detail.html#workflow", context)


question_submit = transition_view(
    "question", services.question_submit, "Sent for review: another curator can approve it."
)
question_withdraw = transition_view("question", services.question_withdraw, "Taken out of review.")
question_approve = transition_view(
    "question", services.question_approve, "Approved and published: new sessions get it."
)
question_retire = transition_view(
    "question", services.question_retire, "Retired: new sessions no longer draw it."
)
question_restore = transition_view("question", services.question_restore, "Restored: published again.")


@curator_required
def question_history(request: AuthedRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    return render_history(request, "question", question, list(selectors.question_versions(question=question)))


@curator_required
def question_diff(request: AuthedRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    versions = {
        v.number: v for v in QuestionVersion.objects.filter(question=question).prefetch_related("topics")
    }
    if not versions:
        raise Http404("No versions yet.")
    return render_diff(request, "question", question, versions, question_version_text)
