import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def test_password_reset_by_email_end_to_end(client, alice):
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    found = re.search(r"http://[^/]+(/accounts/reset/\S+)", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-pass-phrase-7", "new_password2": "brand-new-pass-phrase-7"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("brand-new-pass-phrase-7")


def test_password_change_requires_the_old_password(alice_client, alice):
    response = alice_client.post(
        "/accounts/password_change/",
        {
            "old_password": "nope",
            "new_password1": "brand-new-pass-phrase-7",
            "new_password2": "brand-new-pass-phrase-7",
        },
    )
    assert response.status_code == 200 and "incorrectly" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("correct horse battery")


def test_password_reset_emails_are_limited_and_the_answer_does_not_change(client, alice, settings):
    settings.EMAIL_RATE_LIMIT, settings.EMAIL_ADDRESS_RATE_LIMIT = 2, 4
    answers = {client.post("/accounts/password_reset/", {"email": alice.email}).url for _ in range(4)}
    assert answers == {"/accounts/password_reset/done/"}
    assert len(mail.outbox) == 2  # the (email, address) pair's limit
    # The address's limit: more addresses from the same place send nothing either.
    client.post("/accounts/password_reset/", {"email": "someone@example.com"})
    assert len(mail.outbox) == 2
    # The owner, elsewhere, still gets a reset email: the limit is never the account's alone.
    Client(REMOTE_ADDR="198.51.100.7").post("/accounts/password_reset/", {"email": alice.email})
    assert len(mail.outbox) == 3 and mail.outbox[-1].to == [alice.email]
