"""Booking pages: availability, open slots, booking a round, a loop or a peer swap, and changing a booking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from questionbank.models import RoundKind
from questionbank.roles import is_curator

from . import booking, selectors
from .access import (
    get_booking_for_participant,
    get_loop_for_candidate,
    get_one_off_slot_for_reviewer,
    get_weekly_window_for_reviewer,
)
from .booking_forms import (
    AccommodationForm,
    BookForm,
    BookingRulesForm,
    BriefForm,
    CancelForm,
    LoopForm,
    LoopMoveForm,
    OneOffSlotForm,
    RescheduleForm,
    SlotSearchForm,
    SwapBookForm,
    SwapSearchForm,
    VideoLinkForm,
    WeeklyWindowForm,
)
from .forms import time_zone_choices
from .models import OneOffSlot, Profile, ReviewerRound, SessionStatus, WeeklyWindow
from .notifications import session_ics
from .services import accommodation_set, profile_of
from .views import AuthedHtmxRequest

# Enough for two weeks of a busy round; the list says when there are more.
MAX_SLOTS_SHOWN = 300


def _form_error(form: object, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields else None  # type: ignore[attr-defined]
    form.add_error(field, exc.message)  # type: ignore[attr-defined]


def _slot_days(
    slots: Sequence[booking.Slot], tz_name: str, *, with_reviewers: bool = True
) -> list[tuple[date, list[dict[str, object]]]]:
    """Slots grouped by day in the viewer's zone (the template shows times in that zone too), each with
    its reviewer's name and no-show count, in a fixed number of queries."""
    tz = booking.zone(tz_name)
    ids = {slot.reviewer_id for slot in slots}
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "username")) if with_reviewers else {}
    no_shows = selectors.no_show_counts(user_ids=ids) if with_reviewers else {}
    days: dict[date, list[dict[str, object]]] = {}
    for slot in slots:
        entry = {
            "slot": slot,
            "name": names.get(slot.reviewer_id, ""),
            "no_shows": no_shows.get(slot.reviewer_id, 0),
        }
        days.setdefault(slot.starts_at.astimezone(tz).date(), []).append(entry)
    return list(days.items())


# --- Availability (reviewers) ---------------------------------------------------------------------


@login_required
def availability(request: AuthedHtmxRequest) -> HttpResponse:
    profile = profile_of(request.user)
    return render(request, "interviews/availability.html", _availability_context(request, profile))


def _availability_context(request: AuthedHtmxRequest, profile: Profile, **forms: object) -> dict[str, object]:
    return {
        "profile": profile,
        "review_rounds": ReviewerRound.objects.filter(user=request.user).order_by("round_kind"),
        "weekly": WeeklyWindow.objects.filter(reviewer=request.user),
        "one_offs": OneOffSlot.objects.filter(reviewer=request.user, ends_at__gt=timezone.now()),
        # Two forms with the same field names on one page: distinct ids keep every label pointing right.
        "weekly_form": forms.get("weekly_form") or WeeklyWindowForm(auto_id="weekly_%s"),
        "one_off_form": forms.get("one_off_form") or OneOffSlotForm(auto_id="oneoff_%s"),
        "rules_form": forms.get("rules_form") or BookingRulesForm(instance=profile),
    }


@require_POST
@login_required
def availability_weekly_add(request: AuthedHtmxRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = WeeklyWindowForm(request.POST, auto_id="weekly_%s")
    if form.is_valid():
        try:
            booking.weekly_window_add(reviewer=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Weekly window added.")
            return redirect("interviews:availability")
    context = _availability_context(request, profile, weekly_form=form)
    return render(request, "interviews/availability.html", context, status=400)


@require_POST
@login_required
def availability_one_off_add(request: AuthedHtmxRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = OneOffSlotForm(request.POST, auto_id="oneoff_%s")
    if form.is_valid():
        try:
            booking.one_off_slot_add(reviewer=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "One-off slot added.")
            return redirect("interviews:availability")
    context = _availability_context(request, profile, one_off_form=form)
    return render(request, "interviews/availability.html", context, status=400)


@require_POST
@login_required
def availability_rules(request: AuthedHtmxRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = BookingRulesForm(request.POST, instance=profile)
    if form.is_valid():
        try:
            booking.booking_rules_set(reviewer=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Booking rules saved.")
            return redirect("interviews:availability")
    context = _availability_context(request, profile, rules_form=form)
    return render(request, "interviews/availability.html", context, status=400)


@require_POST
@login_required
def availability_weekly_delete(request: AuthedHtmxRequest, window_id: int) -> HttpResponse:
    booking.availability_remove(window=get_weekly_window_for_reviewer(request.user, window_id))
    messages.success(request, "Weekly window removed. Sessions already booked in it stay booked.")
    return redirect("interviews:availability")


@require_POST
@login_required
def availability_one_off_delete(request: AuthedHtmxRequest, slot_id: int) -> HttpResponse:
    booking.availability_remove(window=get_one_off_slot_for_reviewer(request.user, slot_id))
    messages.success(request, "One-off slot removed. Sessions already booked in it stay booked.")
    return redirect("interviews:availability")


# --- Booking a round (candidates) -----------------------------------------------------------------


def _week_start(value: str, tz_name: str) -> date:
    """The Monday of the week holding `value` (an ISO date), or of this week in the viewer's zone."""
    today = timezone.now().astimezone(booking.zone(tz_name)).date()
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    monday = day - timedelta(days=day.weekday())
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday + timedelta(weeks=settings.BOOKING_HORIZON_DAYS // 7 + 1)
    return min(max(monday, this_monday), last_monday)


def _viewer_zone(request: AuthedHtmxRequest, profile: Profile) -> str:
    """The zone times are shown in: the page's `tz` choice when it is a real zone, else the profile's."""
    chosen = request.GET.get("tz") or request.POST.get("tz") or ""
    return chosen if chosen in {name for name, _ in time_zone_choices()} else profile.time_zone


def _week_context(request: AuthedHtmxRequest, round_kind: str, tz_name: str, week: date) -> dict[str, object]:
    """Seven day columns of open start times (several reviewers at one time are one button)."""
    tz = booking.zone(tz_name)
    start = datetime.combine(week, time(0), tzinfo=tz)
    end = start + timedelta(days=7)
    slots = booking.open_slots(candidate=request.user, round_kind=round_kind, start=start, end=end)
    columns: dict[date, dict[datetime, int]] = {week + timedelta(days=i): {} for i in range(7)}
    for slot in slots:
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
        "slot_count": len(slots),
        "tz_name": tz_name,
        "time_zones": time_zone_choices(),
        "prev_url": _book_url(params, week=week - timedelta(weeks=1)) if week > this_monday else "",
        "next_url": _book_url(params, week=week + timedelta(weeks=1)) if end < horizon else "",
    }


def _book_url(params: dict[str, str], **extra: object) -> str:
    query = urlencode({**params, **{k: str(v) for k, v in extra.items()}})
    return f"{reverse('interviews:book')}?{query}"


@login_required
def book(request: AuthedHtmxRequest) -> HttpResponse:
    """GET: a week of open times for a round kind, in a zone the candidate can switch; a chosen time
    (`time`) shows the reviewers free then to confirm. POST: book the chosen reviewer's slot."""
    profile = profile_of(request.user)
    form = BookForm(request.POST or None)
    search = SlotSearchForm(request.GET or None)
    tz_name = _viewer_zone(request, profile)
    round_kind = request.POST.get("round_kind", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        try:
            reviewer_id, starts_at = booking.parse_slot_key(form.cleaned_data["slot"])
            session = booking.booking_create(
                candidate=request.user,
                reviewer_id=reviewer_id,
                round_kind=form.cleaned_data["round_kind"],
                starts_at=starts_at,
                project_brief=form.cleaned_data["project_brief"],
            )
        except ApplicationError as exc:
            _form_error(form, exc)
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
            week = _week_start(chosen.astimezone(booking.zone(tz_name)).date().isoformat(), tz_name)
        context.update(
            _week_context(request, round_kind, tz_name, week),
            round_label=RoundKind(round_kind).label,
            needs_brief=round_kind == RoundKind.PROJECT_DEEP_DIVE,
        )
        if chosen is not None:
            slots = booking.open_slots(
                candidate=request.user,
                round_kind=round_kind,
                start=chosen,
                end=chosen + timedelta(seconds=1),
            )
            context.update(
                chosen=chosen,
                chosen_slots=_slot_days(slots, tz_name)[0][1] if slots else [],
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
def booking_list(request: AuthedHtmxRequest) -> HttpResponse:
    sessions = list(selectors.bookings_for_user(user=request.user)[:300])
    now = timezone.now()
    upcoming = [s for s in sessions if s.ends_at and s.ends_at > now and s.status != SessionStatus.CANCELLED]
    past = [s for s in sessions if s not in upcoming]
    past.reverse()
    context = {"upcoming": upcoming, "past": past, "profile": profile_of(request.user)}
    return render(request, "interviews/booking_list.html", context)


@login_required
def booking_detail(request: AuthedHtmxRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    return render(request, "interviews/booking_detail.html", _booking_context(request, session))


def _booking_context(request: AuthedHtmxRequest, session: object, **forms: object) -> dict[str, object]:
    now = timezone.now()
    is_candidate = session.candidate_id == request.user.pk  # type: ignore[attr-defined]
    other = session.reviewer if is_candidate else session.candidate  # type: ignore[attr-defined]
    movable = booking.can_move(session, now)  # type: ignore[arg-type]
    cancellable = booking.can_cancel(session, now)  # type: ignore[arg-type]
    return {
        "session": session,
        "profile": profile_of(request.user),
        "is_candidate": is_candidate,
        "other": other,
        "other_no_shows": selectors.no_show_counts(user_ids=[other.pk])[other.pk],
        "movable": movable,
        "cancellable": cancellable,
        # Past the cut-off but still inside the free-cancel window after booking.
        "free_cancel_until": (
            session.booked_at + booking.free_cancel_window()  # type: ignore[attr-defined]
            if cancellable and not movable
            else None
        ),
        "free_cancel_minutes": settings.BOOKING_FREE_CANCEL_MINUTES,
        "started": now >= session.starts_at,  # type: ignore[attr-defined]
        "cutoff_hours": booking.change_cutoff().total_seconds() // 3600,
        "video_form": forms.get("video_form") or VideoLinkForm(initial={"video_url": session.video_url}),  # type: ignore[attr-defined]
        "brief_form": forms.get("brief_form") or BriefForm(initial={"project_brief": session.project_brief}),  # type: ignore[attr-defined]
    }


def _refuse(request: AuthedHtmxRequest, exc: ApplicationError, session_id: int) -> HttpResponse:
    if exc.status == 404:
        raise Http404(exc.message)
    messages.error(request, exc.message)
    return redirect("interviews:booking-detail", session_id)


@login_required
def booking_cancel(request: AuthedHtmxRequest, session_id: int) -> HttpResponse:
    """GET: asks to confirm, with an optional reason. POST: cancels."""
    session = get_booking_for_participant(request.user, session_id)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = booking.booking_cancel(
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
def booking_reschedule(request: AuthedHtmxRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, starts_at = booking.parse_slot_key(form.cleaned_data["slot"])
            booking.booking_reschedule(session=session, by=request.user, starts_at=starts_at)
        except ApplicationError as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            _form_error(form, exc)
        else:
            messages.success(request, "Moved; the other side has been emailed an updated invite.")
            return redirect("interviews:booking-detail", session.pk)
    profile = profile_of(request.user)
    slots = booking.reschedule_slots(session=session) if session.status == SessionStatus.SCHEDULED else []
    context = {
        "session": session,
        "form": form,
        "profile": profile,
        "days": _slot_days(slots[:MAX_SLOTS_SHOWN], profile.time_zone, with_reviewers=False),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "interviews/booking_reschedule.html", context, status=status)


@require_POST
@login_required
def booking_no_show(request: AuthedHtmxRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    try:
        booking.session_no_show_mark(session=session, by=request.user)
    except ApplicationError as exc:
        return _refuse(request, exc, session.pk)
    messages.success(request, f"Marked {session.other_side(request.user)} as absent.")
    return redirect("interviews:booking-detail", session.pk)


@require_POST
@login_required
def booking_video(request: AuthedHtmxRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    form = VideoLinkForm(request.POST)
    if form.is_valid():
        try:
            booking.session_video_url_set(
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
def booking_brief(request: AuthedHtmxRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    form = BriefForm(request.POST)
    if form.is_valid():
        try:
            booking.session_brief_set(
                session=session, by=request.user, text=form.cleaned_data["project_brief"]
            )
        except ApplicationError as exc:
            if exc.status in (403, 409):
                return _refuse(request, exc, session.pk)
            _form_error(form, exc)
        else:
            messages.success(request, "Project brief saved.")
            return redirect("interviews:booking-detail", session.pk)
    context = _booking_context(request, session, brief_form=form)
    return render(request, "interviews/booking_detail.html", context, status=400)


@login_required
def booking_ics(request: AuthedHtmxRequest, session_id: int) -> HttpResponse:
    session = get_booking_for_participant(request.user, session_id)
    response = HttpResponse(
        session_ics(session, recipient=request.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mockloop-session-{session.pk}.ics"'
    return response


# --- Loops ----------------------------------------------------------------------------------------


@login_required
def loop_list(request: AuthedHtmxRequest) -> HttpResponse:
    """GET: the candidate's loops and a form to book one. POST: book a loop."""
    form = LoopForm(request.POST or None, initial={"from_day": timezone.localdate() + timedelta(days=1)})
    if request.method == "POST" and form.is_valid():
        try:
            loop = booking.loop_book(candidate=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, "Loop booked. Every reviewer has been emailed an invite, and so have you."
            )
            return redirect("interviews:loop-detail", loop.pk)
    loops = selectors.loop_list_for_candidate(user=request.user)[:50]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interviews/loop_list.html",
        {"form": form, "loops": loops, "profile": profile_of(request.user)},
        status=status,
    )


@login_required
def loop_detail(request: AuthedHtmxRequest, loop_id: int) -> HttpResponse:
    return render(request, "interviews/loop_detail.html", _loop_context(request, loop_id))


def _loop_context(request: AuthedHtmxRequest, loop_id: int, **extra: object) -> dict[str, object]:
    loop = selectors.loop_list_for_candidate(user=request.user).get(
        pk=get_loop_for_candidate(request.user, loop_id).pk
    )
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
        "loop_cancellable": bool(scheduled) and all(booking.can_cancel(s, now) for s in scheduled),
        "loop_movable": bool(scheduled) and all(booking.can_move(s, now) for s in scheduled),
        **extra,
    }


@login_required
def loop_cancel(request: AuthedHtmxRequest, loop_id: int) -> HttpResponse:
    """GET: asks to confirm cancelling every scheduled round of the loop. POST: cancels them."""
    loop = get_loop_for_candidate(request.user, loop_id)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = booking.loop_cancel(loop=loop, by=request.user, reason=form.cleaned_data["reason"])
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
def loop_move(request: AuthedHtmxRequest, loop_id: int) -> HttpResponse:
    """GET: where to move the loop's scheduled rounds. POST: moves them all, or none."""
    loop = get_loop_for_candidate(request.user, loop_id)
    initial = {"from_day": timezone.localdate() + timedelta(days=1), "one_day": ""}
    form = LoopMoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking.loop_move(loop=loop, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            _form_error(form, exc)
        else:
            messages.success(request, "Loop moved; every reviewer has been emailed an updated invite.")
            return redirect("interviews:loop-detail", loop.pk)
    status = 400 if request.method == "POST" else 200
    context = _loop_context(request, loop.pk, form=form)
    return render(request, "interviews/loop_move.html", context, status=status)


# --- Peer swap ------------------------------------------------------------------------------------


@login_required
def swap(request: AuthedHtmxRequest) -> HttpResponse:
    """Two candidates who both review: each interviews the other, back to back."""
    profile = profile_of(request.user)
    search = SwapSearchForm(request.GET or None)
    form = SwapBookForm(request.POST or None)
    kinds: tuple[str, str] | None = None
    if request.method == "POST":
        if form.is_valid():
            kinds = (form.cleaned_data["my_kind"], form.cleaned_data["their_kind"])
            try:
                partner_id, starts_at = booking.parse_slot_key(form.cleaned_data["slot"])
                first, _ = booking.peer_swap_book(
                    user=request.user,
                    partner_id=partner_id,
                    my_kind=kinds[0],
                    their_kind=kinds[1],
                    starts_at=starts_at,
                    project_brief=form.cleaned_data["project_brief"],
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(
                    request, "Swap booked: two sessions back to back. Both of you have been emailed."
                )
                return redirect("interviews:booking-detail", first.pk)
    elif search.is_valid():
        kinds = (search.cleaned_data["my_kind"], search.cleaned_data["their_kind"])
    my_rounds = list(ReviewerRound.objects.filter(user=request.user).values_list("round_kind", flat=True))
    context: dict[str, object] = {"search": search, "form": form, "profile": profile, "my_rounds": my_rounds}
    if kinds:
        pairs = booking.swap_slots(user=request.user, my_kind=kinds[0], their_kind=kinds[1])[:MAX_SLOTS_SHOWN]
        # A swap is shown as the whole block: the partner interviews you, then you interview them.
        blocks = [booking.Slot(first.starts_at, first.reviewer_id, second.ends_at) for first, second in pairs]
        context.update(
            kinds=kinds,
            my_label=RoundKind(kinds[0]).label,
            their_label=RoundKind(kinds[1]).label,
            days=_slot_days(blocks, profile.time_zone),
            reviews_their_kind=kinds[1] in my_rounds,
            needs_brief=kinds[0] == RoundKind.PROJECT_DEEP_DIVE,
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "interviews/swap.html", context, status=status)


# --- Accommodations (curators) --------------------------------------------------------------------


@login_required
def accommodations(request: AuthedHtmxRequest) -> HttpResponse:
    """Curators grant extra time: the factor multiplies every timer of the candidate."""
    if not is_curator(request.user):
        raise Http404("Not found")
    form = AccommodationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", "No user with this username.")
        else:
            try:
                accommodation_set(curator=request.user, user=user, factor=form.cleaned_data["factor"])
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(
                    request, f"{user.username}: every timer now runs {form.cleaned_data['factor']}x."
                )
                return redirect("interviews:accommodations")
    granted = (
        Profile.objects.exclude(accommodation_factor=1).select_related("user").order_by("user__username")
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "interviews/accommodations.html", {"form": form, "granted": granted[:500]}, status=status
    )
