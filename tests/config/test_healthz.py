import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_component(client):
    response = client.get("/healthz")
    body = response.json()
    assert set(body["checks"]) == {"database", "broker", "cache", "sandbox"}
    assert response.status_code == 200, body
    assert body["status"] == "ok"


def test_healthz_names_a_broker_that_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
