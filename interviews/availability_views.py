"""Availability pages (reviewers): weekly windows, one-off slots and booking rules on one page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from config.http import AuthedRequest

from . import availability as services
from . import selectors
from .access import get_one_off_slot_for_reviewer, get_weekly_window_for_reviewer
from .booking_forms import BookingRulesForm, OneOffSlotForm, WeeklyWindowForm, form_error
from .services import profile_of


@login_required
def availability(request: AuthedRequest) -> HttpResponse:
    return render(request, "interviews/availability.html", _availability_context(request))


def _availability_context(request: AuthedRequest, **forms: object) -> dict[str, object]:
    data = selectors.availability_for_reviewer(user=request.user)
    return {
        "profile": data.profile,
        "review_rounds": data.review_rounds,
        "weekly": data.weekly,
        "one_offs": data.one_offs,
        # Two forms with the same field names on one page: distinct ids keep every label pointing right.
        "weekly_form": forms.get("weekly_form") or WeeklyWindowForm(auto_id="weekly_%s"),
        "one_off_form": forms.get("one_off_form") or OneOffSlotForm(auto_id="oneoff_%s"),
        "rules_form": forms.get("rules_form") or BookingRulesForm(instance=data.profile),
    }


def _save(
    request: AuthedRequest, form: forms.BaseForm, name: str, save: Callable[..., Any], done: str
) -> HttpResponse:
    """Run one availability service with the form's data: back to the page when it is saved, or the page
    again with the form's errors (403 for someone who reviews nothing, 400 otherwise)."""
    status = 400
    if form.is_valid():
        try:
            save(reviewer=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("interviews:availability")
    return render(
        request, "interviews/availability.html", _availability_context(request, **{name: form}), status=status
    )


@require_POST
@login_required
def availability_weekly_add(request: AuthedRequest) -> HttpResponse:
    form = WeeklyWindowForm(request.POST, auto_id="weekly_%s")
    return _save(request, form, "weekly_form", services.weekly_window_add, "Weekly window added.")


@require_POST
@login_required
def availability_one_off_add(request: AuthedRequest) -> HttpResponse:
    form = OneOffSlotForm(request.POST, auto_id="oneoff_%s")
    return _save(request, form, "one_off_form", services.one_off_slot_add, "One-off slot added.")


@require_POST
@login_required
def availability_rules(request: AuthedRequest) -> HttpResponse:
    form = BookingRulesForm(request.POST, instance=profile_of(request.user))
    return _save(request, form, "rules_form", services.booking_rules_set, "Booking rules saved.")


@require_POST
@login_required
def availability_weekly_delete(request: AuthedRequest, window_id: int) -> HttpResponse:
    services.availability_remove(window=get_weekly_window_for_reviewer(request.user, window_id))
    messages.success(request, "Weekly window removed. Sessions already booked in it stay booked.")
    return redirect("interviews:availability")


@require_POST
@login_required
def availability_one_off_delete(request: AuthedRequest, slot_id: int) -> HttpResponse:
    services.availability_remove(window=get_one_off_slot_for_reviewer(request.user, slot_id))
    messages.success(request, "One-off slot removed. Sessions already booked in it stay booked.")
    return redirect("interviews:availability")
