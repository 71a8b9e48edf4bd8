"""DRF throttles answer 429 with a body a person can act on."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_a_user_over_the_rate_gets_a_429_saying_how_long_to_wait(alice_api, alice, settings):
    settings.API_THROTTLE_RATES = {"anon": "100/minute", "user": "3/minute"}
    cache.delete(f"throttle_user_{alice.pk}")
    for _ in range(3):
        assert alice_api.get("/api/profile/").status_code == 200
    response = alice_api.get("/api/profile/")
    assert response.status_code == 429
    body = response.json()
    assert body["detail"].startswith("Too many requests. Wait ")
    assert 0 < body["retry_after"] <= 60
    assert int(response["Retry-After"]) == body["retry_after"]
    cache.delete(f"throttle_user_{alice.pk}")


def test_anonymous_clients_have_their_own_lower_rate(anon_api, settings):
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": "100/minute"}
    cache.delete("throttle_anon_127.0.0.1")
    for _ in range(2):
        anon_api.get("/api/health/")
    assert anon_api.get("/api/health/").status_code == 429
    cache.delete("throttle_anon_127.0.0.1")
