"""Pages and fragments of code grading: run/submit from the coding round, live verdicts, rejudging."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from interviews.access import get_item_for_candidate
from questionbank.models import Question
from questionbank.roles import is_curator

from . import grading
from .models import RejudgeBatch, Submission


class AuthedRequest(HttpRequest):
    user: User


def _visible_examples(spec: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Visible tests as written in the problem: the only tests a candidate may see in full."""
    if not spec:
        return []
    return [
        {
            "name": t.get("name", ""),
            "args": t.get("args"),
            "kwargs": t.get("kwargs") or {},
            "expected": t.get("expected"),
        }
        for t in spec.get("tests", [])
        if t.get("visible") and t.get("generate") is None
    ]


def get_submission_for_user(user: User, submission_id: int) -> Submission:
    """The candidate's own submission; curators may open any. Everyone else gets a 404."""
    submission = get_object_or_404(Submission.objects.select_related("item__session"), pk=submission_id)
    if submission.user_id != user.pk and not is_curator(user):
        from django.http import Http404

        raise Http404("No such submission")
    return submission


HISTORY_SIZE = 20


@login_required
def coding_panel(request: AuthedRequest, session_id: int, item_id: int) -> HttpResponse:
    """The examples, the latest verdict and the candidate's submissions beside the editor, loaded by the
    round page; `?part=history` is only the submission list (refreshed after each verdict)."""
    session, item = get_item_for_candidate(request.user, session_id, item_id)
    history = list(Submission.objects.filter(item=item).order_by("-created_at", "-pk")[:HISTORY_SIZE])
    context = {
        "session": session,
        "item": item,
        "examples": _visible_examples(item.question_version.coding_spec),
        "submission": history[0] if history else None,
        "history": history,
    }
    template = "scoring/grading/coding_panel.html"
    if request.GET.get("part") == "history":
        template += "#history"
    elif not getattr(request, "htmx", False):
        template = "scoring/grading/coding_panel_page.html"  # the no-JS link from the round page
    return render(request, template, context)


def _run_input(request: AuthedRequest) -> dict[str, Any]:
    """The run form's fields; a missing or unreadable revision is None (the service then skips the check)."""
    revision = request.POST.get("base_revision", "")
    return {
        "code": request.POST.get("text", ""),
        "kind": request.POST.get("kind", ""),
        "base_revision": int(revision) if revision.isdigit() else None,
        "idempotency_key": request.POST.get("idempotency_key", "").strip(),
        "custom_input": request.POST.get("custom_input", ""),
    }


@require_POST
@login_required
def submission_run(request: AuthedRequest, session_id: int, item_id: int) -> HttpResponse:
    session, item = get_item_for_candidate(request.user, session_id, item_id)
    htmx = getattr(request, "htmx", False)
    back = reverse("interviews:session-detail", args=[session.pk]) + f"#panel-{item.pk}"
    try:
        submission = grading.submission_create(user=request.user, item=item, **_run_input(request))
    except ApplicationError as exc:
        if not htmx:
            messages.error(request, exc.message)
            return redirect(back)
        return render(request, "scoring/grading/verdict.html", {"error": exc.message}, status=exc.status)
    if not htmx:
        # A post without scripts (or before they loaded) lands back on the round, where the panel shows
        # the verdict, not on a bare submission page.
        messages.success(
            request, f"{submission.get_kind_display()}: your code was sent; the verdict is below."
        )
        return redirect(back)
    submission.refresh_from_db()
    response = render(request, "scoring/grading/verdict.html", {"submission": submission})
    answer = item.answers.filter(section="").first()
    if answer is not None:  # the run saved the code: the page's next save builds on this revision
        response["X-Answer-Revision"] = str(answer.revision)
    return response


@login_required
def submission_detail(request: AuthedRequest, submission_id: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, submission_id)
    # The safe view is the default, also for a curator's own runs; curators may ask for everything.
    full = is_curator(request.user) and request.GET.get("full") == "1"
    report = grading.curator_report(submission=submission) if full else submission.candidate_report
    context = {"submission": submission, "report": report, "full": full}
    template = (
        "scoring/grading/verdict.html"
        if getattr(request, "htmx", False)
        else "scoring/grading/submission_detail.html"
    )
    return render(request, template, context)


def _require_curator(request: HttpRequest) -> None:
    if not is_curator(request.user):
        raise PermissionDenied("Only curators can rejudge.")


@require_POST
@login_required
def rejudge_start(request: AuthedRequest, slug: str) -> HttpResponse:
    _require_curator(request)
    question = get_object_or_404(Question.objects.select_related("current_version"), slug=slug)
    if question.current_version is None or not question.current_version.coding_spec:
        raise PermissionDenied("Only coding problems can be rejudged.")
    batch = grading.rejudge_start(question_version=question.current_version, requested_by=request.user)
    return redirect("grading:rejudge-detail", batch.pk)


@login_required
def rejudge_detail(request: AuthedRequest, batch_id: int) -> HttpResponse:
    _require_curator(request)
    batch = get_object_or_404(RejudgeBatch.objects.select_related("question_version__question"), pk=batch_id)
    context = {"batch": batch, "progress": grading.rejudge_progress(batch=batch)}
    template = "scoring/grading/rejudge_detail.html"
    if getattr(request, "htmx", False):
        template += "#progress"
    return render(request, template, context)
