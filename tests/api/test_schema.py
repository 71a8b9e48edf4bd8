"""The OpenAPI schema is complete and valid, and its docs page is served without any CDN."""

from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_with_no_warnings(tmp_path):
    # Every endpoint, request and response typed: any guess drf-spectacular has to make is a warning.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    assert "/api/sessions/{session_id}/items/{item_id}/submissions/:" in text


def test_the_schema_is_served_to_anyone(anon_api):
    response = anon_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/auth/token/" in paths
    assert "/api/bank/questions/" in paths


def test_the_docs_page_loads_its_assets_from_our_static_files(anon_api):
    response = anon_api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def _schema(anon_api) -> dict[str, Any]:
    schema: dict[str, Any] = anon_api.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    return schema


def test_every_write_declares_a_conflict_and_the_token_endpoint_a_wrong_login(anon_api):
    # A valid request the current state refuses is a 409 (docs/api.md, "Errors"): every write says so.
    schema = _schema(anon_api)
    writes = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 30
    for path, method, operation in writes:
        conflict = operation["responses"].get("409")
        assert conflict, f"{method.upper()} {path} does not declare 409"
        assert "$ref" in conflict["content"]["application/json"]["schema"], (method, path)
    error = {"$ref": "#/components/schemas/Error"}
    assert (
        schema["paths"]["/api/auth/token/"]["post"]["responses"]["401"]["content"]["application/json"][
            "schema"
        ]
        == error
    )
    assert (
        schema["paths"]["/api/bookings/"]["post"]["responses"]["409"]["content"]["application/json"]["schema"]
        == error
    )


def test_free_text_inputs_declare_that_they_refuse_a_nul(anon_api):
    schemas = _schema(anon_api)["components"]["schemas"]
    username = schemas["TokenInputRequest"]["properties"]["username"]
    assert username["maxLength"] == 150
    assert username["not"] == {"pattern": "\\x00"}
    assert "pattern" not in username
