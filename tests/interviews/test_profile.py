import pytest

from interviews.models import ReviewerRound
from questionbank.roles import is_reviewer

pytestmark = pytest.mark.django_db


def test_profile_saves_time_zone_and_reviewer_opt_in(alice_client, alice):
    response = alice_client.post(
        "/accounts/profile/",
        {
            "time_zone": "Asia/Tokyo",
            "target_level": "junior",
            "target_domain": "",
            "review_rounds": ["behavioural"],
        },
    )
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone == "Asia/Tokyo"
    assert list(ReviewerRound.objects.filter(user=alice).values_list("round_kind", flat=True)) == [
        "behavioural"
    ]
    alice.refresh_from_db()
    assert is_reviewer(alice)
    assert alice_client.session["mockloop_tz"] == "Asia/Tokyo"


def test_opting_out_of_every_round_drops_the_reviewer_role(bob_client, bob):
    bob_client.post("/accounts/profile/", {"time_zone": "UTC", "target_level": "mid", "target_domain": ""})
    bob.refresh_from_db()
    assert not ReviewerRound.objects.filter(user=bob).exists()
    assert not is_reviewer(bob)
