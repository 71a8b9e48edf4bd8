"""Sign up, rate-limited log in, and the profile page. Log out and password views are Django's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import selectors, services
from .forms import ProfileForm, SignupForm
from .middleware import SESSION_TZ_KEY
from .models import ReviewerRound
from .ratelimit import login_blocked, login_failed, login_succeeded


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("interviews:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_signup(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            time_zone=data["time_zone"],
            target_level=data["target_level"],
            target_domain=data["target_domain"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to mockloop. Pick a round to practise.")
        return redirect("interviews:dashboard")
    return render(request, "registration/signup.html", {"form": form})


class RateLimitedLoginView(LoginView):
    """Django's login view, refusing further attempts after too many failures (429)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        if login_blocked(request, username):
            form = self.get_form()
            minutes = max(1, settings.LOGIN_RATE_WINDOW_SECONDS // 60)
            form.errors.clear()
            form.add_error(
                None,
                f"Too many failed attempts. Wait {minutes} minutes and try again, or reset your password.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            login_succeeded(request, username)
        else:
            login_failed(request, username)
        return response


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = services.profile_of(request.user)  # type: ignore[arg-type]
    current = list(ReviewerRound.objects.filter(user=request.user).values_list("round_kind", flat=True))
    form = ProfileForm(request.POST or None, instance=profile, initial={"review_rounds": current})
    if request.method == "POST" and form.is_valid():
        form.save()
        services.reviewer_rounds_set(user=request.user, round_kinds=form.cleaned_data["review_rounds"])  # type: ignore[arg-type]
        request.session[SESSION_TZ_KEY] = profile.time_zone
        messages.success(request, "Profile saved.")
        return redirect("profile")
    no_shows = selectors.no_show_counts(user_ids=[request.user.pk])[request.user.pk]
    return render(
        request, "registration/profile.html", {"form": form, "profile": profile, "no_shows": no_shows}
    )
