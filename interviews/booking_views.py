"""Booking pages: a week of open times to book a round, the list of bookings, and changing one (cancel,
reschedule, no-show, meeting link, project brief, calendar file). Loops and swaps: loop_views.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from config.http import AuthedRequest
from questionbank.models import RoundKind

from . import bookings, selectors, slots
from .access import get_booking_for_participant
from .booking_forms import (
    BookForm,
    BriefForm,
    CancelForm,
    RescheduleForm,
    SlotSearchForm,
    VideoLinkForm,
    form_error,
)
from .forms import time_zone_choices
from .models import InterviewSession, Profile, SessionStatus
from .notifications import session_ics
from .services import profile_of

# Enough for two weeks of a busy round; the list says when there are more.
MAX_SLOTS_SHOWN = 300


def slot_days(
    open_slots: Sequence[slots.Slot], tz_name: str, *, with_reviewers: bool = True
) -> list[tuple[date, list[selectors.SlotRow]]]:
    """Slots grouped by day in the viewer's zone (the template shows times in that zone too), each with
    its reviewer's name and no-show count (templates/interviews/_slot_buttons.html)."""
    tz = slots.zone(tz_name)
    days: dict[date, list[selectors.SlotRow]] = {}
    for row in selectors.slot_rows(slots=open_slots, with_reviewers=with_reviewers):
        days.setdefault(row.slot.starts_at.astimezone(tz).date(), []).append(row)
    return list(days.items())


# --- Booking a round (candidates) -----------------------------------------------------------------


def _week_start(value: str, tz_name: str) -> date:
    """The Monday of the week holding `value` (an ISO date), or of this week in the viewer's zone."""
    today = timezone.now().astimezone(slots.zone(tz_name)).date()
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    monday = day - timedelta(days=day.weekday())
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday + timedelta(weeks=settings.BOOKING_HORIZON_DAYS // 7 + 1)
    return min(max(monday, this_monday), last_monday)


def _viewer_zone(request: AuthedRequest, profile: Profile) -> str:
    """The zone times are shown in: the page's `tz` choice when it is a real zone, else the profile's."""
    chosen = request.GET.get("tz") or request.POST.get("tz") or ""
    return chosen if chosen in {name for name, _ in time_zone_choices()} else profile.time_zone


def _week_context(request: AuthedRequest, round_kind: str, tz_name: str, week: date) -> dict[str, object]:
    """Seven day columns of open start times (several reviewers at one time are one button)."""
    tz = slots.zone(tz_name)
    start = datetime.combine(week, time(0), tzinfo=tz)
    end = start + timedelta(days=7)
    found = slots.open_slots(candidate=request.user, round_kind=round_kind, start=start, end=end)
    columns: dict[date, dict[datetime, int]] = {week + timedelta(days=i): {} for i in range(7)}
    for slot in found:
        local = slot.starts_at.astimezone(tz)
        times = columns.setdefault(local.date(), {})
        times[slot.starts_at] = times.get(slot.starts_at, 0) + 1
    now = timezone.now()
    this_monday = _week_start("", tz_name)
    horizon = now + timedelta(days=settings.BOOKING_HORIZON_DAYS)
    params = {"round_kind": round_kind, "tz": tz_name}
    return {
        "week": week,
        "week_end": week + timedelta(days=6),
        "columns": [
            (day, [(when, count, when.isoformat()) for when, count in sorted(times.items())])
            for day, times in sorted(columns.items())
        ],
        "slot_count": len(found),
        "tz_name": tz_name,
        "time_zones": time_zone_choices(),
        "prev_url": _book_url(params, week=week - timedelta(weeks=1)) if week > this_monday else "",
        "next_url": _book_url(params, week=week + timedelta(weeks=1)) if end < horizon else "",
    }


def _book_url(params: dict[str, str], **extra: object) -> str:
    query = urlencode({**params, **{k: str(v) for k, v in extra.items()}})
    return f"{reverse('interviews:book')}?{query}"


@login_required
def book(request: AuthedRequest) -> HttpResponse:
    """GET: a week of open times for a round kind, in a zone the candidate can switch; a chosen time
    (`time`) shows the reviewers free then to confirm. POST: book the chosen reviewer's slot."""
    profile = profile_of(request.user)
    form = BookForm(request.POST or None)
    search = SlotSearchForm(request.GET or None)
    tz_name = _viewer_zone(request, profile)
    round_kind = request.POST.get("round_kind", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        try:
            reviewer_id, starts_at = slots.parse_slot_key(form.cleaned_data["slot"])
            session = bookings.booking_create(
                candidate=request.user,
                reviewer_id=reviewer_id,
                round_kind=form.cleaned_data["round_kind"],
                starts_at=starts_at,
                project_brief=form.cleaned_data["project_brief"],
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Booked. You and your reviewer have been emailed an invite.")
            return redirect("interviews:booking-detail", session.pk)
    elif request.method != "POST" and search.is_valid():
        round_kind = search.cleaned_data["round_kind"]
    context: dict[str, object] = {
        "search": search,
        "form": form,
        "round_kind": round_kind,
        "profile": profile,
        "tz_name": tz_name,
        "time_zones": time_zone_choices(),
    }
    if round_kind in RoundKind.values:
        chosen = _chosen_time(request.POST.get("time") or request.GET.get("time", ""))
        week = _week_start(request.GET.get("week", ""), tz_name)
        if chosen is not None:
            week = _week_start(chosen.astimezone(slots.zone(tz_name)).date().isoformat(), tz_name)
        context.update(
            _week_context(request, round_kind, tz_name, week),
            round_label=RoundKind(round_kind).label,
            needs_brief=round_kind == RoundKind.PROJECT_DEEP_DIVE,
        )
        if chosen is not None:
            found = slots.open_slots(
                candidate=request.user,
                round_kind=round_kind,
                start=chosen,
                end=chosen + timedelta(seconds=1),
            )
            context.update(
                chosen=chosen,
                chosen_slots=slot_days(found, tz_name)[0][1] if found else [],
                back_url=_book_url({"round_kind": round_kind, "tz": tz_name}, week=week),
            )
    status = 400 if request.method == "POST" else 200
    template = "interviews/book.html"
    if request.htmx and request.method == "GET" and "chosen" not in context and round_kind:
        template += "#week-view"
    return render(request, template, context, status=status)


def _chosen_time(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


@login_required
def booking_list(request: AuthedRequest) -> HttpResponse:
    sessions = list(selectors.bookings_for_user(user=request.user)[:300])
    now = timezone.now()
    upcoming = [s for s in sessions if s.ends_at and s.ends_at > now and s.status != SessionStatus.CANCELLED]
    past = [s for s in sessions if s not in upcoming]
    past.reverse()
    context = {"upcoming": upcoming, "past": past, "profile": profile_of(request.user)}
    return render(request, "interviews/booking_list.html", context)


@login_required
def booking_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    return render(request, "interviews/booking_detail.html", _booking_context(request, session))


def _booking_context(request: AuthedRequest, session: InterviewSession, **forms: object) -> dict[str, object]:
    now = timezone.now()
    is_candidate = session.candidate_id == request.user.pk
    other = session.reviewer if is_candidate else session.candidate
    assert other is not None  # a booked session has both people
    movable = session.can_move(now)
    cancellable = session.can_cancel(now)
    assert session.starts_at is not None
    return {
        "session": session,
        "profile": profile_of(request.user),
        "is_candidate": is_candidate,
        "other": other,
        "other_no_shows": selectors.no_show_counts(user_ids=[other.pk])[other.pk],
        "movable": movable,
        "cancellable": cancellable,
        # Past the cut-off but still inside the free-cancel window after booking.
        "free_cancel_until": session.free_cancel_until() if cancellable and not movable else None,
        "free_cancel_minutes": settings.BOOKING_FREE_CANCEL_MINUTES,
        "started": now >= session.starts_at,
        "cutoff_hours": settings.BOOKING_CHANGE_CUTOFF_HOURS,
        "video_form": forms.get("video_form") or VideoLinkForm(initial={"video_url": session.video_url}),
        "brief_form": forms.get("brief_form") or BriefForm(initial={"project_brief": session.project_brief}),
    }


def _refuse(request: AuthedRequest, exc: ApplicationError, session_id: int) -> HttpResponse:
    if exc.status == 404:
        raise Http404(exc.message)
    messages.error(request, exc.message)
    return redirect("interviews:booking-detail", session_id)


@login_required
def booking_cancel(request: AuthedRequest, session_id: int) -> HttpResponse:
    """GET: asks to confirm, with an optional reason. POST: cancels."""
    session = get_booking_for_participant(request.user, session_id)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = bookings.booking_cancel(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            return _refuse(request, exc, session.pk)
        note = " Both sessions of the swap were cancelled." if count > 1 else ""
        messages.success(request, f"Cancelled; the other side has been emailed.{note}")
        return redirect("interviews:booking-list")
    context = {
        **_booking_context(request, session),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "interviews/booking_cancel.html", context, status=status)


@login_required
def booking_reschedule(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, starts_at = slots.parse_slot_key(form.cleaned_data["slot"])
            bookings.booking_reschedule(session=session, by=request.user, starts_at=starts_at)
        except ApplicationError as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            form_error(form, exc)
        else:
            messages.success(request, "Moved; the other side has been emailed an updated invite.")
            return redirect("interviews:booking-detail", session.pk)
    profile = profile_of(request.user)
    found = slots.reschedule_slots(session=session)
    context = {
        "session": session,
        "form": form,
        "profile": profile,
        "days": slot_days(found[:MAX_SLOTS_SHOWN], profile.time_zone, with_reviewers=False),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "interviews/booking_reschedule.html", context, status=status)


@require_POST
@login_required
def booking_no_show(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    try:
        bookings.session_no_show_mark(session=session, by=request.user)
    except ApplicationError as exc:
        return _refuse(request, exc, session.pk)
    messages.success(request, f"Marked {session.other_side(request.user)} as absent.")
    return redirect("interviews:booking-detail", session.pk)


@require_POST
@login_required
def booking_video(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    form = VideoLinkForm(request.POST)
    if form.is_valid():
        try:
            bookings.session_video_url_set(
                session=session, by=request.user, url=form.cleaned_data["video_url"]
            )
        except ApplicationError as exc:
            return _refuse(request, exc, session.pk)
        messages.success(request, "Video link saved; both sides have an updated invite.")
        return redirect("interviews:booking-detail", session.pk)
    context = _booking_context(request, session, video_form=form)
    return render(request, "interviews/booking_detail.html", context, status=400)


@require_POST
@login_required
def booking_brief(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    form = BriefForm(request.POST)
    if form.is_valid():
        try:
            bookings.session_brief_set(
                session=session, by=request.user, text=form.cleaned_data["project_brief"]
            )
        except ApplicationError as exc:
            if exc.status in (403, 409):
                return _refuse(request, exc, session.pk)
            form_error(form, exc)
        else:
            messages.success(request, "Project brief saved.")
            return redirect("interviews:booking-detail", session.pk)
    context = _booking_context(request, session, brief_form=form)
    return render(request, "interviews/booking_detail.html", context, status=400)


@login_required
def booking_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    response = HttpResponse(
        session_ics(session, recipient=request.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mockloop-session-{session.pk}.ics"'
    return response
