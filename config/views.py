"""Operational endpoints."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from kombu.connection import Connection

from .cache import FailOpenRedisCache


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, connection.vendor
    except Exception as exc:  # any failure means "down"; the message says which
        return False, f"{type(exc).__name__}: {exc}"


def _where(url: str) -> str:
    """A broker or cache URL without its credentials, to name what is down."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}"


def _check_broker() -> tuple[bool, str]:
    url = settings.CELERY_BROKER_URL
    try:
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        with Connection(url, transport_options=options) as conn:  # type: ignore[no-untyped-call]  # kombu: unannotated
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, url.split("://", 1)[0]
    except Exception as exc:
        return False, f"{_where(url)} unreachable: {type(exc).__name__}: {exc}"


def _check_cache() -> tuple[bool, str]:
    """Ping Redis itself: the cache fails open (config/cache.py), so only a direct probe sees it down."""
    cache = caches["default"]
    if not isinstance(cache, FailOpenRedisCache):
        return True, type(cache).__name__
    location = settings.CACHES["default"]["LOCATION"]  # a URL, or a list of them
    url = location if isinstance(location, str) else next(iter(location), "")
    try:
        cache.ping()
        return True, "redis"
    except Exception as exc:
        return False, f"{_where(url)} unreachable: {type(exc).__name__}: {exc}"


def _check_sandbox() -> tuple[bool, str]:
    from scoring.sandboxing import sandbox_status

    try:
        status = sandbox_status()
    except Exception as exc:  # a probe that crashes means "down" too, never a 500 from the health check
        return False, f"{type(exc).__name__}: {exc}"
    return status.usable, status.detail


def health_report() -> tuple[dict[str, object], int]:
    """The checks as a JSON body and its status: 200 when all are up, 503 naming what is down (also /api/health/)."""
    checks = {
        "database": _check_database(),
        "broker": _check_broker(),
        "cache": _check_cache(),
        "sandbox": _check_sandbox(),
    }
    down = [name for name, (ok, _) in checks.items() if not ok]
    body: dict[str, object] = {
        "status": "ok" if not down else "down",
        "down": down,
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    return body, 200 if not down else 503


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    body, status = health_report()
    return JsonResponse(body, status=status)
