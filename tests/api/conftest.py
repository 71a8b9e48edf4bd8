"""API clients for the personas (token auth, as a script would use it) and a clean slate for rate limits."""

import pytest
from axes.utils import reset as axes_reset
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture(autouse=True)
def _generous_throttles(settings):
    """Throttle counts live in the cache and database ids repeat between tests on SQLite, so the suite
    runs with limits it cannot reach; tests/api/test_throttling.py sets its own."""
    settings.API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}


@pytest.fixture
def forget_failed_logins():
    """Clear django-axes' failure rows for these usernames (a test that counts failures from zero)."""

    def _forget(*usernames: str) -> None:
        for username in usernames:
            axes_reset(username=username)

    return _forget


@pytest.fixture
def anon_api():
    return APIClient()


@pytest.fixture
def alice_api(alice):
    return client_for(alice)


@pytest.fixture
def bob_api(bob):
    return client_for(bob)


@pytest.fixture
def charlie_api(charlie):
    return client_for(charlie)


@pytest.fixture
def carol_api(carol):
    return client_for(carol)
