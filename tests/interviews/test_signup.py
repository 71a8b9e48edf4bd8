"""Sign-up verifies the address before the account is used, and never tells whether an address is taken."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

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
LOGIN = {"username": "dana", "password": FORM["password1"]}


@pytest.fixture(autouse=True)
def _emails_after_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Sign-up sends its email after commit: run those callbacks at the end of each request."""
    original = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)


def _without_tokens(response) -> str:
    pattern = r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|name="csp-nonce" content=")[^"]+'
    return re.sub(pattern, "", response.content.decode())


def _link(message) -> str:
    found = re.search(r"http://[^/]+(/accounts/verify/\S+)", message.body)
    assert found is not None
    return found.group(1)


def test_signup_creates_an_unusable_account_until_the_emailed_link_is_followed(client):
    response = client.post("/accounts/signup/", FORM)
    assert response.status_code == 302 and response.url == "/accounts/signup/done/"
    dana = User.objects.get(username="dana")
    profile = Profile.objects.get(user=dana)
    assert (profile.time_zone, profile.target_level, profile.target_domain) == (
        "Europe/Berlin",
        "senior",
        "nlp",
    )
    assert not dana.is_active
    assert "_auth_user_id" not in client.session
    # Not usable before: neither the page nor the API lets it in.
    assert client.post("/accounts/login/", LOGIN).status_code == 200
    assert client.post("/api/auth/token/", LOGIN).status_code == 401
    (message,) = mail.outbox
    assert message.to == ["dana@example.com"]
    link = _link(message)
    # Opening the link (a mail scanner does) changes nothing; the button does.
    assert client.get(link).status_code == 200
    assert not User.objects.get(pk=dana.pk).is_active
    assert client.post(link).status_code == 302
    assert User.objects.get(pk=dana.pk).is_active
    assert client.post("/accounts/login/", LOGIN).status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_a_forged_or_altered_link_is_refused_with_a_message(client):
    client.post("/accounts/signup/", FORM)
    link = _link(mail.outbox[0])
    response = client.post(link[:-3] + "xyz/")
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert not User.objects.get(username="dana").is_active


def test_a_registered_address_gets_the_same_answer_and_its_owner_an_email(alice):
    fresh, taken = Client(), Client()
    new = fresh.post("/accounts/signup/", {**FORM, "username": "erin", "email": "erin@example.com"})
    old = taken.post("/accounts/signup/", {**FORM, "email": alice.email.upper()})
    assert (old.status_code, old["Location"]) == (new.status_code, new["Location"])
    assert _without_tokens(taken.get(old["Location"])) == _without_tokens(fresh.get(new["Location"]))
    assert not User.objects.filter(username="dana").exists()
    to_alice = [m for m in mail.outbox if m.to == [alice.email]]
    assert len(to_alice) == 1 and "already has one (alice)" in to_alice[0].body
    assert "/accounts/verify/" not in to_alice[0].body


def test_the_link_can_be_sent_again_and_the_answer_is_the_same_for_any_address(client, alice):
    client.post("/accounts/signup/", FORM)
    mail.outbox.clear()
    for email in ("dana@example.com", alice.email, "nobody@example.com"):
        response = client.post("/accounts/verify/resend/", {"email": email})
        assert response.status_code == 302 and response.url == "/accounts/signup/done/"
    (message,) = mail.outbox  # only the unverified account gets one
    assert message.to == ["dana@example.com"]
    assert client.post(_link(message)).status_code == 302
    assert User.objects.get(username="dana").is_active


def test_sign_up_emails_are_limited_per_address(client, settings):
    settings.EMAIL_RATE_LIMIT = 2
    for _ in range(4):
        client.post("/accounts/verify/resend/", {"email": "nobody@example.com"})
    client.post("/accounts/signup/", FORM)
    client.post("/accounts/verify/resend/", {"email": "dana@example.com"})
    client.post("/accounts/verify/resend/", {"email": "dana@example.com"})
    client.post("/accounts/verify/resend/", {"email": "dana@example.com"})
    # Sign-up and two resends for dana fill her (address, email) pair: one more sends nothing.
    assert len(mail.outbox) == 2


def test_signup_errors_are_shown_and_nothing_is_created(client):
    response = client.post(
        "/accounts/signup/", {**FORM, "password2": "different", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "match" in body and "password" in body.lower()
    assert "Select a valid choice" in body
    assert not User.objects.filter(username="dana").exists()
