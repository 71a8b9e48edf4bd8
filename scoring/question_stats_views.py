"""The curator's statistics page of one question (it reads sessions and reviews, so it lives in scoring)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from config.http import AuthedRequest
from questionbank.access import get_question_for_user
from questionbank.roles import require_curator

from .machine_feedback import machine_human_agreement
from .question_stats import MIN_PAIRS, MIN_SCORED
from .question_stats import question_stats as compute_stats


@login_required
def question_stats(request: AuthedRequest, slug: str) -> HttpResponse:
    require_curator(request.user, "Only curators can see the question bank.")
    question = get_question_for_user(request.user, slug)
    context = {
        "question": question,
        "stats": compute_stats(question=question),
        "min_scored": MIN_SCORED,
        "min_pairs": MIN_PAIRS,
        "agreement": machine_human_agreement(question_id=question.pk),
    }
    return render(request, "scoring/question_stats.html", context)
