"""Pages and fragments of code grading: run/submit from the coding round, live verdicts, rejudging."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from config.http import AuthedRequest
from interviews.access import get_item_for_candidate
from questionbank.access import get_question_for_user
from questionbank.roles import is_curator, require_curator

from . import grading
from .access import get_rejudge_batch_for_curator, get_submission_for_user
from .models import Submission


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
    elif not request.htmx:
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
    htmx = request.htmx
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
    template = "scoring/grading/verdict.html" if request.htmx else "scoring/grading/submission_detail.html"
    return render(request, template, context)


@require_POST
@login_required
def rejudge_start(request: AuthedRequest, slug: str) -> HttpResponse:
    require_curator(request.user, "Only curators can rejudge.")
    question = get_question_for_user(request.user, slug)
    if question.current_version is None or not question.current_version.coding_spec:
        raise PermissionDenied("Only coding problems can be rejudged.")
    batch = grading.rejudge_start(question_version=question.current_version, requested_by=request.user)
    return redirect("grading:rejudge-detail", batch.pk)


@login_required
def rejudge_detail(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = get_rejudge_batch_for_curator(request.user, batch_id)
    context = {"batch": batch, "progress": grading.rejudge_progress(batch=batch)}
    template = "scoring/grading/rejudge_detail.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)
