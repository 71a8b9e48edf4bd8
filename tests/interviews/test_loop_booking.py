"""Booking a whole loop: six rounds or a subset, on one day or across days, all or nothing, one progress page."""

from datetime import time, timedelta
from itertools import pairwise

import pytest
from django.core import mail

from config.errors import ApplicationError
from interviews.live import session_open
from interviews.loops import loop_book, loop_plan
from interviews.models import InterviewSession, Loop, WeeklyWindow
from interviews.services import reviewer_rounds_set, session_submit
from questionbank.models import RoundKind
from tests.factories import ProfileFactory, UserFactory

from .conftest import MONDAY, at, span

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(bob, all_round_questions):
    """Two reviewers for every round, Monday and Tuesday 09:00-17:00 UTC, six sessions a day each."""
    reviewers = [bob, ProfileFactory(user=UserFactory(username="erin")).user]
    for reviewer in reviewers:
        reviewer_rounds_set(user=reviewer, round_kinds=RoundKind.values)
        reviewer.profile.daily_limit = 6
        reviewer.profile.save()
        for weekday in (0, 1):
            WeeklyWindow.objects.create(
                reviewer=reviewer, weekday=weekday, start_time=time(9), end_time=time(17)
            )
    return reviewers


def test_the_whole_loop_fits_on_one_day_without_overlaps(alice, panel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        loop = loop_book(
            candidate=alice,
            round_kinds=RoundKind.values,
            one_day=True,
            from_day=MONDAY.date(),
            now=MONDAY,
            project_brief="B",
        )
    sessions = list(loop.sessions.order_by("starts_at"))
    assert sorted(s.round_kind for s in sessions) == sorted(RoundKind.values)
    assert {span(s)[0].date() for s in sessions} == {MONDAY.date()}
    for earlier, later in pairwise(sessions):
        assert span(later)[0] >= span(earlier)[1] + timedelta(minutes=15)  # the candidate's break
    assert sessions[0].starts_at == at(9)
    assert len(mail.outbox) == 12  # each round: the candidate and the reviewer


def test_a_subset_across_days_takes_one_round_a_day(alice, panel):
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.BEHAVIOURAL],
        one_day=False,
        from_day=MONDAY.date(),
        now=MONDAY,
    )
    days = sorted(span(s)[0].date() for s in loop.sessions.all())
    assert days == [MONDAY.date(), MONDAY.date() + timedelta(days=1)]
    assert loop.round_kinds == [RoundKind.CODING, RoundKind.BEHAVIOURAL]


def test_the_loop_starts_on_the_chosen_day(alice, panel):
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING],
        one_day=True,
        from_day=MONDAY.date() + timedelta(days=1),
        now=MONDAY,
    )
    assert loop.sessions.get().starts_at == at(9, day=5)


def test_one_day_needs_enough_reviewer_time_that_day(alice, panel):
    for reviewer in panel:
        reviewer.profile.daily_limit = 1
        reviewer.profile.save()
    plan = loop_plan(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH, RoundKind.BEHAVIOURAL],
        one_day=True,
        from_day=MONDAY.date(),
        now=MONDAY,
    )
    assert (
        plan.placed == [] and "all on one day" in plan.problem
    )  # two reviewers, one session a day each: three rounds never fit on one day
    plan = loop_plan(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH],
        one_day=True,
        from_day=MONDAY.date(),
        now=MONDAY,
    )
    assert {slot.starts_at.date() for _, slot in plan.placed} == {MONDAY.date()}
    assert len({slot.reviewer_id for _, slot in plan.placed}) == 2


def test_a_loop_that_does_not_fit_books_nothing(alice, panel):
    for reviewer in panel:
        reviewer.profile.daily_limit = 1
        reviewer.profile.save()
    with pytest.raises(ApplicationError, match="cannot all be placed all on one day"):
        loop_book(
            candidate=alice,
            round_kinds=RoundKind.values,
            one_day=True,
            from_day=MONDAY.date(),
            now=MONDAY,
            project_brief="B",
        )
    assert not Loop.objects.exists() and not InterviewSession.objects.exists()


def test_a_deep_dive_in_the_loop_needs_the_brief(alice, panel):
    with pytest.raises(ApplicationError, match="brief"):
        loop_book(
            candidate=alice, round_kinds=RoundKind.values, one_day=True, from_day=MONDAY.date(), now=MONDAY
        )
    loop = loop_book(
        candidate=alice,
        round_kinds=RoundKind.values,
        one_day=True,
        from_day=MONDAY.date(),
        now=MONDAY,
        project_brief="Ranking at Acme",
    )
    deep_dive = loop.sessions.get(round_kind=RoundKind.PROJECT_DEEP_DIVE)
    assert deep_dive.project_brief == "Ranking at Acme"
    assert set(loop.sessions.exclude(pk=deep_dive.pk).values_list("project_brief", flat=True)) == {""}


def test_unknown_or_no_rounds_are_refused(alice, panel):
    with pytest.raises(ApplicationError):
        loop_book(candidate=alice, round_kinds=[], one_day=True, from_day=MONDAY.date(), now=MONDAY)
    with pytest.raises(ApplicationError):
        loop_book(candidate=alice, round_kinds=["karaoke"], one_day=True, from_day=MONDAY.date(), now=MONDAY)


def test_booking_a_loop_through_the_page_and_its_progress(clock, alice, alice_client, panel):
    response = alice_client.post(
        "/loops/",
        {"round_kinds": ["coding", "ml_breadth"], "one_day": "1", "from_day": MONDAY.date().isoformat()},
    )
    loop = Loop.objects.get(candidate=alice)
    assert response.status_code == 302 and response.url == f"/loops/{loop.pk}/"
    page = alice_client.get(f"/loops/{loop.pk}/").content.decode()
    assert "0 of 2 rounds done" in page
    first = loop.sessions.order_by("starts_at")[0]
    session_open(session=first, now=span(first)[0])
    session_submit(session=first)
    page = alice_client.get(f"/loops/{loop.pk}/").content.decode()
    assert "1 of 2 rounds done" in page and 'value="1" max="2"' in page
    assert f"Loop #{loop.pk}" in alice_client.get("/loops/").content.decode()


def test_the_loop_page_explains_when_nothing_fits(clock, alice_client, breadth_questions):
    response = alice_client.post(
        "/loops/", {"round_kinds": ["ml_breadth"], "one_day": "1", "from_day": MONDAY.date().isoformat()}
    )
    assert (
        response.status_code == 400
        and "No reviewer has an open slot for ML breadth" in response.content.decode()
    )
