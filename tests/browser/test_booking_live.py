"""Booking and a live round, with two people in two browsers: bob publishes availability, alice books, at the
start both open the session, bob watches alice's code appear as she types, and the round submits itself at zero.

The server's clock is moved with time_machine (it ticks on from each destination); the browsers' countdowns
come from the server's figures, so they follow it. The coding round lasts one minute.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from interviews.models import Answer, InterviewSession, SessionStatus
from questionbank.models import RoundConfig, RoundKind
from tests.factories import QuestionFactory

# A Monday. bob is in UTC, alice in Paris (UTC+1 in March).
START_OF_DAY = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)
SLOT = datetime(2030, 3, 4, 9, 30, tzinfo=UTC)


def _signed_in(browser, live_server, user):
    """A browser context with `user` signed in. The login form itself is tested elsewhere; going round it
    keeps this test clear of the login rate limit, which other tests on 127.0.0.1 count towards."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name=f"Hello, {user.username}")).to_be_visible()
    return context, page


@pytest.mark.django_db(transaction=True)
def test_publish_book_watch_the_typing_and_submit_at_zero(browser, live_server, alice, bob):
    QuestionFactory(round_kind=RoundKind.CODING)
    alice.profile.time_zone = "Europe/Paris"
    alice.profile.save()
    RoundConfig.objects.update_or_create(
        round_kind=RoundKind.CODING, defaults={"duration_minutes": 1, "question_count": 1}
    )
    with time_machine.travel(START_OF_DAY, tick=True) as clock:
        bob_context, bob_page = _signed_in(browser, live_server, bob)
        alice_context, alice_page = _signed_in(browser, live_server, alice)

        # bob publishes a one-off slot on Monday morning, in his zone (UTC).
        bob_page.get_by_role("link", name="Your availability").click()
        one_off = bob_page.get_by_role("region", name="One-off slots")
        one_off.get_by_label("Date").fill("2030-03-04")
        one_off.get_by_label("From").fill("09:30")
        one_off.get_by_label("To", exact=True).fill("11:00")
        bob_page.get_by_role("button", name="Add one-off slot").click()
        expect(bob_page.get_by_text("One-off slot added.")).to_be_visible()
        expect(bob_page.get_by_text("Mon 4 Mar 2030, 09:30")).to_be_visible()

        # alice books the first coding slot: 09:30 UTC is 10:30 in Paris.
        alice_page.get_by_role("link", name="Book a round").click()
        alice_page.get_by_label("Round").select_option("coding")
        alice_page.get_by_role("button", name="Show open times").click()
        alice_page.get_by_role("button", name="Monday 4 March, 10:30").click()
        alice_page.get_by_role("button", name="Book 10:30\N{EN DASH}10:31 with bob").click()
        expect(alice_page.get_by_role("heading", name="Coding round")).to_be_visible()
        session = InterviewSession.objects.get(candidate=alice)
        assert session.starts_at == SLOT and session.status == SessionStatus.SCHEDULED

        # Before the start alice waits; at the start the page opens the round by itself.
        clock.move_to(SLOT - timedelta(seconds=3))
        alice_page.get_by_role("button", name="Open the round").click()
        expect(alice_page.get_by_text("opens at")).to_be_visible()
        expect(alice_page.get_by_role("textbox", name="Your code")).to_be_visible(timeout=15_000)
        bob_page.goto(f"/live/{session.pk}/review/")
        expect(bob_page.get_by_role("heading", name="Reviewing alice: Coding")).to_be_visible()

        # alice types; bob sees it appear in his read-only editor without reloading.
        editor = alice_page.locator(".cm-content").first
        editor.click()
        editor.type("def kmeans(points, k):\n    return []")
        expect(bob_page.locator("#live-work .cm-content")).to_contain_text(
            "def kmeans(points, k):", timeout=6_000
        )
        expect(bob_page.locator("#live-work .cm-content")).to_contain_text("return []")

        # Five seconds before the end: the countdown reaches zero and the round is submitted by itself.
        expect(alice_page.locator(".save-status").first).to_contain_text("Saved at")
        clock.move_to(session.starts_at + timedelta(seconds=55))
        alice_page.reload()
        expect(alice_page.get_by_role("timer")).to_have_text(re.compile(r"00:0[0-5]"))
        expect(alice_page.get_by_role("heading", name=re.compile("your answers"))).to_be_visible(
            timeout=15_000
        )
        expect(alice_page.locator(".answer-text").first).to_contain_text("def kmeans(points, k):")

        session.refresh_from_db()
        assert session.status == SessionStatus.SUBMITTED and session.auto_submitted
        assert "return []" in Answer.objects.get(item__session=session).text
        expect(bob_page.locator(".live-status")).to_contain_text("Submitted", timeout=6_000)
        alice_context.close()
        bob_context.close()
