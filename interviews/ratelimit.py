"""Failed-login counting in the shared cache: per username and per client address."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _keys(request: HttpRequest, username: str) -> list[str]:
    ip = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{digest}", f"login-fail:ip:{ip}"]


def login_blocked(request: HttpRequest, username: str) -> bool:
    limit = settings.LOGIN_RATE_LIMIT
    # The address gets more room than one account: several people can share an address.
    user_key, ip_key = _keys(request, username)
    return (cache.get(user_key) or 0) >= limit or (cache.get(ip_key) or 0) >= limit * 4


def login_failed(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        if not cache.add(key, 1, timeout=settings.LOGIN_RATE_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.LOGIN_RATE_WINDOW_SECONDS)


def login_succeeded(request: HttpRequest, username: str) -> None:
    cache.delete(_keys(request, username)[0])
