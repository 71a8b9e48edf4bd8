"""A booked round shows nothing of its questions before it starts, through the pages or the API."""

import pytest
from rest_framework.test import APIClient

from .conftest import at

pytestmark = pytest.mark.django_db


def _texts(session) -> list[str]:
    return [
        t
        for item in session.items.all()
        for t in (item.question_version.title, item.question_version.prompt_html)
    ]


def test_before_the_start_the_api_and_pages_show_no_question(clock, alice, alice_client, alice_booked):
    texts = _texts(alice_booked)
    assert texts and all(texts)
    api = APIClient()
    api.force_authenticate(alice)
    body = api.get(f"/api/sessions/{alice_booked.pk}/")
    assert body.status_code == 200 and body.json()["items"] == []
    pages = [
        alice_client.get(f"/sessions/{alice_booked.pk}/", follow=True),
        alice_client.get(f"/live/{alice_booked.pk}/"),
        alice_client.get(f"/bookings/{alice_booked.pk}/"),
        alice_client.get("/sessions/"),
        alice_client.get("/bookings/"),
    ]
    for page in [body, *pages]:
        assert page.status_code == 200
        content = page.content.decode()
        assert not [t for t in texts if t[:40] in content], page.request["PATH_INFO"]


def test_at_the_start_the_first_question_appears(clock, alice, alice_client, alice_booked):
    first = alice_booked.items.order_by("position").first().question_version
    clock.move_to(at(10, 1))
    api = APIClient()
    api.force_authenticate(alice)
    items = api.get(f"/api/sessions/{alice_booked.pk}/").json()["items"]
    assert [item["title"] for item in items] == [first.title]
    assert first.title in alice_client.get(f"/live/{alice_booked.pk}/").content.decode()
