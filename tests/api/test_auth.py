"""Token log in (rate-limited like the login page), revocation, session auth, and refusals as JSON."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_script_trades_its_password_for_a_token_and_uses_it(anon_api, alice, forget_failed_logins):
    forget_failed_logins("alice")
    response = anon_api.post("/api/auth/token/", {"username": "alice", "password": "correct horse battery"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=alice).key == token
    anon_api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anon_api.get("/api/profile/").json()["username"] == "alice"


def test_wrong_password_is_a_401_that_says_so(anon_api, alice, forget_failed_logins):
    forget_failed_logins("alice")
    response = anon_api.post("/api/auth/token/", {"username": "alice", "password": "nope"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Wrong username or password."}


def test_too_many_failures_get_a_429_even_with_the_right_password(
    anon_api, alice, settings, forget_failed_logins
):
    forget_failed_logins("alice")
    for _ in range(settings.LOGIN_RATE_LIMIT - 1):
        assert anon_api.post("/api/auth/token/", {"username": "alice", "password": "x"}).status_code == 401
    assert anon_api.post("/api/auth/token/", {"username": "alice", "password": "x"}).status_code == 429
    response = anon_api.post("/api/auth/token/", {"username": "alice", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.json()["detail"]
    assert response.json()["retry_after"] == settings.LOGIN_RATE_WINDOW_SECONDS
    forget_failed_logins("alice")


def test_a_locked_attacker_address_does_not_stop_the_owners_script(alice, settings):
    attacker, owner = APIClient(REMOTE_ADDR="203.0.113.66"), APIClient(REMOTE_ADDR="198.51.100.7")
    for _ in range(settings.LOGIN_RATE_LIMIT * 2):
        attacker.post("/api/auth/token/", {"username": "alice", "password": "guess"})
    right = {"username": "alice", "password": "correct horse battery"}
    assert attacker.post("/api/auth/token/", right).status_code == 429
    response = owner.post("/api/auth/token/", right)
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=alice).key


def test_missing_fields_are_named(anon_api):
    response = anon_api.post("/api/auth/token/", {"username": "alice"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "password" in body["errors"]
    assert body["detail"].startswith("Check the request: password:")


def test_revoking_the_token_logs_the_script_out(alice_api, alice):
    assert alice_api.delete("/api/auth/token/").status_code == 204
    assert not Token.objects.filter(user=alice).exists()
    assert alice_api.get("/api/profile/").status_code == 401


def test_anonymous_requests_get_a_401_that_says_how_to_log_in(anon_api):
    response = anon_api.get("/api/sessions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "POST /api/auth/token/" in response.json()["detail"]


def test_a_bad_token_is_refused(anon_api):
    anon_api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert anon_api.get("/api/sessions/").status_code == 401


def test_the_browser_session_works_too_with_csrf(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.get("/api/profile/").status_code == 200
    # Unsafe methods from a browser session need the CSRF token, as every form does.
    response = browser.post("/api/sessions/", {"round_kind": "ml_breadth"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_unknown_api_paths_are_a_json_404(alice_api):
    response = alice_api.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]


def test_malformed_json_is_a_400_not_a_500(alice_api):
    response = alice_api.post("/api/sessions/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_health_needs_no_login(anon_api):
    response = anon_api.get("/api/health/")
    assert response.status_code == 200, response.json()
    assert set(response.json()["checks"]) == {"database", "broker", "cache", "sandbox"}
