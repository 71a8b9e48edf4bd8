"""Every page that needs a login sends anonymous visitors to the login page; the sweep covers new routes."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

pytestmark = pytest.mark.django_db

PUBLIC = {
    "home",
    "healthz",
    "signup",
    "signup-done",
    "verify-email",
    "verify-resend",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
SAMPLE_KWARGS = {"session_id": 1, "item_id": 1, "slug": "any", "uidb64": "x", "token": "y"}
# booking (availability windows and slots, loops)
SAMPLE_KWARGS |= {"window_id": 1, "slot_id": 1, "loop_id": 1}
# scoring (reviews, calibration, debrief)
SAMPLE_KWARGS |= {"review_id": 1, "flag_id": 1, "queue_item_id": 1, "round_kind": "coding"}


def _named_routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name in {"admin"} or str(entry.pattern).startswith("api/"):
                continue  # the admin has its own login; the API has its own sweep
            yield from _named_routes(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name, entry


def _sample(key: str, converter: object) -> object:
    """A value for any URL parameter: new routes need no edit here to be swept."""
    if key in SAMPLE_KWARGS:
        return SAMPLE_KWARGS[key]
    return 1 if isinstance(converter, IntConverter) else "any"


ROUTES = sorted((name, entry) for name, entry in _named_routes() if name not in PUBLIC)


@pytest.mark.parametrize(("name", "entry"), ROUTES, ids=[name for name, _ in ROUTES])
def test_anonymous_visitors_are_sent_to_log_in(client, name, entry):
    url = reverse(name, kwargs={key: _sample(key, conv) for key, conv in entry.pattern.converters.items()})
    for method in (client.get, client.post):
        response = method(url)
        if response.status_code == 405:
            continue
        assert response.status_code == 302, (name, method.__name__, response.status_code)
        assert response.url.startswith("/accounts/login/")
