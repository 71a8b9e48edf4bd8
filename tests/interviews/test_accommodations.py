"""A curator grants extra time; every timer of the candidate applies it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from interviews.services import accommodation_set, practice_start
from questionbank.models import RoundConfig

from .conftest import at, timer

pytestmark = pytest.mark.django_db


def test_a_curator_grants_extra_time_on_the_page(carol_client, alice):
    response = carol_client.post("/curate/accommodations/", {"username": "alice", "factor": "1.5"})
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.accommodation_factor == Decimal("1.50")
    assert "alice" in carol_client.get("/curate/accommodations/").content.decode()


def test_an_unknown_user_or_factor_is_refused(carol_client, alice):
    assert (
        "No user with this username"
        in carol_client.post(
            "/curate/accommodations/", {"username": "nobody", "factor": "1.5"}
        ).content.decode()
    )
    assert (
        carol_client.post("/curate/accommodations/", {"username": "alice", "factor": "4"}).status_code == 400
    )


def test_only_curators_may_grant(alice, bob):
    with pytest.raises(PermissionDenied):
        accommodation_set(curator=bob, user=alice, factor=Decimal("2"))


def test_the_factor_applies_to_practice_booked_rounds_and_design_budgets(
    carol, alice, bob_available, book, breadth_questions
):
    accommodation_set(curator=carol, user=alice, factor=Decimal("1.5"))
    minutes = RoundConfig.for_kind("ml_breadth").duration_minutes
    practice = practice_start(candidate=alice, round_kind="ml_breadth")
    started_at, deadline = timer(practice)
    assert deadline - started_at == timedelta(minutes=minutes * 1.5)
    booked = book(alice, bob_available, at(10, day=11))
    assert booked.ends_at - booked.starts_at == timedelta(minutes=minutes * 1.5)
