"""Request ids on every response and log line, and JSON log lines (config/observability.py)."""

import io
import json
import logging
import re
from typing import cast

import pytest
from django.conf import settings

from config.observability import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_a_request_without_an_id_gets_a_new_one(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_a_valid_incoming_id_is_kept_and_an_invalid_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21.0001")["X-Request-ID"] == "lb-7f3a9c21.0001"
    for bad in ("short", "has space in it", "x" * 200, "new\nline-0123456"):
        returned = client.get("/healthz", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert returned != bad and re.fullmatch(r"[0-9a-f]{32}", returned)


def test_log_lines_are_json_with_level_logger_and_the_request_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-0123456789")
    finally:
        logger.removeHandler(handler)
    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "django.request"
    assert entry["request_id"] == "trace-0123456789"
    assert entry["message"] == "Not Found: /no-such-page/" and entry["status"] == 404
    assert {"time", "level", "logger", "request_id", "message"} <= entry.keys()


def test_production_logs_default_to_json():
    assert settings.LOG_FORMAT == "json"  # DEBUG is off in the tests, as in production
    handlers = cast(dict[str, dict[str, str]], settings.LOGGING["handlers"])
    assert handlers["console"]["formatter"] == "json"
