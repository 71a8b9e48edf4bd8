"""The REST API's settings-level pieces (docs/api.md): errors as `{"detail": ...}`, filters, pagination and
throttles.

REST_FRAMEWORK names these, and DRF imports them while `rest_framework.views` is still loading, so this
module must not import it at the top (the views live in `config/api.py` and each app's `api.py`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_filters.filters import BooleanFilter  # type: ignore[import-untyped]  # django-filter ships no types
from django_filters.rest_framework import DjangoFilterBackend  # type: ignore[import-untyped]  # (same)
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from config.errors import ApplicationError

logger = logging.getLogger(__name__)
NOT_FOUND = "Not found: it does not exist, or it is not yours to see."


# ---- errors ----------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer[Any]):
    """Every refusal: `detail` says what went wrong and what to do; the rest is optional detail."""

    detail = serializers.CharField()
    field = serializers.CharField(required=False, help_text="the input field the message is about")
    # DRF's metaclass takes declared fields off the class, so this does not hide Serializer.errors:
    errors = serializers.DictField(  # type: ignore[assignment]  # drf-stubs: see above
        required=False, help_text="per-field messages of a request that did not validate"
    )
    problems = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="bank import: every problem found"
    )
    retry_after = serializers.IntegerField(required=False, help_text="seconds to wait before trying again")


def _first_messages(errors: Any, prefix: str = "") -> list[str]:
    """Flatten DRF's nested validation errors into 'field: message' lines."""
    if isinstance(errors, dict):
        lines = []
        for key, value in errors.items():
            name = "" if key == "non_field_errors" else f"{prefix}{key}"
            lines += _first_messages(value, f"{name}." if name else "")
        return lines
    if isinstance(errors, list):
        return [line for value in errors for line in _first_messages(value, prefix)]
    where = prefix.rstrip(".")
    return [f"{where}: {errors}" if where else str(errors)]


def validation_detail(errors: Any) -> str:
    lines = _first_messages(errors)
    return "Check the request: " + " ".join(lines[:5]) if lines else "Check the request."


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: ApplicationError keeps its status and message, and every body has `detail`."""
    if isinstance(exc, ApplicationError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You are not allowed to do this.")
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):
        wait = int(getattr(exc, "wait", None) or 1)  # set by Throttled(wait=...)
        response.data = {
            "detail": f"Too many requests. Wait {wait} seconds, then try again.",
            "retry_after": wait,
        }
    elif isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": validation_detail(exc.detail), "errors": exc.detail}
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = {
            "detail": "Log in first: send 'Authorization: Token <key>' (POST /api/auth/token/ gives one) "
            "or use a browser session."
        }
    return response


def form_errors(form: Any) -> exceptions.ValidationError:
    """A Django form's errors as a DRF validation error (the API reuses the pages' forms where they hold
    the validation rules)."""
    errors = {("non_field_errors" if key == "__all__" else key): value for key, value in form.errors.items()}
    return exceptions.ValidationError(errors)


# ---- filters, pagination and throttles ---------------------------------------------------------------


class FilterBackend(DjangoFilterBackend):  # type: ignore[misc]  # django-filter ships no types
    """django-filter's, except that a boolean filter refuses a value it would quietly ignore: the schema
    says `boolean`, so `true` and `false` filter and anything else is a 400 that says so."""

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        for name, declared in filterset.filters.items() if filterset is not None else []:
            raw = request.query_params.get(name)
            if isinstance(declared, BooleanFilter) and raw is not None and raw not in ("true", "false"):
                raise exceptions.ValidationError({name: ["Use true or false."]})
        return filterset


class Pagination(PageNumberPagination):
    """Page numbers; `page_size` out of 1..100 or not a whole number is a 400 that says so (DRF would
    quietly use the default), and the schema declares both bounds."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Any) -> int | None:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            bounds = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": self.max_page_size}}
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


class _RatesFromSettings(SimpleRateThrottle):
    """Rates read at each request from settings.API_THROTTLE_RATES (DRF reads them once at import).

    A throttle whose cache cannot be reached lets the request through with a warning: counters are a
    protection, not a reason to refuse service (docs/architecture.md, "Degraded mode").
    """

    def get_rate(self) -> str | None:
        return str(settings.API_THROTTLE_RATES[self.scope]) if self.scope else None

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache's errors depend on its backend
            logger.warning("API throttle %s skipped: its cache is unavailable", self.scope, exc_info=True)
            return True


class UserThrottle(_RatesFromSettings, UserRateThrottle):
    pass


class AnonThrottle(_RatesFromSettings, AnonRateThrottle):
    pass
