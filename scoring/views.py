"""Pages of reviewing and feedback: the queue and review form (reviewers), feedback, debrief, readiness
and plan (candidates), calibration (reviewers), and the curators' queue, flags, gold rounds and agreement.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from config.errors import ApplicationError
from config.http import AuthedRequest
from interviews.access import get_loop_for_candidate, get_session_for_reviewer
from interviews.models import Loop
from interviews.selectors import session_with_answers
from interviews.services import profile_of
from questionbank.design_sections import DESIGN_SECTIONS
from questionbank.models import RedFlag, RoundKind, Topic
from questionbank.roles import require_curator, require_reviewer

from . import calibration, flags, overviews, profile, selectors, services
from .access import (
    get_finished_session_for_candidate,
    get_finished_session_for_curator,
    get_flag_for_curator,
    get_review_for_candidate,
    get_review_for_reviewer,
)
from .forms import FlagForm, FlagResolveForm, PlanForm, RatingForm, review_input_from_post
from .machine_feedback import machine_reads, machine_round_scores
from .models import FlagStatus, Recommendation, Review, ReviewKind

LIST_LIMIT = 100


# --- The review form ------------------------------------------------------------------------------


def _work(session_id: int) -> list[dict[str, Any]]:
    """The candidate's work as the reviewer sees it: prompts, reviewer notes, answers by section, code."""
    session = session_with_answers(session_id=session_id)
    entries = []
    for item in session.items.all():
        version = item.question_version
        answers = {a.section: a for a in item.answers.all()}
        if session.round_kind == RoundKind.ML_SYSTEM_DESIGN:
            parts = [
                {"title": title, "answer": answers.get(key), "notes": version.section_notes.get(key, "")}
                for key, title, _ in DESIGN_SECTIONS
            ]
        else:
            parts = [{"title": "", "answer": answers.get(""), "notes": ""}]
        entries.append(
            {
                "item": item,
                "version": version,
                "notes": version.reviewer_notes or {},
                "parts": parts,
                "is_coding": session.round_kind == RoundKind.CODING,
                "submission": selectors.latest_graded_submission(item)
                if session.round_kind == RoundKind.CODING
                else None,
            }
        )
    return entries


def _criteria_rows(review: Review, problems: dict[str, str]) -> list[dict[str, Any]]:
    """The review form's rows: the scores plus every level to choose from and any problem with a row."""
    rows = selectors.review_criteria(review)
    for row, criterion in zip(rows, review.rubric_version.criteria, strict=True):
        row["from_grader"] = criterion.get("from_grader", False) and review.grader_level is not None
        row["levels"] = [(n, criterion["levels"][str(n)], row["score"] == n) for n in (1, 2, 3, 4)]
        row["problem"] = problems.get(f"score_{row['key']}", "")
    return rows


def _review_context(review: Review, problems: dict[str, str] | None = None) -> dict[str, Any]:
    problems = problems or {}
    review = selectors.review_with_rubric(review_id=review.pk)
    ticked = {flag.pk for flag in review.red_flags.all()}
    others = selectors.reviews_visible_to_reviewer(user=review.reviewer, session=review.session)
    work = _work(review.session_id)
    if review.kind != ReviewKind.CALIBRATION:  # calibration measures the reviewer alone
        reads = machine_reads(session_id=review.session_id)
        for entry in work:
            entry["machine"] = reads.get(entry["item"].pk)
    labels = overviews.reviewer_labels(others)
    return {
        "review": review,
        "session": review.session,
        "work": work,
        "criteria": _criteria_rows(review, problems),
        "red_flags": [(flag, flag.pk in ticked) for flag in RedFlag.objects.all()],
        "recommendations": [
            (value, label, review.recommendation == value) for value, label in Recommendation.choices
        ],
        "problems": problems,
        "others": [
            {"review": other, "label": labels[other.pk], "criteria": _criteria_rows(other, {})}
            for other in others
        ],
        "comparison": calibration.calibration_comparison(review),
    }


@login_required
def review_edit(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_reviewer(request.user, review_id)
    return render(request, "scoring/review_form.html", _review_context(review))


@require_POST
@login_required
def review_save(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_reviewer(request.user, review_id)
    error, status = "", 200
    try:
        data = review_input_from_post(request.POST, review.rubric_version.criteria)
        review = services.review_save(review=review, data=data)
    except ApplicationError as exc:
        error, status = exc.message, exc.status
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("scoring:review-edit", review.pk)
    return render(
        request, "scoring/_review_save_status.html", {"review": review, "error": error}, status=status
    )


@require_POST
@login_required
def review_submit(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_reviewer(request.user, review_id)
    try:
        data = review_input_from_post(request.POST, review.rubric_version.criteria)
        services.review_submit(review=review, data=data)
    except services.ReviewIncomplete as exc:
        context = _review_context(review, exc.problems)
        return render(request, "scoring/review_form.html", context, status=400)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("scoring:review-edit", review.pk)
    messages.success(request, "Review submitted. Thank you!")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("scoring:review-edit", args=[review.pk]))
    return redirect("scoring:review-edit", review.pk)


@require_POST
@login_required
def review_release(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_reviewer(request.user, review_id)
    try:
        services.review_release(review=review)
        messages.info(request, "You gave the round back; it is in the queue for someone else.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("scoring:queue")


# --- The reviewer's queue -------------------------------------------------------------------------


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    work = overviews.review_queue_for(user=request.user)
    kind_labels = dict(RoundKind.choices)
    context = {
        "drafts": work.drafts,
        "submitted": work.submitted,
        "opted": [kind_labels[k] for k in work.opted_in],
        "reviewable": [kind_labels[k] for k in work.reviewable],
        "booked": work.booked_to_score,
        "reviews_per_submission": work.reviews_per_submission,
    }
    return render(request, "scoring/queue.html", context)


@require_POST
@login_required
def queue_claim(request: AuthedRequest) -> HttpResponse:
    require_reviewer(request.user)
    try:
        review = services.queue_claim_next(reviewer=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("scoring:queue")
    if review is None:
        messages.info(request, "Nothing is waiting for you right now. Thank you for checking!")
        return redirect("scoring:queue")
    return redirect("scoring:review-edit", review.pk)


@require_POST
@login_required
def live_review_start(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_reviewer(request.user, session_id)
    try:
        review = services.review_start_live(session=session, reviewer=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("scoring:queue")
    return redirect("scoring:review-edit", review.pk)


# --- Calibration ----------------------------------------------------------------------------------


@login_required
def calibration_page(request: AuthedRequest) -> HttpResponse:
    require_reviewer(request.user)
    return render(
        request, "scoring/calibration.html", {"kinds": calibration.calibration_overview(request.user)}
    )


@require_POST
@login_required
def calibration_start(request: AuthedRequest, round_kind: str) -> HttpResponse:
    require_reviewer(request.user)
    try:
        review = calibration.calibration_start(reviewer=request.user, round_kind=round_kind)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("scoring:calibration")
    return redirect("scoring:review-edit", review.pk)


# --- The candidate's feedback ---------------------------------------------------------------------


@login_required
def session_feedback(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_finished_session_for_candidate(request.user, session_id)
    results = overviews.session_results(user=request.user, session=session)
    context = {
        "session": session,
        "result": results.result,
        "reviews": [(review, results.labels[review.pk]) for review in results.reviews],
        "queue_item": results.queue_item,
    }
    template = "scoring/session_feedback.html"
    if request.htmx:
        template += "#feedback-summary"
    return render(request, template, context)


@login_required
def feedback_detail(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_candidate(request.user, review_id)
    return render(request, "scoring/feedback_detail.html", _feedback_context(review))


def _feedback_context(review: Review, **forms: Any) -> dict[str, Any]:
    review = selectors.review_with_rubric(review_id=review.pk)
    siblings = selectors.reviews_for_candidate_session(session=review.session)
    rating = getattr(review, "rating", None)
    return {
        "review": review,
        "session": review.session,
        "label": overviews.reviewer_labels(siblings).get(review.pk, "Reviewer"),
        "criteria": _criteria_rows(review, {}),
        "red_flags": list(review.red_flags.all()),
        "rating": rating,
        "rating_form": forms.get("rating_form")
        or RatingForm(initial={"helpful": ("yes" if rating.helpful else "no") if rating else None}),
        "flag_form": forms.get("flag_form") or FlagForm(),
        "open_flag": review.flags.filter(status=FlagStatus.OPEN).first(),
        "grader": review.grader_score is not None,
    }


@require_POST
@login_required
def feedback_rate(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_candidate(request.user, review_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        flags.review_rate(
            review=review,
            candidate=request.user,
            helpful=form.cleaned_data["helpful"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Thanks: your rating helps reviewers improve.")
        return redirect("scoring:feedback-detail", review.pk)
    return render(
        request, "scoring/feedback_detail.html", _feedback_context(review, rating_form=form), status=400
    )


@require_POST
@login_required
def feedback_flag(request: AuthedRequest, review_id: int) -> HttpResponse:
    review = get_review_for_candidate(request.user, review_id)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            flags.review_flag(review=review, candidate=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "A curator will look at this review.")
            return redirect("scoring:feedback-detail", review.pk)
        except ApplicationError as exc:
            form.add_error(exc.field or None, exc.message)
    return render(
        request, "scoring/feedback_detail.html", _feedback_context(review, flag_form=form), status=400
    )


@login_required
def feedback_list(request: AuthedRequest) -> HttpResponse:
    reviews = list(selectors.feedback_for_candidate(user=request.user)[:LIST_LIMIT])
    return render(request, "scoring/feedback_list.html", {"reviews": reviews})


@login_required
def debrief(request: AuthedRequest, loop_id: int | None = None) -> HttpResponse:
    """A booked loop's debrief, or without a loop the latest reviewed round of each of the six kinds."""
    loop = get_loop_for_candidate(request.user, loop_id) if loop_id is not None else None
    sessions = profile.finished_sessions_with_results(user=request.user, loop_id=loop_id)
    kinds = [k for k in loop.round_kinds if k in RoundKind.values] if loop else None
    context = {
        "debrief": profile.debrief_for(sessions, kinds=kinds),
        "loop": loop,
        "loops": list(Loop.objects.filter(candidate=request.user).order_by("-created_at")[:LIST_LIMIT]),
    }
    return render(request, "scoring/debrief.html", context)


@login_required
def readiness(request: AuthedRequest) -> HttpResponse:
    ready = overviews.readiness_for(user=request.user, with_machine_reads=True)
    context = {
        "chart": profile.radar_chart(ready.values),
        "rows": [
            (profile.ROUND_LABELS[k], ready.values[k], k in ready.provisional) for k in profile.ROUND_ORDER
        ],
        "round_trends": ready.round_trends,
        "topic_trends": ready.topic_trends,
        "weakest": ready.weakest,
        # Each weak topic opens the practice picker on it.
        "topic_slugs": dict(
            Topic.objects.filter(name__in=[t.name for t in ready.weakest]).values_list("name", "slug")
        ),
        "results": list(reversed(ready.results)),
    }
    return render(request, "scoring/readiness.html", context)


@login_required
def plan(request: AuthedRequest) -> HttpResponse:
    form = PlanForm(request.GET or None)
    weeks, hours = 4, 8
    if form.is_bound and form.is_valid():
        weeks, hours = form.cleaned_data["weeks"], form.cleaned_data["hours"]
    elif not form.is_bound:
        form = PlanForm(initial={"weeks": weeks, "hours": hours})
    results = profile.results_for(profile.finished_sessions_with_results(user=request.user))
    the_plan = profile.practice_plan(
        user=request.user,
        results=results,
        machine=machine_round_scores(user=request.user, reviewed={r.session.pk for r in results}),
        weeks=weeks,
        hours_per_week=hours,
        target_level=profile_of(request.user).target_level,
        target_domain=profile_of(request.user).target_domain,
    )
    template = "scoring/plan.html"
    if request.htmx:
        template += "#plan-table"
    return render(request, template, {"form": form, "plan": the_plan})


# --- Curators -------------------------------------------------------------------------------------


@login_required
def curator_queue(request: AuthedRequest) -> HttpResponse:
    require_curator(request.user)
    items = list(selectors.escalated_items()[:LIST_LIMIT])
    context = {"items": items, "escalate_after_hours": settings.REVIEW_ESCALATE_AFTER_HOURS}
    return render(request, "scoring/curator_queue.html", context)


@require_POST
@login_required
def curator_claim(request: AuthedRequest, queue_item_id: int) -> HttpResponse:
    require_curator(request.user)
    try:
        review = services.queue_claim_escalated(curator=request.user, queue_item_id=queue_item_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("scoring:curator-queue")
    return redirect("scoring:review-edit", review.pk)


@login_required
def curator_flags(request: AuthedRequest) -> HttpResponse:
    require_curator(request.user)
    context = {
        "open_flags": [
            (flag, _criteria_rows(flag.review, {})) for flag in selectors.flags_for_curators()[:LIST_LIMIT]
        ],
        "form": FlagResolveForm(),
    }
    return render(request, "scoring/curator_flags.html", context)


@require_POST
@login_required
def curator_flag_resolve(request: AuthedRequest, flag_id: int) -> HttpResponse:
    flag = get_flag_for_curator(request.user, flag_id)
    form = FlagResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to uphold or dismiss the flag.")
        return redirect("scoring:curator-flags")
    try:
        flags.flag_resolve(
            flag=flag,
            curator=request.user,
            uphold=form.cleaned_data["decision"] == "uphold",
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Flag handled.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("scoring:curator-flags")


@login_required
def gold_list(request: AuthedRequest) -> HttpResponse:
    require_curator(request.user)
    round_kind = request.GET.get("round", "")
    if round_kind not in RoundKind.values:
        round_kind = ""
    context = {
        "golds": list(selectors.gold_submissions()[:LIST_LIMIT]),
        "candidates": list(
            selectors.gold_candidates(round_kind=round_kind).exclude(candidate=request.user)[:50]
        ),
        "round_kinds": RoundKind.choices,
        "selected_round": round_kind,
    }
    return render(request, "scoring/gold_list.html", context)


@require_POST
@login_required
def gold_mark(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_finished_session_for_curator(request.user, session_id)
    try:
        review = calibration.gold_mark(session=session, curator=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("scoring:gold-list")
    return redirect("scoring:review-edit", review.pk)


@login_required
def agreement(request: AuthedRequest) -> HttpResponse:
    require_curator(request.user)
    report = calibration.agreement_report()
    return render(
        request,
        "scoring/agreement.html",
        {
            "report": report,
            "outliers": [r for r in report if r.is_outlier],
            "min_pairs": settings.AGREEMENT_MIN_PAIRS,
            "outlier_mad": settings.AGREEMENT_OUTLIER_MAD,
            "outlier_kappa": settings.AGREEMENT_OUTLIER_KAPPA,
        },
    )
