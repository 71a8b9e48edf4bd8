"""The client's address, as far as this deployment can trust it (README, Configuration: TRUSTED_PROXY_COUNT).

With no proxy configured (the default) the address is REMOTE_ADDR and X-Forwarded-For is ignored: anyone can
send that header. Behind N proxies that each append the address they received the request from, the last N
entries of X-Forwarded-For were written by our proxies; the N-th from the right is the client. Entries to
the left of it come from the client and are never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """Used by the login limits (django-axes' AXES_CLIENT_IP_CALLABLE), the email limits and the logs."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        # Fewer hops than proxies: the request did not come through all of them; trust only the socket.
        return remote
    return _valid(hops[-proxies]) or remote
