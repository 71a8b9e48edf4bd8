"""Booking from the week view and cancelling with confirmation, in Chromium, on a desktop and on a
390 px phone: days as columns (stacked on the phone), times as buttons, the zone switched in place,
the next week, no sideways scroll, axe-core clean."""

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.test import Client
from playwright.sync_api import expect

from interviews.models import InterviewSession, SessionStatus, WeeklyWindow
from interviews.services import reviewer_rounds_set
from questionbank.models import RoundKind
from tests.factories import QuestionFactory

from .test_accessibility import _violations

# Monday 4 March 2030, 07:00 UTC. bob reviews ML breadth every weekday 09:00-12:00 UTC.
NOW = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _no_sideways_scroll(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def _htmx_settled(page) -> None:
    """Wait out htmx's swap and settle: content it swapped in is visible before its hx- attributes work."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1100, 390], ids=["desktop", "phone"])
def test_book_from_the_week_view_then_cancel_with_confirmation(page, live_server, alice, bob, width):
    for _ in range(2):
        QuestionFactory(round_kind=RoundKind.ML_BREADTH)
    reviewer_rounds_set(user=bob, round_kinds=[RoundKind.ML_BREADTH])
    for weekday in range(5):
        WeeklyWindow.objects.create(reviewer=bob, weekday=weekday, start_time=time(9), end_time=time(12))
    page.set_viewport_size({"width": width, "height": 900})
    with time_machine.travel(NOW, tick=True):
        _log_in(page, live_server, alice)
        page.goto("/book/")
        page.get_by_label("Round").select_option("ml_breadth")
        page.get_by_role("button", name="Show open times").click()
        expect(page.get_by_role("heading", name="Mon 4 Mar")).to_be_visible()
        grid = page.get_by_role("region", name="Open times by day")
        expect(grid.get_by_role("button", name="Tuesday 5 March, 09:00")).to_be_visible()
        assert page.locator("input[type=radio]").count() == 0
        assert _no_sideways_scroll(page)
        columns = page.locator(".week-day")
        first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
        if width == 390:
            assert second["y"] > first["y"]  # days stack on a phone
        else:
            assert second["x"] > first["x"] and abs(second["y"] - first["y"]) < 2  # columns side by side
        assert _violations(page) == []

        # The zone switches in place (htmx): 09:00 UTC is 18:00 in Tokyo.
        page.get_by_label("Show times in").select_option("Asia/Tokyo")
        expect(grid.get_by_role("button", name="Tuesday 5 March, 18:00")).to_be_visible()
        expect(grid.get_by_role("button", name="Tuesday 5 March, 09:00")).to_have_count(0)
        assert "tz=Asia%2FTokyo" in page.url

        # The next week, then back to UTC; pick Tuesday 11 March 10:00 and confirm.
        page.get_by_role("link", name="Next week").click()
        expect(page.get_by_role("heading", name="Mon 11 Mar")).to_be_visible()
        _htmx_settled(page)  # the new zone picker only listens for "change" once htmx has processed it
        page.get_by_label("Show times in").select_option("UTC")
        page.get_by_role("button", name="Tuesday 12 March, 10:00").click()
        expect(page.get_by_role("heading", name="ML breadth on Tuesday 12 March at 10:00")).to_be_visible()
        page.get_by_role("button", name="with bob").click()
        expect(page.get_by_text("Booked.")).to_be_visible()
        session = InterviewSession.objects.get(candidate=alice)
        assert session.starts_at == datetime(2030, 3, 12, 10, 0, tzinfo=UTC)

        # Cancelling asks first; keeping it changes nothing; then cancel with a reason.
        page.get_by_role("button", name="Cancel…").click()
        expect(page.get_by_role("heading", name="Cancel the ML breadth round?")).to_be_visible()
        assert _no_sideways_scroll(page)
        page.get_by_role("button", name="Keep it").click()
        session.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED
        page.get_by_role("button", name="Cancel…").click()
        page.get_by_label("Reason (optional)").fill("A clash with work")
        page.get_by_role("button", name="Yes, cancel the round").click()
        expect(page.get_by_text("Cancelled; the other side has been emailed.")).to_be_visible()
        session.refresh_from_db()
        assert session.status == SessionStatus.CANCELLED and session.cancel_reason == "A clash with work"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1100, 390], ids=["desktop", "phone"])
def test_the_new_booking_and_practice_pages_are_accessible(page, live_server, alice, bob, width):
    from datetime import timedelta

    from django.utils import timezone

    from interviews.loops import loop_book

    for kind in (RoundKind.ML_BREADTH, RoundKind.CODING):
        for _ in range(2):
            QuestionFactory(round_kind=kind)
    reviewer_rounds_set(user=bob, round_kinds=[RoundKind.ML_BREADTH, RoundKind.CODING])
    for weekday in range(7):
        WeeklyWindow.objects.create(reviewer=bob, weekday=weekday, start_time=time(8), end_time=time(20))
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.ML_BREADTH, RoundKind.CODING],
        from_day=timezone.localdate() + timedelta(days=3),
    )
    session = loop.sessions.first()
    item = session.items.first() if session else None
    assert session and item
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, live_server, alice)
    problems = {}
    for path in [
        "/practice/pick/",
        f"/practice/pick/?question={item.question_version.question.slug}",
        "/loops/",
        f"/loops/{loop.pk}/",
        f"/loops/{loop.pk}/move/",
        f"/loops/{loop.pk}/cancel/",
        f"/bookings/{session.pk}/",
        f"/bookings/{session.pk}/cancel/",
        f"/bookings/{session.pk}/reschedule/",
        "/plan/",
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found = _violations(page)
        if not _no_sideways_scroll(page):
            found.append("scrolls sideways")
        if found:
            problems[path] = found
    assert problems == {}
