"""Login limits (interviews/login_limits.py, django-axes): a (username, address) pair is locked, and an
address spraying many usernames; never the account alone, so an attacker cannot lock its owner out."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


def _login(client: Client, username: str, password: str, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_login_with_the_right_password(client, alice):
    assert _login(client, "alice", RIGHT).status_code == 302


def test_a_pair_is_locked_after_repeated_failures_even_with_the_right_password(client, alice, settings):
    for _ in range(settings.LOGIN_RATE_LIMIT - 1):
        assert _login(client, "alice", "wrong", REMOTE_ADDR=ATTACKER).status_code == 200
    response = _login(client, "alice", "wrong", REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    response = _login(client, "alice", RIGHT, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert response["Retry-After"] == str(settings.LOGIN_RATE_WINDOW_SECONDS)
    assert "_auth_user_id" not in client.session


def test_the_owner_logs_in_from_another_address_while_an_attacker_hammers_the_account(alice, settings):
    attacker, owner = Client(), Client()
    for _ in range(settings.LOGIN_RATE_LIMIT * 3):
        _login(attacker, "alice", "guess", REMOTE_ADDR=ATTACKER)
    assert _login(attacker, "alice", RIGHT, REMOTE_ADDR=ATTACKER).status_code == 429
    response = _login(owner, "alice", RIGHT, REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(alice.pk)


def test_a_success_clears_the_pairs_failures(client, alice, settings):
    for _ in range(settings.LOGIN_RATE_LIMIT - 1):
        _login(client, "alice", "typo")
    assert _login(client, "alice", RIGHT).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.LOGIN_RATE_LIMIT - 1):
        assert _login(client, "alice", "typo").status_code == 200


def test_an_address_spraying_many_usernames_is_limited_and_others_are_not(client, alice, settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = 8
    for n in range(settings.LOGIN_ADDRESS_RATE_LIMIT):
        _login(client, f"someone{n}", "guess", REMOTE_ADDR=ATTACKER)
    # A username never tried from there: refused, because the address itself is over its limit.
    assert _login(client, "alice", RIGHT, REMOTE_ADDR=ATTACKER).status_code == 429
    assert _login(Client(), "alice", RIGHT, REMOTE_ADDR=OWNER).status_code == 302


def test_x_forwarded_for_is_ignored_by_default(client, alice, settings):
    """Anyone can send the header: without a configured proxy it must not change the address counted."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    for n in range(settings.LOGIN_RATE_LIMIT):
        _login(client, "alice", "guess", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    response = _login(client, "alice", RIGHT, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_x_forwarded_for_is_honoured_behind_a_configured_proxy(alice, settings):
    """Behind one load balancer every request has its address as REMOTE_ADDR; the client is the last
    X-Forwarded-For entry, and an entry the client forged in front of it is not read."""
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.2"
    attacker, owner = Client(), Client()
    for _ in range(settings.LOGIN_RATE_LIMIT):
        _login(attacker, "alice", "guess", REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR=f"{OWNER}, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert (
        _login(attacker, "alice", RIGHT, REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR=ATTACKER).status_code
        == 429
    )
    response = _login(owner, "alice", RIGHT, REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR=OWNER)
    assert response.status_code == 302


def test_the_limits_hold_with_the_cache_unreachable(client, alice, settings):
    """Failures are rows in the database (django-axes' database handler): a dead Redis changes nothing.
    The cache is the production one (fail-open), pointed at a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    for _ in range(settings.LOGIN_RATE_LIMIT):
        _login(client, "alice", "guess", REMOTE_ADDR=ATTACKER)
    assert _login(client, "alice", RIGHT, REMOTE_ADDR=ATTACKER).status_code == 429
    assert _login(Client(), "alice", RIGHT, REMOTE_ADDR=OWNER).status_code == 302


def test_logout_needs_a_post(alice_client):
    assert alice_client.get("/accounts/logout/").status_code == 405
    assert alice_client.post("/accounts/logout/").status_code == 302
    assert alice_client.get("/dashboard/").status_code == 302
