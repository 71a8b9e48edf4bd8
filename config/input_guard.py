"""Refuse input the database cannot store or the parser cannot survive, before any view sees it.

- A NUL byte or a lone UTF-16 surrogate in the path, a query string or a form field (name or value) gets
  a 400 naming the field (PostgreSQL refuses both in text columns, which used to be a 500). In API bodies
  every declared text field refuses a NUL through DRF's CharField validators, which the OpenAPI schema
  declares (`not: {pattern: "\\x00"}`, config/api.py), and undeclared fields are ignored; a lone surrogate
  anywhere in a JSON body is refused here.
- On /api/, a JSON body larger than API_JSON_MAX_BYTES or nested deeper than API_JSON_MAX_DEPTH gets a
  JSON 400, as does any body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (which Django answers in HTML).
Malformed JSON is left to DRF, which already answers it with a JSON 400.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


class Refused(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def _bad_text_message(where: str) -> str:
    return (
        f"{where} contains a NUL byte or an invalid character (a lone UTF-16 surrogate), "
        "which cannot be stored. Remove it and try again."
    )


def _check_pairs(data: QueryDict, kind: str) -> None:
    """Every name and every value, also of a name given more than once."""
    for key, values in data.lists():
        if _FORBIDDEN.search(key):
            raise Refused(_bad_text_message(f"A {kind} name"))
        if any(_FORBIDDEN.search(str(value)) for value in values):
            raise Refused(_bad_text_message(f"The {kind} '{key}'"), field=key)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_document(data: Any) -> None:
    """Nesting and lone surrogates of a parsed JSON document, without recursion. (A lone surrogate can
    only come from a \\u escape; it cannot even be written back out as UTF-8 in an error message.)"""
    limit = settings.API_JSON_MAX_DEPTH
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                raise Refused(f"The JSON body is nested more than {limit} levels deep.")
            if isinstance(value, dict):
                if any(_SURROGATE.search(key) for key in value):
                    raise Refused(_bad_text_message("A JSON key"))
                stack.extend((child, depth + 1) for child in value.values())
            else:
                stack.extend((child, depth + 1) for child in value)
        elif isinstance(value, str) and _SURROGATE.search(value):
            raise Refused(_bad_text_message("A JSON string"))


def _check_json(request: HttpRequest) -> None:
    limit = settings.API_JSON_MAX_BYTES
    if len(request.body) > limit:
        raise Refused(f"The JSON body is larger than {limit} bytes.")
    try:
        data = json.loads(request.body)
    except RecursionError as exc:
        raise Refused(
            f"The JSON body is nested more than {settings.API_JSON_MAX_DEPTH} levels deep."
        ) from exc
    except ValueError:
        return  # malformed: DRF's parser answers it
    _check_document(data)


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        try:
            if _FORBIDDEN.search(request.path):
                raise Refused(_bad_text_message("The address"))
            _check_pairs(request.GET, "query parameter")
            if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
                if api:
                    # Bodies on /api/: depth, size and lone surrogates here; a NUL in a declared text field
                    # is refused by DRF's CharField, and undeclared fields are ignored.
                    content_type = request.content_type or ""
                    if content_type == "application/json" or content_type.endswith("+json"):
                        _check_json(request)
                    else:
                        request.body  # noqa: B018 - Django's DATA_UPLOAD_MAX_MEMORY_SIZE, answered in JSON
                elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
                    _check_pairs(request.POST, "form field")
        except Refused as exc:
            return self._refuse(request, api, exc.message, exc.field)
        except RequestDataTooBig:
            return self._refuse(request, api, "The request body is too large.", None)
        except TooManyFieldsSent:
            return self._refuse(request, api, "The request has too many fields.", None)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, api: bool, message: str, field: str | None) -> HttpResponse:
        if api:
            body: dict[str, str] = {"detail": message}
            if field:
                body["field"] = field
            return JsonResponse(body, status=400)
        html = render_to_string("input_refused.html", {"message": message}, request=None)
        return HttpResponse(html, status=400)
