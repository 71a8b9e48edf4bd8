"""What every endpoint of the REST API shares (docs/api.md): the error responses of the schema, health and
a JSON 404 for unknown paths. No app is imported here, so every app's `api.py` can use it without breaking
the one-way layers; errors, pagination and throttles are in `config/api_support.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api_support import ErrorSerializer, form_errors
from .views import health_report

__all__ = ["ApiSchema", "ErrorSerializer", "HealthApi", "form_errors", "not_found"]


# ---- schema ----------------------------------------------------------------------------------------

ERROR_CODES = ["400", "401", "403", "404", "429"]
WRITE_ERROR_CODES = ["409", "413", "422"]


class ApiSchema(AutoSchema):
    """Every operation documents the refusals it can give, all with the same `Error` body; a serializer
    nested in its view (`TokenApi.InputSerializer`) is named after both (`TokenInput`)."""

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        qualname = type(serializer).__qualname__
        if "." in qualname:
            view, name = qualname.rsplit(".", 1)
            return view.removesuffix("Api").replace(".", "") + name.removesuffix("Serializer")
        return str(super().get_serializer_name(serializer, direction))

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        """drf-spectacular leaves out that a list field with `allow_empty=False` refuses an empty list."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)  # type: ignore[no-untyped-call]  # unannotated
        if (
            getattr(field, "allow_empty", True) is False
            and isinstance(schema, dict)
            and schema.get("type") == "array"
        ):
            schema.setdefault("minItems", 1)
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = ERROR_CODES + (WRITE_ERROR_CODES if self.method in ("POST", "PUT", "PATCH", "DELETE") else [])
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]  # unannotated
                    OpenApiResponse(ErrorSerializer, description="refused; `detail` says why"),
                    code,
                    direction=direction,
                )
        return responses


def declare_text_limits(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing: say in the schema what every text input refuses. DRF's CharField
    refuses a NUL character (config/input_guard.py does the same for query strings), so each free-text
    string of a request body or a query parameter says it must not contain one; an optional enum filter
    also takes an empty value, which django-filter reads as no filter."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _refuse_nul(component)
    for operation in _operations(result):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                _declare_query_parameter(parameter)
        for media in (operation.get("requestBody") or {}).get("content", {}).values():
            _refuse_nul(media.get("schema"))
    return result


# `not` rather than a `pattern` such as ^[^\x00]*$: a generator folds a pattern and a maxLength into one
# regular expression, and one bounded to a million characters takes seconds to compile.
NO_NUL = {"pattern": "\\x00"}


def _operations(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for path in result.get("paths", {}).values():
        yield from (operation for operation in path.values() if isinstance(operation, dict))


def _declare_query_parameter(parameter: dict[str, Any]) -> None:
    schema = parameter.get("schema") or {}
    _refuse_nul(schema)
    enum = schema.get("enum")
    if enum and not parameter.get("required") and "" not in enum:
        enum.append("")


def _refuse_nul(schema: Any) -> None:
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not ({"enum", "format", "pattern", "not"} & schema.keys()):
        schema["not"] = dict(NO_NUL)
    for key in ("properties", "patternProperties"):
        for child in (schema.get(key) or {}).values():
            _refuse_nul(child)
    for key in ("items", "additionalProperties"):
        _refuse_nul(schema.get(key))
    for key in ("allOf", "anyOf", "oneOf"):
        for child in schema.get(key) or []:
            _refuse_nul(child)


# ---- health ------------------------------------------------------------------------------------------


class HealthApi(APIView):
    """The database, the broker and the cache (Redis) and the sandbox: 200 when all are up, 503 naming what
    is down."""

    permission_classes = [AllowAny]

    class CheckSerializer(serializers.Serializer[Any]):
        ok = serializers.BooleanField()
        detail = serializers.CharField()

    class OutputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=["ok", "down"])
        down = serializers.ListField(child=serializers.CharField())
        checks = serializers.DictField(child=serializers.DictField())

    @extend_schema(responses={200: OutputSerializer, 503: OutputSerializer}, auth=[])
    def get(self, request: Request) -> Response:
        body, code = health_report()
        response = Response(body, status=code)
        response["Cache-Control"] = "no-store"
        return response


@csrf_exempt  # any method: a PUT to an unknown path is a 404, not the CSRF failure page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer in JSON too, not with the HTML 404 page."""
    return JsonResponse({"detail": "No such endpoint: see /api/docs/ for the list."}, status=404)
