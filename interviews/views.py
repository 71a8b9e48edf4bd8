"""Candidate pages: dashboard, starting a practice round, the round itself (autosave), results."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from config.errors import ApplicationError
from config.http import AuthedRequest
from questionbank.models import Question, QuestionVersion, RoundConfig, RoundKind, Status, Topic
from questionbank.roles import is_curator

from . import selectors, services
from .access import get_item_for_candidate, get_session_for_candidate
from .forms import AnswerForm, PracticePickForm, StartPracticeForm
from .models import InterviewSession, ReviewerRound


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("interviews:dashboard")
    return render(request, "home.html", {"round_kinds": RoundKind.choices})


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    configs = {c.round_kind: c for c in RoundConfig.objects.all()}
    rounds = [(kind, label, configs.get(kind)) for kind, label in RoundKind.choices]
    context: dict[str, object] = {
        "rounds": rounds,
        "recent_sessions": selectors.session_list_for_candidate(user=request.user)[:5],
        "review_rounds": ReviewerRound.objects.filter(user=request.user).order_by("round_kind"),
    }
    if is_curator(request.user):
        context["bank_counts"] = (
            Question.objects.values("round_kind", "status")
            .annotate(n=Count("id"))
            .order_by("round_kind", "status")
        )
        context["published_total"] = Question.objects.filter(status=Status.PUBLISHED).count()
    return render(request, "interviews/dashboard.html", context)


@require_POST
@login_required
def practice_start(request: AuthedRequest) -> HttpResponse:
    """Start a self-paced round: of a kind, with a picked question, or on a picked topic."""
    form = StartPracticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the six round kinds, a question or a topic.")
        return redirect("interviews:dashboard")
    data = form.cleaned_data
    try:
        session = services.practice_start(
            candidate=request.user,
            round_kind=data["round_kind"],
            question_slug=data["question"],
            topic_slug=data["topic"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        if data["question"] or data["topic"]:
            return redirect("interviews:practice-pick")
        return redirect("interviews:dashboard")
    return redirect("interviews:session-detail", session.pk)


PICK_LIMIT = 60


@login_required
def practice_pick(request: AuthedRequest) -> HttpResponse:
    """Pick a specific question or topic to practise: published questions, filtered by round and topic."""
    form = PracticePickForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"round_kind": "", "topic": "", "question": ""}
    versions = (
        QuestionVersion.objects.filter(
            question__status=Status.PUBLISHED, question__current_version_id=F("id")
        )
        .select_related("question")
        .prefetch_related("topics")
        .order_by("question__round_kind", "title")
    )
    topics = list(Topic.objects.filter(question_versions__in=versions).distinct().order_by("name"))
    chosen_topic = next((t for t in topics if t.slug == data["topic"]), None)
    picked = versions.filter(question__slug=data["question"]).first() if data["question"] else None
    if data["round_kind"]:
        versions = versions.filter(question__round_kind=data["round_kind"])
    if chosen_topic is not None:
        versions = versions.filter(topics=chosen_topic)
    shown = list(versions[: PICK_LIMIT + 1])
    context = {
        "form": form,
        "round_kind": data["round_kind"],
        "round_kinds": RoundKind.choices,
        "topics": topics,
        "chosen_topic": chosen_topic,
        "picked": picked,
        "versions": shown[:PICK_LIMIT],
        "more": len(shown) > PICK_LIMIT,
    }
    return render(request, "interviews/practice_pick.html", context)


@login_required
def session_list(request: AuthedRequest) -> HttpResponse:
    sessions = selectors.session_list_for_candidate(user=request.user)[:200]
    return render(request, "interviews/session_list.html", {"sessions": sessions})


@login_required
def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_candidate(request.user, session_id)
    if session.is_booked:  # a round with a reviewer opens at its start time: interviews/live_views.py
        return redirect("interviews:live-session", session.pk)
    services.session_expire_if_overdue(session=session)
    if session.is_finished:
        return redirect("interviews:session-results", session.pk)
    session = selectors.answers_prefetch(session)
    return render(request, "interviews/session_detail.html", round_context(session))


def round_context(session: InterviewSession) -> dict[str, Any]:
    """The candidate's round as the page shows it (also the live round: interviews/live_views.py)."""
    items = []
    for item in session.items.all():
        if not session.shows_candidate(item):
            continue  # a booked round not started yet, or a question the reviewer has not shown
        parts = selectors.answer_parts(session, item)
        # A fresh key per page view: a no-JS "Run" posted twice from this page makes one submission (the
        # script replaces it with a new key on every click).
        run_key = f"{uuid.uuid4().hex}-{item.pk}"
        items.append({"item": item, "version": item.question_version, "parts": parts, "run_key": run_key})
    return {"session": session, "items": items, "is_coding": session.round_kind == RoundKind.CODING}


@require_POST
@login_required
def answer_save(request: AuthedRequest, session_id: int, item_id: int) -> HttpResponse:
    session, item = get_item_for_candidate(request.user, session_id, item_id)
    form = AnswerForm(request.POST)
    error = ""
    answer = None
    conflict = None
    status = 200
    if not form.is_valid():
        error, status = "This answer could not be read; it was not saved.", 400
        if "base_revision" in form.errors:
            error += " Reload the page: your browser did not say which saved version it was based on."
    else:
        try:
            answer = services.answer_save(
                session=session,
                item=item,
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
                seconds_spent=form.cleaned_data.get("seconds_spent"),
                base_revision=form.cleaned_data["base_revision"],
            )
        except services.AnswerConflict as exc:
            error, status, conflict = exc.message, exc.status, exc.answer
        except ApplicationError as exc:
            error, status = exc.message, exc.status
    if not request.htmx:
        if conflict is not None:
            # Without JavaScript the refused text would vanish on a redirect: show it beside the newer one.
            context = round_context(selectors.answers_prefetch(session))
            context["refused"] = {
                "item": item.pk,
                "section": conflict.section,
                "text": form.cleaned_data["text"],
            }
            messages.error(request, error)
            return render(request, "interviews/session_detail.html", context, status=status)
        if error:
            messages.error(request, error)
        return redirect("interviews:session-detail", session.pk)
    # base.html tells htmx to swap 4xx fragments too, so the error shows where the save status goes.
    context = {"answer": answer, "error": error, "conflict": conflict}
    return render(request, "interviews/_save_status.html", context, status=status)


@require_POST
@login_required
def session_submit(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_candidate(request.user, session_id)
    if not services.session_expire_if_overdue(session=session):
        services.session_submit(session=session, auto=request.POST.get("auto") == "1")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("interviews:session-results", args=[session.pk]))
    return redirect("interviews:session-results", session.pk)


@login_required
def session_results(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_candidate(request.user, session_id)
    services.session_expire_if_overdue(session=session)
    if not session.is_finished:
        return redirect("interviews:session-detail", session.pk)
    session = selectors.answers_prefetch(session)
    context = round_context(session)
    if context["is_coding"]:
        # A coding problem's follow-ups ("What the interviewer will probe") are study material once the
        # round is over; during the round they would be hints, so only this page shows them.
        for entry in context["items"]:
            entry["probe"] = entry["version"].follow_ups
    return render(request, "interviews/session_results.html", context)
