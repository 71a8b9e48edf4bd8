"""Live (booked) session pages: the candidate's round, and the reviewer's view of it as it is typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from config.errors import ApplicationError
from config.http import AuthedRequest
from questionbank.models import RoundKind

from . import live, selectors
from .access import get_item_for_reviewer, get_session_for_candidate, get_session_for_reviewer
from .booking_forms import ScratchpadForm
from .models import InterviewSession, ReviewerScratchpad, SessionQuestion, SessionStatus
from .views import round_context

# --- Candidate ------------------------------------------------------------------------------------


@login_required
def live_session(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The candidate's booked round: a waiting page before the start, then the timed round.

    With htmx this returns the polled panel instead (revealed follow-ups); when the reviewer reveals
    another question the page is refreshed, so the new answer box comes with it.
    """
    session = get_session_for_candidate(request.user, session_id)
    if not session.is_booked:
        return redirect("interviews:session-detail", session.pk)
    live.session_catch_up(session=session)
    if session.status == SessionStatus.CANCELLED:
        return _go(request, reverse("interviews:booking-detail", args=[session.pk]))
    if session.is_finished:
        return _go(request, reverse("interviews:session-results", args=[session.pk]))
    if session.status == SessionStatus.SCHEDULED:
        if request.htmx:
            return HttpResponseClientRefresh()
        return render(request, "interviews/live_waiting.html", {"session": session, "role": "candidate"})
    session = selectors.session_with_answers(session_id=session.pk)
    revealed = [item for item in session.items.all() if item.revealed_at is not None]
    fu_total = sum(item.follow_ups_revealed for item in revealed)
    if request.htmx:
        known, fu = request.GET.get("known", ""), request.GET.get("fu", "")
        if not known.isdigit() or int(known) < len(revealed):
            return HttpResponseClientRefresh()  # a new question needs its answer box
        if fu.isdigit() and int(fu) == fu_total:
            return HttpResponse(status=204)  # nothing new: htmx leaves the panel alone
    context = round_context(session)
    context.update(
        live=True,
        known=len(revealed),
        fu_total=fu_total,
        follow_ups=_revealed_follow_ups(revealed),
        announce=bool(request.htmx),
    )
    if request.htmx:
        return render(request, "interviews/_live_panel.html", context)
    return render(request, "interviews/session_detail.html", context)


def _go(request: AuthedRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _revealed_follow_ups(items: list[SessionQuestion]) -> list[dict[str, Any]]:
    """Only the follow-ups the reviewer revealed: the rest of the reviewer notes never reach the page."""
    return [
        {
            "item": item,
            "title": item.question_version.title,
            "steps": item.question_version.follow_ups[: item.follow_ups_revealed],
        }
        for item in items
        if item.follow_ups_revealed
    ]


# --- Reviewer -------------------------------------------------------------------------------------


@login_required
def live_review(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The reviewer's side: the candidate's work (polled every 2 s), notes, follow-ups, scratchpad."""
    session = get_session_for_reviewer(request.user, session_id)
    live.session_catch_up(session=session)
    session = selectors.live_session_for_reviewer(session_id=session.pk)
    template = "interviews/live_review.html"
    if request.htmx:
        template += "#questions" if request.htmx.target == "reviewer-questions" else "#work"
    return render(request, template, _review_context(session))


def _review_context(session: InterviewSession) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for item in session.items.all():
        version = item.question_version
        notes = version.reviewer_notes or {}
        parts = selectors.answer_parts(session, item)
        for part in parts:  # the reviewer also sees the notes for each design section
            part["notes"] = (version.section_notes or {}).get(part["key"], "")
        ladder = version.follow_ups
        entries.append(
            {
                "item": item,
                "version": version,
                "parts": parts,
                "key_points": notes.get("key_points") or [],
                "red_flags": version.red_flags_with_examples,
                "follow_ups": [(index < item.follow_ups_revealed, step) for index, step in enumerate(ladder)],
                "next_follow_up": item.follow_ups_revealed < len(ladder),
            }
        )
    try:
        scratchpad = session.scratchpad.text
    except ReviewerScratchpad.DoesNotExist:
        scratchpad = ""
    return {
        "session": session,
        "entries": entries,
        "is_coding": session.round_kind == RoundKind.CODING,
        "unrevealed": sum(1 for item in session.items.all() if item.revealed_at is None),
        "polling": session.status in (SessionStatus.SCHEDULED, SessionStatus.IN_PROGRESS),
        "scratchpad": scratchpad,
        "no_shows": selectors.no_show_counts(user_ids=[session.candidate_id])[session.candidate_id],
    }


@require_POST
@login_required
def live_reveal(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Reveal the next question (`what=question`) or a question's next follow-up (`what=follow_up`)."""
    session = get_session_for_reviewer(request.user, session_id)
    error = ""
    try:
        if request.POST.get("what") == "question":
            live.question_reveal_next(session=session, by=request.user)
        elif request.POST.get("what") == "follow_up":
            item_id = request.POST.get("item", "")
            if not item_id.isdigit():
                raise Http404("No such question")
            session, item = get_item_for_reviewer(request.user, session.pk, int(item_id))
            live.follow_up_reveal(session=session, item=item, by=request.user)
        else:
            raise ApplicationError("Choose what to reveal.")
    except ApplicationError as exc:
        error = exc.message
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("interviews:live-review", session.pk)
    context = _review_context(selectors.live_session_for_reviewer(session_id=session.pk))
    context["reveal_error"] = error
    return render(request, "interviews/live_review.html#questions", context, status=409 if error else 200)


@require_POST
@login_required
def live_scratchpad(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_reviewer(request.user, session_id)
    form = ScratchpadForm(request.POST)
    pad, error, status = None, "", 200
    if not form.is_valid():
        error, status = "These notes could not be read; they were not saved.", 400
    else:
        try:
            pad = live.scratchpad_save(session=session, by=request.user, text=form.cleaned_data["text"])
        except ApplicationError as exc:
            error, status = exc.message, exc.status
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("interviews:live-review", session.pk)
    return render(request, "interviews/_save_status.html", {"answer": pad, "error": error}, status=status)
