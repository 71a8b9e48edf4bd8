"""Login limits that cannot be turned against a user (docs/security.md), on django-axes' database handler.

- A (username, client address) pair is locked after LOGIN_RATE_LIMIT failures in the window: the attacker's
  pair, never the account, so the owner still logs in from their own address.
- A client address is locked after LOGIN_ADDRESS_RATE_LIMIT failures under any usernames in the window
  (higher: several people can share an address), which stops spraying many accounts from one place.
- Emails sent on an anonymous request (password reset, sign-up, verification resend) are limited per
  (email, address) pair and per address, counted in the database too.

Everything is counted in PostgreSQL/SQLite rows, so the limits hold when Redis is down.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from config.client_address import client_address

from .models import AccountEmailRequest


def lockout_message() -> str:
    minutes = max(1, settings.LOGIN_RATE_WINDOW_SECONDS // 60)
    return (
        f"Too many failed attempts from your address. Wait {minutes} minutes and try again, "
        "or reset your password."
    )


def address_failures(request: HttpRequest) -> int:
    """Failed logins from this request's address under any username within the window."""
    total = AccessAttempt.objects.filter(
        ip_address=client_address(request), attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


class PairAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]  # django-axes ships no types
    """Axes' database handler (locks the configured (username, address) pair) plus a per-address limit."""

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        return super().is_locked(request, credentials) or (
            address_failures(request) >= settings.LOGIN_ADDRESS_RATE_LIMIT
        )

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and address_failures(request) >= settings.LOGIN_ADDRESS_RATE_LIMIT
        ):
            request.axes_locked_out = True


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE. The login page and the token API answer 429 themselves; anything else that
    authenticated with a password (the admin's login) gets the same message here."""
    if original_response is not None and original_response.status_code == 429:
        return original_response
    seconds = settings.LOGIN_RATE_WINDOW_SECONDS
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(), "retry_after": seconds}, status=429)
    response = HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


# ---- anonymous emails ----------------------------------------------------------------------------


def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def email_request_allowed(*, request: HttpRequest, kind: str, email: str) -> bool:
    """Record one anonymous email request and say whether it may send mail.

    Refused requests are recorded too, so hammering does not reopen the window. The caller answers the
    same either way (no hint whether the address is registered) and just sends nothing when refused.
    """
    address = client_address(request)
    since = timezone.now() - timedelta(seconds=settings.EMAIL_RATE_WINDOW_SECONDS)
    recent = AccountEmailRequest.objects.filter(created_at__gte=since)
    digest = _digest(email)
    allowed = (
        recent.filter(address=address, email_digest=digest).count() < settings.EMAIL_RATE_LIMIT
        and recent.filter(address=address).count() < settings.EMAIL_ADDRESS_RATE_LIMIT
    )
    AccountEmailRequest.objects.create(kind=kind, address=address, email_digest=digest)
    AccountEmailRequest.objects.filter(created_at__lt=since).delete()
    return allowed


def pair_failure_limit(request: Any, credentials: Any = None) -> int:
    """AXES_FAILURE_LIMIT: failures of one (username, address) pair before that pair is locked."""
    return settings.LOGIN_RATE_LIMIT


def cool_off(request: Any = None) -> timedelta:
    """AXES_COOLOFF_TIME: how long failures count, and how long a lock lasts."""
    return timedelta(seconds=settings.LOGIN_RATE_WINDOW_SECONDS)


class AxesBackend(AxesStandaloneBackend):  # type: ignore[misc]  # django-axes ships no types
    """django-axes' backend, except that an authentication without a request (a management command, the
    test client's `login()`) is not limited instead of raising: every HTTP login passes its request."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)  # refuses, or lets the next backend try
        return None
