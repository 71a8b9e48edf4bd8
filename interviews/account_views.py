"""Sign up with email verification, limited log in and password reset, the profile page, and the
curators' page granting extra time (accommodations)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView, PasswordResetView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from config.errors import ApplicationError
from config.http import AuthedRequest
from questionbank.roles import require_curator

from . import selectors, services
from .booking_forms import AccommodationForm, form_error
from .forms import ProfileForm, SignupForm, VerificationResendForm
from .login_limits import email_request_allowed, lockout_message
from .middleware import SESSION_TZ_KEY
from .models import AccountEmailRequest, Profile

Kind = AccountEmailRequest.Kind


def signup(request: HttpRequest) -> HttpResponse:
    """Same answer whether or not the address is registered: 'check your email' (docs/security.md)."""
    if request.user.is_authenticated:
        return redirect("interviews:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_signup(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            time_zone=data["time_zone"],
            target_level=data["target_level"],
            target_domain=data["target_domain"],
            send_email=email_request_allowed(request=request, kind=Kind.SIGNUP, email=data["email"]),
        )
        return redirect("signup-done")
    return render(request, "registration/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_done.html", {"form": VerificationResendForm()})


@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST activates: mail scanners that follow links do not verify anyone."""
    if request.method == "POST":
        try:
            services.user_verify_email(token=token)
        except ApplicationError as exc:
            context = {"error": exc.message, "form": VerificationResendForm()}
            return render(request, "registration/verify_email.html", context, status=exc.status)
        messages.success(request, "Your address is confirmed. Log in to start.")
        return redirect("login")
    return render(request, "registration/verify_email.html", {"token": token})


def verify_resend(request: HttpRequest) -> HttpResponse:
    """Send the link again to an unverified account; the same answer for any address."""
    form = VerificationResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if email_request_allowed(request=request, kind=Kind.VERIFY_RESEND, email=email):
            user = services.unverified_user_by_email(email=email)
            if user is not None:
                services.account_email_send(user=user, kind="verify")
        messages.info(
            request, "If that address has an account waiting for confirmation, a new link is on its way."
        )
        return redirect("signup-done")
    return render(
        request, "registration/signup_done.html", {"form": form}, status=400 if form.errors else 200
    )


class LimitedLoginView(LoginView):
    """Django's login view; django-axes counts failures per (username, address) and per address, and a
    locked pair or address gets a 429 with the form (interviews/login_limits.py)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        if getattr(request, "axes_locked_out", False) and not request.user.is_authenticated:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, lockout_message())
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(settings.LOGIN_RATE_WINDOW_SECONDS)
        return response


class LimitedPasswordResetView(PasswordResetView):
    """Django's reset view; over the anonymous-email limit it sends nothing and answers the same."""

    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        if email_request_allowed(request=self.request, kind=Kind.PASSWORD_RESET, email=email):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


@login_required
def profile_edit(request: AuthedRequest) -> HttpResponse:
    profile = services.profile_of(request.user)
    current = selectors.review_kinds(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile, initial={"review_rounds": current})
    if request.method == "POST" and form.is_valid():
        profile = services.profile_update(user=request.user, **form.cleaned_data)
        request.session[SESSION_TZ_KEY] = profile.time_zone
        messages.success(request, "Profile saved.")
        return redirect("profile")
    no_shows = selectors.no_show_counts(user_ids=[request.user.pk])[request.user.pk]
    return render(
        request, "registration/profile.html", {"form": form, "profile": profile, "no_shows": no_shows}
    )


@login_required
def accommodations(request: AuthedRequest) -> HttpResponse:
    """Curators grant extra time: the factor multiplies every timer of the candidate."""
    require_curator(request.user)
    form = AccommodationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", "No user with this username.")
        else:
            try:
                services.accommodation_set(
                    curator=request.user, user=user, factor=form.cleaned_data["factor"]
                )
            except ApplicationError as exc:
                form_error(form, exc)
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
