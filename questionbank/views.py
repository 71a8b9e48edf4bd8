"""Curator pages of the bank: list and search, create and edit with a preview, the review workflow,
history and diffs, the coding problems' sandbox check, rubrics, and the bank as a zip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from config.errors import ApplicationError

from . import selectors, services
from .access import curator_required, get_question_for_curator, get_rubric_for_curator
from .bankfiles import BankError, coding_files
from .diffs import diff_texts, question_version_text, rubric_version_text
from .forms import BankUploadForm, CodingProblemForm, QuestionForm, RubricForm
from .models import (
    Difficulty,
    Question,
    QuestionVersion,
    RoundKind,
    Rubric,
    RubricVersion,
    Status,
    Topic,
    ValidationStatus,
)

PAGE_SIZE = 50


class CuratorRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


# ---- list and search --------------------------------------------------------------------------------


@curator_required
def question_list(request: CuratorRequest) -> HttpResponse:
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


def _preview_requested(request: HttpRequest) -> bool:
    return "preview" in request.POST


@curator_required
def question_new(request: CuratorRequest) -> HttpResponse:
    round_kind = request.GET.get("round") or request.POST.get("round", "")
    if round_kind == RoundKind.CODING:
        return redirect("questionbank:coding-new")
    if round_kind not in RoundKind.values:
        return render(request, "questionbank/question_new.html", {"round_kinds": RoundKind.choices})
    form = QuestionForm(request.POST or None, round_kind=round_kind)
    preview = None
    if request.method == "POST" and form.is_valid():
        if _preview_requested(request):
            preview = services.render_markdown(form.cleaned_data["prompt_md"])
        else:
            try:
                question = services.question_create(data=form.to_data(), author=request.user)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Draft saved. Ask another curator to review it when it is ready.")
                return redirect("questionbank:question-detail", question.slug)
    return render(
        request,
        "questionbank/question_form.html",
        {
            "form": form,
            "round_kind": round_kind,
            "round_label": RoundKind(round_kind).label,
            "preview": preview,
        },
        status=400 if form.errors else 200,
    )


@curator_required
def coding_new(request: CuratorRequest) -> HttpResponse:
    form = CodingProblemForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if _preview_requested(request):
            preview = services.render_markdown(form.cleaned_data["statement_md"])
        else:
            try:
                question = services.question_create(data=form.to_data(), author=request.user)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Draft saved; its tests are running in the sandbox.")
                return redirect("questionbank:question-detail", question.slug)
    return render(
        request,
        "questionbank/coding_form.html",
        {"form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


@curator_required
def question_edit(request: CuratorRequest, slug: str) -> HttpResponse:
    question = get_question_for_curator(request.user, slug)
    head = services.head_version(question)
    if head is None:
        raise Http404("This question has no content yet.")
    data = services.question_data_of(head, status=question.status)
    is_coding = question.round_kind == RoundKind.CODING
    form: QuestionForm | CodingProblemForm
    if is_coding:
        initial = CodingProblemForm.initial_from(data, coding_files(data))
        form = CodingProblemForm(request.POST or None, initial=initial, editing_slug=question.slug)
    else:
        initial = QuestionForm.initial_from(data)
        form = QuestionForm(
            request.POST or None, initial=initial, round_kind=question.round_kind, editing=True
        )
    preview = None
    if request.method == "POST" and form.is_valid():
        if _preview_requested(request):
            preview = services.render_markdown(
                form.cleaned_data["statement_md" if is_coding else "prompt_md"]
            )
        else:
            new = form.to_data() if isinstance(form, CodingProblemForm) else form.to_data(slug=question.slug)
            try:
                version = services.question_update(question=question, data=new, author=request.user)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
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
def markdown_preview(request: CuratorRequest) -> HttpResponse:
    """The htmx preview beside a markdown field; the form's own Preview button covers browsers without JS."""
    text = request.POST.get("prompt_md") or request.POST.get("statement_md") or ""
    return render(request, "questionbank/_preview.html", {"preview": services.render_markdown(text)})


# ---- detail, workflow, history -------------------------------------------------------------------------


def _approval_blocker(request: CuratorRequest, item: Question | Rubric, head: Any) -> str:
    """Why this curator cannot approve the pending version now ("" when they can)."""
    if head is None or head.approved_at is not None or head.submitted_at is None:
        return "Nothing is waiting for a review."
    if request.user.pk in services.pending_authors(item):
        return "You wrote or submitted these changes: another curator must approve them."
    if isinstance(head, QuestionVersion) and head.coding_spec is not None and not head.validation_passed:
        return "The sandbox check must pass before this problem can be published."
    return ""


def _workflow_context(request: CuratorRequest, item: Question | Rubric) -> dict[str, Any]:
    head = services.head_version(item)
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
        and services.validation_is_stale(head)
    )
    return {
        "head": head,
        "live": live,
        "pending": pending,
        "actions": actions,
        "approval_blocker": _approval_blocker(request, item, head),
        "validation_stale": stale,
    }


@curator_required
def question_detail(request: CuratorRequest, slug: str) -> HttpResponse:
    question = get_question_for_curator(request.user, slug)
    context = {"question": question, **_workflow_context(request, question)}
    context["version"] = context["head"]
    context["tests_changed_since"] = selectors.tests_changed_at(question=question)
    return render(request, "questionbank/question_detail.html", context)


@curator_required
def question_validation(request: CuratorRequest, slug: str) -> HttpResponse:
    """GET: the sandbox check's outcome (the fragment polls itself while the check runs). POST: run again."""
    question = get_question_for_curator(request.user, slug)
    if request.method == "POST":
        try:
            services.coding_validation_request(question=question, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    if not request.htmx:
        return redirect("questionbank:question-detail", question.slug)
    context = {"question": question, **_workflow_context(request, question)}
    context["version"] = context["head"]
    return render(request, "questionbank/question_detail.html#workflow", context)


def _transition(
    request: CuratorRequest, item: Any, action: Callable[..., Any], done: str, target: str, **kwargs: Any
) -> HttpResponse:
    try:
        action(user=request.user, **kwargs)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(target, item.slug)


def _question_action(action: Callable[..., Any], done: str) -> Callable[..., HttpResponse]:
    @require_POST
    @curator_required
    def view(request: CuratorRequest, slug: str) -> HttpResponse:
        question = get_question_for_curator(request.user, slug)
        return _transition(request, question, action, done, "questionbank:question-detail", question=question)

    view.__name__ = action.__name__
    return view


question_submit = _question_action(
    services.question_submit, "Sent for review: another curator can approve it."
)
question_withdraw = _question_action(services.question_withdraw, "Taken out of review.")
question_approve = _question_action(services.question_approve, "Approved and published: new sessions get it.")
question_retire = _question_action(services.question_retire, "Retired: new sessions no longer draw it.")
question_restore = _question_action(services.question_restore, "Restored: published again.")


@curator_required
def question_history(request: CuratorRequest, slug: str) -> HttpResponse:
    question = get_question_for_curator(request.user, slug)
    versions = list(selectors.question_versions(question=question))
    return render(
        request,
        "questionbank/history.html",
        {
            "item": question,
            "title": question.current_version.title if question.current_version else question.slug,
            "versions": versions,
            "diff_url": reverse("questionbank:question-diff", args=[question.slug]),
            "detail_url": reverse("questionbank:question-detail", args=[question.slug]),
        },
    )


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


def _render_diff(
    request: HttpRequest,
    item: Any,
    versions: dict[int, Any],
    text_of: Callable[[Any], str],
    urls: dict[str, str],
) -> HttpResponse:
    old, new = _pick_pair(request, versions, item)
    diff = diff_texts(text_of(old), text_of(new))
    return render(
        request,
        "questionbank/diff.html",
        {
            "item": item,
            "old": old,
            "new": new,
            "diff": diff,
            "numbers": sorted(versions, reverse=True),
            **urls,
        },
    )


@curator_required
def question_diff(request: CuratorRequest, slug: str) -> HttpResponse:
    question = get_question_for_curator(request.user, slug)
    versions = {
        v.number: v for v in QuestionVersion.objects.filter(question=question).prefetch_related("topics")
    }
    if not versions:
        raise Http404("No versions yet.")
    urls = {
        "diff_url": reverse("questionbank:question-diff", args=[slug]),
        "history_url": reverse("questionbank:question-history", args=[slug]),
        "detail_url": reverse("questionbank:question-detail", args=[slug]),
    }
    return _render_diff(request, question, versions, question_version_text, urls)


# ---- rubrics -------------------------------------------------------------------------------------------


@curator_required
def rubric_list(request: CuratorRequest) -> HttpResponse:
    rubrics = list(selectors.rubric_list())
    missing = [label for kind, label in RoundKind.choices if kind not in {r.round_kind for r in rubrics}]
    return render(request, "questionbank/rubric_list.html", {"rubrics": rubrics, "missing": missing})


@curator_required
def rubric_new(request: CuratorRequest) -> HttpResponse:
    taken = set(Rubric.objects.values_list("round_kind", flat=True))
    form = RubricForm(request.POST or None, taken=taken)
    if request.method == "POST" and form.is_valid() and not _preview_requested(request):
        try:
            rubric = services.rubric_create(data=form.to_data(), author=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Draft rubric saved.")
            return redirect("questionbank:rubric-detail", rubric.slug)
    preview = form.data_out if form.is_bound and not form.errors else None
    return render(
        request,
        "questionbank/rubric_form.html",
        {"form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


@curator_required
def rubric_edit(request: CuratorRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_curator(request.user, slug)
    head = services.head_version(rubric)
    if head is None:
        raise Http404("This rubric has no content yet.")
    initial = RubricForm.initial_from(services.rubric_data_of(head, status=rubric.status))
    form = RubricForm(request.POST or None, initial=initial, round_kind=rubric.round_kind)
    if request.method == "POST" and form.is_valid() and not _preview_requested(request):
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
    preview = form.data_out if form.is_bound and not form.errors else None
    return render(
        request,
        "questionbank/rubric_form.html",
        {"form": form, "rubric": rubric, "preview": preview},
        status=400 if form.errors else 200,
    )


@require_POST
@curator_required
def rubric_preview(request: CuratorRequest) -> HttpResponse:
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
def rubric_detail(request: CuratorRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_curator(request.user, slug)
    context = {"rubric": rubric, **_workflow_context(request, rubric)}
    context["version"] = context["head"]
    return render(request, "questionbank/rubric_detail.html", context)


def _rubric_action(action: Callable[..., Any], done: str) -> Callable[..., HttpResponse]:
    @require_POST
    @curator_required
    def view(request: CuratorRequest, slug: str) -> HttpResponse:
        rubric = get_rubric_for_curator(request.user, slug)
        return _transition(request, rubric, action, done, "questionbank:rubric-detail", rubric=rubric)

    view.__name__ = action.__name__
    return view


rubric_submit = _rubric_action(services.rubric_submit, "Sent for review: another curator can approve it.")
rubric_withdraw = _rubric_action(services.rubric_withdraw, "Taken out of review.")
rubric_approve = _rubric_action(services.rubric_approve, "Approved and published: new reviews use it.")
rubric_retire = _rubric_action(services.rubric_retire, "Retired.")
rubric_restore = _rubric_action(services.rubric_restore, "Restored: published again.")


@curator_required
def rubric_history(request: CuratorRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_curator(request.user, slug)
    return render(
        request,
        "questionbank/history.html",
        {
            "item": rubric,
            "title": rubric.current_version.title if rubric.current_version else rubric.slug,
            "versions": list(selectors.rubric_versions(rubric=rubric)),
            "diff_url": reverse("questionbank:rubric-diff", args=[rubric.slug]),
            "detail_url": reverse("questionbank:rubric-detail", args=[rubric.slug]),
        },
    )


@curator_required
def rubric_diff(request: CuratorRequest, slug: str) -> HttpResponse:
    rubric = get_rubric_for_curator(request.user, slug)
    versions = {v.number: v for v in RubricVersion.objects.filter(rubric=rubric).select_related("rubric")}
    if not versions:
        raise Http404("No versions yet.")
    urls = {
        "diff_url": reverse("questionbank:rubric-diff", args=[slug]),
        "history_url": reverse("questionbank:rubric-history", args=[slug]),
        "detail_url": reverse("questionbank:rubric-detail", args=[slug]),
    }
    return _render_diff(request, rubric, versions, rubric_version_text, urls)


# ---- the bank as files -------------------------------------------------------------------------------


@curator_required
def bank_export(request: CuratorRequest) -> HttpResponse:
    response = HttpResponse(services.bank_zip(), content_type="application/zip")
    name = f"mockloop-bank-{timezone.now():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@curator_required
def bank_import(request: CuratorRequest) -> HttpResponse:
    form = BankUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            summary = services.bank_import_zip(data=upload.read(), author=request.user)
        except BankError as exc:
            problems = [str(p) for p in exc.problems]
        else:
            if summary.changed_nothing:
                messages.info(request, f"The bank already matches this zip: nothing changed ({summary}).")
            else:
                messages.success(request, f"Imported: {summary}.")
            return redirect("questionbank:question-list")
    status = 400 if problems or form.errors else 200
    return render(
        request, "questionbank/bank_import.html", {"form": form, "problems": problems}, status=status
    )
