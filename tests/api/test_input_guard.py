"""Bad input gets a 4xx with a clear message, never a 500 (config/input_guard.py)."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_a_form_field_is_refused_with_a_message(alice_client):
    response = alice_client.post("/accounts/profile/", {"time_zone": "UTC\x00", "target_level": "mid"})
    assert response.status_code == 400
    assert "The form field &#x27;time_zone&#x27; contains a NUL byte" in response.content.decode()


def test_a_nul_byte_in_the_login_form_is_refused_not_counted(client):
    response = client.post("/accounts/login/", {"username": "ali\x00ce", "password": "x"})
    assert response.status_code == 400 and "NUL byte" in response.content.decode()


@pytest.mark.parametrize("path", ["/bank/?q=a%00b", "/sessions/?page=%00", "/api/sessions/?status=%00"])
def test_a_nul_byte_in_a_query_string_is_refused(alice_client, carol_client, path):
    client = carol_client if path.startswith("/bank/") else alice_client
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert "NUL byte" in response.json()["detail"]


def test_a_lone_surrogate_in_json_is_refused(alice_api):
    for body in ('{"round_kind": "ml_breadth\\ud800"}', '{"x\\udc00": 1, "round_kind": "coding"}'):
        response = alice_api.post("/api/sessions/", body, content_type="application/json")
        assert response.status_code == 400
        assert "lone UTF-16 surrogate" in response.json()["detail"]


def test_a_nul_byte_in_a_json_text_field_is_refused_by_the_field(alice_api):
    response = alice_api.put("/api/profile/", {"time_zone": "UTC\x00", "target_level": "mid"}, format="json")
    assert response.status_code == 400
    assert "time_zone" in response.json()["errors"]


def test_deeply_nested_json_gets_a_json_400(alice_api, settings):
    deep = "[" * 5000 + "]" * 5000
    response = alice_api.post("/api/sessions/", deep, content_type="application/json")
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == f"The JSON body is nested more than {settings.API_JSON_MAX_DEPTH} levels deep."
    )
    shallow = {"round_kind": [[[[[["x"]]]]]]}
    assert alice_api.post("/api/sessions/", shallow, format="json").status_code == 400  # DRF's own message


def test_an_oversized_body_on_the_api_gets_json_not_html(alice_api, settings):
    settings.API_JSON_MAX_BYTES = 1000
    body = json.dumps({"round_kind": "x" * 2000})
    response = alice_api.post("/api/sessions/", body, content_type="application/json")
    assert (
        response.status_code == 400
        and response.json()["detail"] == "The JSON body is larger than 1000 bytes."
    )
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = alice_api.post("/api/sessions/", {"round_kind": "x" * 2000}, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "The request body is too large."


def test_page_size_out_of_range_is_a_400_that_says_so(alice_api):
    response = alice_api.get("/api/sessions/?page_size=1000")
    assert response.status_code == 400 and "page_size" in response.json()["errors"]
    assert alice_api.get("/api/sessions/?page_size=100").status_code == 200


@pytest.mark.parametrize("value", ["null", "", "yes", "1"])
def test_a_boolean_filter_refuses_what_it_would_ignore(carol_api, value):
    # The schema says boolean: only true and false filter, anything else is refused rather than ignored.
    response = carol_api.get("/api/bank/questions/", {"awaiting_review": value})
    assert response.status_code == 400
    assert response.json()["errors"] == {"awaiting_review": ["Use true or false."]}
    assert carol_api.get("/api/bank/questions/", {"awaiting_review": "true"}).status_code == 200
