import pytest
from django.contrib.auth.models import User

from interviews.models import Profile

pytestmark = pytest.mark.django_db

FORM = {
    "username": "dana",
    "email": "dana@example.com",
    "password1": "a-long-pass-phrase-42",
    "password2": "a-long-pass-phrase-42",
    "time_zone": "Europe/Berlin",
    "target_level": "senior",
    "target_domain": "nlp",
}


def test_signup_creates_a_user_with_a_profile_and_logs_in(client):
    response = client.post("/accounts/signup/", FORM)
    assert response.status_code == 302 and response.url == "/dashboard/"
    profile = Profile.objects.get(user__username="dana")
    assert (profile.time_zone, profile.target_level, profile.target_domain) == (
        "Europe/Berlin",
        "senior",
        "nlp",
    )
    assert client.get("/dashboard/").status_code == 200


def test_signup_errors_are_shown_and_nothing_is_created(client):
    response = client.post(
        "/accounts/signup/", {**FORM, "password2": "different", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "match" in body and "password" in body.lower()
    assert "Select a valid choice" in body
    assert not User.objects.filter(username="dana").exists()


def test_a_taken_email_is_refused(client, alice):
    response = client.post("/accounts/signup/", {**FORM, "email": alice.email.upper()})
    assert "already exists" in response.content.decode()
