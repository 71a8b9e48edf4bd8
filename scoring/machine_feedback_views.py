"""The automatic feedback on a finished round: one view serves the page and its self-polling fragment."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from config.http import AuthedRequest
from interviews.models import InterviewSession
from interviews.selectors import answers_prefetch
from questionbank.design_sections import DESIGN_SECTIONS

from .access import get_finished_session_for_candidate
from .machine_feedback import is_analysable, round_feedback_request
from .models import AnswerFeedback, RoundFeedback


@login_required
def session_machine_feedback(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Only after the round (finished sessions only): the key points would give the answers away."""
    session = get_finished_session_for_candidate(request.user, session_id)
    feedback = RoundFeedback.objects.filter(session=session).first()
    if feedback is None and is_analysable(session):
        # A round submitted in bulk by the deadline job has no row yet: ask for one now.
        feedback = round_feedback_request(session=session)
    context = {
        "session": session,
        "feedback": feedback,
        "questions": machine_feedback_rows(session, feedback),
    }
    template = "scoring/machine_feedback.html"
    if request.htmx:
        template += "#machine-feedback"
    return render(request, template, context)


def machine_feedback_rows(session: InterviewSession, feedback: RoundFeedback | None) -> list[dict[str, Any]]:
    """Per question: the stored analysis with the candidate's own text, evidence marked."""
    if feedback is None or feedback.is_pending:
        return []
    answers_prefetch(session)
    stored = {a.item_id: a for a in AnswerFeedback.objects.filter(round_feedback=feedback)}
    rows = []
    for item in session.items.all():
        analysis: AnswerFeedback | None = stored.get(item.pk)
        if analysis is None:
            continue
        result = analysis.result
        texts = {a.section: a.text for a in item.answers.all()}
        rows.append(
            {
                "item": item,
                "version": item.question_version,
                "analysis": analysis,
                "result": result,
                "parts": _highlighted_parts(result, texts),
                "outline": item.question_version.points_with_examples,
            }
        )
    return rows


def _highlighted_parts(result: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for kp in result.get("key_points", []):
        if kp.get("evidence"):
            spans.setdefault(kp["evidence"]["section"], []).append(_span(kp["evidence"], texts, "point"))
    for flag in result.get("red_flags", []):
        spans.setdefault(flag["evidence"]["section"], []).append(_span(flag["evidence"], texts, "flag"))
    titles = {key: title for key, title, _ in DESIGN_SECTIONS}
    keys = [key for key in titles if key in texts] or [""]
    parts = []
    for key in keys:
        text = texts.get(key, "")
        if not text.strip():
            continue
        marked = highlight(text, [s for s in spans.get(key, []) if s[1] > s[0]])
        parts.append({"key": key, "title": titles.get(key, ""), "html": marked})
    return parts


def _span(evidence: dict[str, Any], texts: dict[str, str], kind: str) -> tuple[int, int, str]:
    """The evidence's offsets, checked against the text (found again by search if the text moved)."""
    text = texts.get(evidence.get("section", ""), "")
    start, end = int(evidence.get("start", 0)), int(evidence.get("end", 0))
    if text[start:end] != evidence.get("text"):
        start = text.find(evidence.get("text", "")) if evidence.get("text") else -1
        end = start + len(evidence["text"]) if start >= 0 else -1
    return (start, end, kind)


def highlight(text: str, spans: list[tuple[int, int, str]]) -> SafeString:
    """``text`` escaped, with each span wrapped in <mark>; overlapping spans merge (a red flag wins)."""
    spans = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], s[1]))
    merged: list[list[Any]] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if kind == "flag":
                merged[-1][2] = "flag"
        else:
            merged.append([start, end, kind])
    out: list[str] = []
    pos = 0
    for start, end, kind in merged:
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="mf-{kind}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # every piece of the candidate's text is escaped above
