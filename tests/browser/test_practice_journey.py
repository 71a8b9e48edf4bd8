"""The candidate's first journey: sign up, confirm the address, log in, practise an ML breadth round, autosave, reload, submit, results."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from interviews.models import Answer, InterviewSession, SessionStatus


@pytest.mark.django_db(transaction=True)
def test_sign_up_practise_autosave_reload_submit_results(page, breadth_questions):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Email").fill("erin@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-42")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-42")
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_role("button", name="Sign up").click()
    # The address is confirmed before the account can be used (docs/security.md).
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    (message,) = mail.outbox
    link = re.search(r"http://[^/]+(/accounts/verify/\S+)", str(message.body))
    assert link
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm my address").click()
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("a-long-pass-phrase-42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Hello, erin")).to_be_visible()

    page.get_by_role("button", name="Start a ML breadth practice round").click()
    expect(page.get_by_role("heading", name="ML breadth round")).to_be_visible()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^\s*\d\d:\d\d\s*$"))

    first_answer = page.get_by_label("Your answer").first
    first_answer.fill("Bias is error from wrong assumptions; variance is sensitivity to the sample.")
    expect(page.locator(".save-status").first).to_contain_text("Saved at")

    page.reload()
    expect(page.get_by_label("Your answer").first).to_have_value(
        "Bias is error from wrong assumptions; variance is sensitivity to the sample."
    )

    page.get_by_role("button", name="Submit the round").click()
    # Ending early asks first, naming the questions still unanswered.
    dialog = page.get_by_role("dialog", name="Submit the round now?")
    expect(dialog).to_contain_text("These questions have no answer yet")
    dialog.get_by_role("button", name="Submit the round").click()
    expect(page.get_by_role("heading", name=re.compile("your answers"))).to_be_visible()
    expect(page.locator(".answer-text").first).to_contain_text("variance is sensitivity to the sample")

    session = InterviewSession.objects.get(candidate__username="erin")
    assert session.status == SessionStatus.SUBMITTED
    assert Answer.objects.filter(item__session=session).count() == 1
