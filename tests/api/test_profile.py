"""The profile and the reviewer's booking rules: the API and the two services it added
(`interviews.services.profile_update`, `interviews.availability.booking_rules_set`)."""

import pytest

from config.errors import ApplicationError
from interviews.availability import booking_rules_set
from interviews.models import ReviewerRound
from interviews.services import profile_update
from questionbank.roles import is_reviewer

pytestmark = pytest.mark.django_db


def test_profile_update_saves_settings_and_review_rounds(alice):
    profile = profile_update(
        user=alice,
        time_zone="Europe/London",
        target_level="senior",
        target_domain="nlp",
        review_rounds=["coding"],
    )
    assert (profile.time_zone, profile.target_level, profile.target_domain) == (
        "Europe/London",
        "senior",
        "nlp",
    )
    assert list(ReviewerRound.objects.filter(user=alice).values_list("round_kind", flat=True)) == ["coding"]
    assert is_reviewer(alice)


@pytest.mark.parametrize(
    ("field", "value"), [("time_zone", "Mars/Olympus"), ("target_level", "guru"), ("target_domain", "chess")]
)
def test_profile_update_refuses_unknown_values(alice, field, value):
    values = {"time_zone": "UTC", "target_level": "mid", "target_domain": "", "review_rounds": []} | {
        field: value
    }
    with pytest.raises(ApplicationError) as refused:
        profile_update(user=alice, **values)
    assert refused.value.field == field


def test_booking_rules_set_saves_and_checks_ranges(bob):
    profile = booking_rules_set(
        reviewer=bob,
        min_notice_minutes=30,
        buffer_minutes=0,
        daily_limit=2,
        meeting_url="https://meet.example/b",
    )
    assert (profile.min_notice_minutes, profile.daily_limit) == (30, 2)
    with pytest.raises(ApplicationError):
        booking_rules_set(
            reviewer=bob, min_notice_minutes=30, buffer_minutes=0, daily_limit=0, meeting_url=""
        )


def test_the_profile_over_the_api(alice_api):
    response = alice_api.put(
        "/api/profile/",
        {"time_zone": "Asia/Tokyo", "target_level": "junior", "review_rounds": ["ml_breadth"]},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["time_zone"] == "Asia/Tokyo" and body["review_rounds"] == ["ml_breadth"]
    bad = alice_api.put("/api/profile/", {"time_zone": "Nowhere", "target_level": "mid"}, format="json")
    assert bad.status_code == 400
    assert "time_zone" in bad.json()["errors"]  # one of the zones the schema lists
