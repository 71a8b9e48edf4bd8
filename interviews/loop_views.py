"""Loop pages (book several rounds at once, cancel or move them together) and the peer swap page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from config.errors import ApplicationError
from config.http import AuthedRequest
from questionbank.models import RoundKind

from . import loops, selectors, slots, swaps
from .access import get_loop_for_candidate
from .booking_forms import CancelForm, LoopForm, LoopMoveForm, SwapBookForm, SwapSearchForm, form_error
from .booking_views import MAX_SLOTS_SHOWN, slot_days
from .models import SessionStatus
from .services import profile_of

# --- Loops ----------------------------------------------------------------------------------------


@login_required
def loop_list(request: AuthedRequest) -> HttpResponse:
    """GET: the candidate's loops and a form to book one. POST: book a loop."""
    form = LoopForm(request.POST or None, initial={"from_day": timezone.localdate() + timedelta(days=1)})
    if request.method == "POST" and form.is_valid():
        try:
            loop = loops.loop_book(candidate=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, "Loop booked. Every reviewer has been emailed an invite, and so have you."
            )
            return redirect("interviews:loop-detail", loop.pk)
    mine = selectors.loop_list_for_candidate(user=request.user)[:50]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interviews/loop_list.html",
        {"form": form, "loops": mine, "profile": profile_of(request.user)},
        status=status,
    )


@login_required
def loop_detail(request: AuthedRequest, loop_id: int) -> HttpResponse:
    return render(request, "interviews/loop_detail.html", _loop_context(request, loop_id))


def _loop_context(request: AuthedRequest, loop_id: int, **extra: object) -> dict[str, object]:
    loop = selectors.loop_for_candidate(user=request.user, loop_id=loop_id)
    sessions = list(loop.sessions.all())
    done = sum(1 for s in sessions if s.is_finished)
    now = timezone.now()
    scheduled = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    return {
        "loop": loop,
        "sessions": sessions,
        "done": done,
        "total": len(sessions),
        "profile": profile_of(request.user),
        "scheduled": scheduled,
        "loop_cancellable": bool(scheduled) and all(s.can_cancel(now) for s in scheduled),
        "loop_movable": bool(scheduled) and all(s.can_move(now) for s in scheduled),
        **extra,
    }


@login_required
def loop_cancel(request: AuthedRequest, loop_id: int) -> HttpResponse:
    """GET: asks to confirm cancelling every scheduled round of the loop. POST: cancels them."""
    loop = get_loop_for_candidate(request.user, loop_id)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = loops.loop_cancel(loop=loop, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("interviews:loop-detail", loop.pk)
        messages.success(
            request, f"Cancelled {count} round{'s' if count != 1 else ''}; every reviewer has been emailed."
        )
        return redirect("interviews:loop-detail", loop.pk)
    status = 400 if request.method == "POST" else 200
    context = _loop_context(request, loop.pk, form=form)
    return render(request, "interviews/loop_cancel.html", context, status=status)


@login_required
def loop_move(request: AuthedRequest, loop_id: int) -> HttpResponse:
    """GET: where to move the loop's scheduled rounds. POST: moves them all, or none."""
    loop = get_loop_for_candidate(request.user, loop_id)
    initial = {"from_day": timezone.localdate() + timedelta(days=1), "one_day": ""}
    form = LoopMoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            loops.loop_move(loop=loop, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            form_error(form, exc)
        else:
            messages.success(request, "Loop moved; every reviewer has been emailed an updated invite.")
            return redirect("interviews:loop-detail", loop.pk)
    status = 400 if request.method == "POST" else 200
    context = _loop_context(request, loop.pk, form=form)
    return render(request, "interviews/loop_move.html", context, status=status)


# --- Peer swap ------------------------------------------------------------------------------------


@login_required
def swap(request: AuthedRequest) -> HttpResponse:
    """Two candidates who both review: each interviews the other, back to back."""
    profile = profile_of(request.user)
    search = SwapSearchForm(request.GET or None)
    form = SwapBookForm(request.POST or None)
    kinds: tuple[str, str] | None = None
    if request.method == "POST":
        if form.is_valid():
            kinds = (form.cleaned_data["my_kind"], form.cleaned_data["their_kind"])
            try:
                partner_id, starts_at = slots.parse_slot_key(form.cleaned_data["slot"])
                first, _ = swaps.peer_swap_book(
                    user=request.user,
                    partner_id=partner_id,
                    my_kind=kinds[0],
                    their_kind=kinds[1],
                    starts_at=starts_at,
                    project_brief=form.cleaned_data["project_brief"],
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, "Swap booked: two sessions back to back. Both of you have been emailed."
                )
                return redirect("interviews:booking-detail", first.pk)
    elif search.is_valid():
        kinds = (search.cleaned_data["my_kind"], search.cleaned_data["their_kind"])
    my_rounds = selectors.review_kinds(user=request.user)
    context: dict[str, object] = {"search": search, "form": form, "profile": profile, "my_rounds": my_rounds}
    if kinds:
        pairs = swaps.swap_slots(user=request.user, my_kind=kinds[0], their_kind=kinds[1])[:MAX_SLOTS_SHOWN]
        # A swap is shown as the whole block: the partner interviews you, then you interview them.
        blocks = [swaps.swap_block(pair) for pair in pairs]
        context.update(
            kinds=kinds,
            my_label=RoundKind(kinds[0]).label,
            their_label=RoundKind(kinds[1]).label,
            days=slot_days(blocks, profile.time_zone),
            reviews_their_kind=kinds[1] in my_rounds,
            needs_brief=kinds[0] == RoundKind.PROJECT_DEEP_DIVE,
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "interviews/swap.html", context, status=status)
