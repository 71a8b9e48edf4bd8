"""Redis down is a degraded mode: the cache and the API throttles fail open with a logged warning, logging
in works (sessions are kept in the database too), and the health checks answer 503 naming Redis."""

import logging

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests/factories.py


@pytest.fixture
def alice_api(alice):
    from tests.api.conftest import client_for

    return client_for(alice)


@pytest.fixture
def redis_down(settings, broker_down):
    """The cache, the sessions and the broker all on a Redis port where nothing listens."""
    url = f"redis://127.0.0.1:{broker_down}/0"
    settings.CACHES = {"default": {"BACKEND": "config.cache.FailOpenRedisCache", "LOCATION": url}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CELERY_BROKER_URL = url
    return url


def test_the_cache_answers_like_a_miss_and_says_why(redis_down, caplog):
    import config.cache

    config.cache._last_logged = 0.0
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        cache.set("k", 1)
        assert cache.get("k", "missing") == "missing"
        assert cache.add("k", 1) is False and cache.get_many(["k"]) == {}
        assert cache.incr("k") == 1
    assert "Redis cache unavailable (set); carrying on without it" in caplog.text
    assert caplog.text.count("Redis cache unavailable") == 1  # one warning per outage, not per call


def test_an_api_request_is_served_with_its_throttle_open(redis_down, alice_api):
    assert alice_api.get("/api/profile/").status_code == 200


def test_a_throttle_whose_cache_raises_lets_the_request_through(settings, broker_down, alice_api, caplog):
    # Django's own RedisCache raises when Redis is down; the throttle alone must still fail open.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{broker_down}/0",
        }
    }
    assert alice_api.get("/api/profile/").status_code == 200
    assert "API throttle user skipped: its cache is unavailable" in caplog.text


def test_logging_in_and_using_the_site_work(redis_down, alice, client):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/dashboard/")
    assert page.status_code == 200 and page.context["user"] == alice
    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302  # logged out, though the cache never heard of it


@pytest.mark.parametrize("path", ["/healthz", "/api/health/"])
def test_the_health_check_answers_503_naming_redis(redis_down, client, path):
    response = client.get(path)
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["broker", "cache"]
    for name in ("broker", "cache"):
        assert body["checks"][name]["detail"].startswith(f"{redis_down} unreachable: ")
