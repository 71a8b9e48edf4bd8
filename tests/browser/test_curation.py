"""A curator edits a published question, another curator approves it, and the new version reaches new
sessions while a session started before keeps the version it pinned."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from interviews.models import InterviewSession
from interviews.services import practice_start
from questionbank import services
from questionbank.bankfiles.data import QuestionData
from questionbank.models import Question, Status, Topic
from questionbank.roles import CURATORS_GROUP
from tests.factories import persona


def _page_for(browser, live_server, user):
    """A browser tab of its own, logged in through a session cookie (login has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def _published_question(carol, dave) -> Question:
    Topic.objects.create(slug="regularisation", name="Regularisation")
    data = QuestionData(
        slug="dropout-as-regulariser",
        round_kind="ml_breadth",
        title="Dropout as a regulariser",
        prompt_md="Why does **dropout** reduce overfitting?\n",
        difficulty="medium",
        level="mid",
        domain="",
        minutes=5,
        topics=["regularisation"],
        reviewer_notes={"key_points": ["Averages many thinned networks."], "follow_ups": [], "red_flags": []},
        section_notes={},
    )
    question = services.question_create(data=data, author=carol)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    return question


@pytest.mark.django_db(transaction=True)
def test_edit_approve_and_the_new_version_reaches_new_sessions_only(
    browser, live_server, alice, carol, charlie
):
    dave = persona("dave")
    dave.groups.add(Group.objects.get(name=CURATORS_GROUP))
    _published_question(carol, dave)
    old_session = practice_start(candidate=alice, round_kind="ml_breadth")

    # Carol finds the question, edits it with the live preview, and sends the new version for review.
    page = _page_for(browser, live_server, carol)
    page.goto("/bank/")
    page.get_by_label("Text").fill("dropout")
    expect(page.get_by_role("link", name="Dropout as a regulariser")).to_be_visible()
    page.get_by_role("link", name="Dropout as a regulariser").click()
    page.get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Title").fill("Dropout, explained")
    page.get_by_label("Prompt (markdown)").fill("Why does **dropout** help, and what changes *at inference*?")
    expect(page.locator("#preview em")).to_have_text("at inference")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.get_by_text("Candidates still get the live version")).to_be_visible()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Sent for review")).to_be_visible()
    # Carol wrote it, so her approve button is disabled and says why.
    expect(page.get_by_role("button", name="Approve and publish version 2")).to_be_disabled()
    expect(page.get_by_text("another curator must approve them")).to_be_visible()

    # Before approval a new session still gets version 1.
    assert practice_start(candidate=charlie, round_kind="ml_breadth").items.get().question_version.number == 1

    # Dave reviews the difference and approves.
    other = _page_for(browser, live_server, dave)
    other.goto("/bank/dropout-as-regulariser/")
    other.get_by_role("link", name="Compare with the live version 1").click()
    expect(other.get_by_role("heading", name="Changes from version 1 to version 2")).to_be_visible()
    expect(other.locator("ins").filter(has_text="Dropout, explained")).to_be_visible()
    other.go_back()
    other.get_by_role("button", name="Approve and publish version 2").click()
    expect(other.get_by_text("Approved and published")).to_be_visible()
    assert Question.objects.get().status == Status.PUBLISHED

    # A new session for Alice gets version 2; the session she started before still shows version 1.
    candidate = _page_for(browser, live_server, alice)
    candidate.goto("/dashboard/")
    candidate.get_by_role("button", name="Start a ML breadth practice round").click()
    expect(candidate.get_by_role("heading", name="Dropout, explained")).to_be_visible()
    expect(candidate.get_by_text("what changes at inference")).to_be_visible()
    new_session = InterviewSession.objects.exclude(pk=old_session.pk).filter(candidate=alice).get()
    assert new_session.items.get().question_version.number == 2

    candidate.goto(f"/sessions/{old_session.pk}/")
    expect(candidate.get_by_role("heading", name="Dropout as a regulariser")).to_be_visible()
    expect(candidate.get_by_text(re.compile("Why does dropout reduce overfitting"))).to_be_visible()
    assert old_session.items.get().question_version.number == 1
