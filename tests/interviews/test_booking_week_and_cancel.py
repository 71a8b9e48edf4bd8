"""The week view of open times (zone switch, weeks, htmx partial), cancelling with confirmation and a
reason, the free cancel just after booking, and changing a whole loop in one step."""

from datetime import time, timedelta
from itertools import pairwise

import pytest
import time_machine

from config.errors import ApplicationError
from interviews.bookings import booking_cancel
from interviews.loops import loop_book, loop_cancel, loop_move
from interviews.models import InterviewSession, Loop, SessionStatus, WeeklyWindow
from interviews.services import reviewer_rounds_set
from questionbank.models import RoundKind

from .conftest import MONDAY, at, span

pytestmark = pytest.mark.django_db


# --- The week view --------------------------------------------------------------------------------


def test_the_week_shows_days_as_columns_and_times_as_buttons(clock, alice_client, bob_available):
    page = alice_client.get("/book/", {"round_kind": "ml_breadth"}).content.decode()
    assert page.count('class="week-day"') == 7
    assert 'type="radio"' not in page
    assert f"time={at(9).isoformat().replace('+', '%2B').replace(':', '%3A')}" in page
    assert 'role="region"' in page and 'tabindex="0"' in page  # the grid scrolls/focuses on phones


def test_switching_the_zone_re_renders_the_times(clock, alice_client, bob_available):
    utc = alice_client.get("/book/", {"round_kind": "ml_breadth", "tz": "UTC"}).content.decode()
    tokyo = alice_client.get(
        "/book/", {"round_kind": "ml_breadth", "tz": "Asia/Tokyo"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert ">09:00</a>" in utc and ">18:00</a>" not in utc
    assert ">18:00</a>" in tokyo and ">09:00</a>" not in tokyo
    assert tokyo.lstrip().startswith('<section id="week-view"')  # the htmx partial, not the page
    bogus = alice_client.get("/book/", {"round_kind": "ml_breadth", "tz": "Mars/Olympus"})
    assert '<option value="UTC" selected>' in bogus.content.decode()  # alice's own zone


def test_next_and_previous_week_links_are_real_links(clock, alice_client, bob_available):
    page = alice_client.get("/book/", {"round_kind": "ml_breadth", "tz": "UTC"}).content.decode()
    assert "Previous week" not in page  # nothing to book in the past
    assert 'href="/book/?round_kind=ml_breadth&amp;tz=UTC&amp;week=2030-03-11"' in page
    nxt = alice_client.get("/book/", {"round_kind": "ml_breadth", "tz": "UTC", "week": "2030-03-11"})
    text = nxt.content.decode()
    assert "Mon 11 Mar" in text and ">09:00</a>" in text and "Previous week" in text


def test_choosing_a_time_asks_to_confirm_with_the_reviewers_free_then(
    clock, alice, alice_client, bob_available, breadth_questions
):
    page = alice_client.get("/book/", {"round_kind": "ml_breadth", "time": at(10).isoformat()})
    text = page.content.decode()
    key = f"{bob_available.pk}|{at(10).isoformat()}"
    assert f'name="slot" value="{key}"' in text and "with bob" in text
    response = alice_client.post("/book/", {"round_kind": "ml_breadth", "slot": key})
    assert response.status_code == 302
    assert InterviewSession.objects.get(candidate=alice).starts_at == at(10)


def test_a_time_nobody_has_any_more_says_so(clock, alice_client, bob_available):
    page = alice_client.get("/book/", {"round_kind": "ml_breadth", "time": at(3).isoformat()})
    assert "no longer open" in page.content.decode()


# --- Cancelling -----------------------------------------------------------------------------------


def test_a_round_can_be_cancelled_free_for_ten_minutes_after_booking_whatever_the_cut_off(
    alice, bob_available, book
):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        session = book(alice, bob_available, at(10), now=MONDAY)  # 4 hours away: inside the 12 h cut-off
        assert not session.can_move(MONDAY)
        traveller.move_to(MONDAY + timedelta(minutes=10))
        assert session.can_cancel(MONDAY + timedelta(minutes=10))
        traveller.move_to(MONDAY + timedelta(minutes=10, seconds=1))
        with pytest.raises(ApplicationError, match="within 10 minutes of booking") as exc:
            booking_cancel(session=session, by=alice)
        assert exc.value.status == 409
        traveller.move_to(MONDAY + timedelta(minutes=9))
        assert booking_cancel(session=session, by=alice, reason="Booked the wrong day") == 1
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.cancel_reason == "Booked the wrong day"


@pytest.fixture
def soon_notice(bob_available):
    bob_available.profile.min_notice_minutes = 0
    bob_available.profile.save()
    return bob_available


def test_the_free_cancel_does_not_outlast_the_start(alice, soon_notice, book):
    session = book(alice, soon_notice, at(9), now=at(8, 55))
    assert session.can_cancel(at(8, 59))
    assert not session.can_cancel(at(9))


def test_cancelling_asks_for_confirmation_and_takes_a_reason(clock, alice_client, alice, bob_available, book):
    session = book(alice, bob_available, at(10, day=11))
    detail = alice_client.get(f"/bookings/{session.pk}/").content.decode()
    assert f'href="/bookings/{session.pk}/cancel/"' in detail
    assert f'action="/bookings/{session.pk}/cancel/"' not in detail  # no one-click cancel on the page
    confirm = alice_client.get(f"/bookings/{session.pk}/cancel/").content.decode()
    assert "Yes, cancel the round" in confirm and "Reason (optional)" in confirm
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED  # looking at the question changes nothing
    response = alice_client.post(f"/bookings/{session.pk}/cancel/", {"reason": "Interview moved"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.cancel_reason == "Interview moved"
    assert "Reason given: Interview moved" in alice_client.get(f"/bookings/{session.pk}/").content.decode()


def test_the_reason_reaches_the_other_side(alice, bob_available, book, django_capture_on_commit_callbacks):
    from django.core import mail

    session = book(alice, bob_available, at(10, day=11))
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(session=session, by=alice, reason="A clash with work", now=MONDAY)
    to_bob = next(m for m in mail.outbox if m.to == ["bob@example.com"] and m.subject.startswith("Cancelled"))
    assert "Reason: A clash with work" in to_bob.body


def test_a_reason_that_is_too_long_is_refused(alice, bob_available, book):
    session = book(alice, bob_available, at(10, day=11))
    with pytest.raises(ApplicationError, match="1,000 characters"):
        booking_cancel(session=session, by=alice, reason="x" * 1001, now=MONDAY)


def test_the_detail_page_offers_the_free_cancel_after_the_cut_off(
    clock, alice_client, alice, bob_available, book
):
    session = book(alice, bob_available, at(10))
    page = alice_client.get(f"/bookings/{session.pk}/").content.decode()
    assert "you can still cancel it free until 06:10" in page and "Reschedule" not in page
    clock.move_to(MONDAY + timedelta(minutes=11))
    page = alice_client.get(f"/bookings/{session.pk}/").content.decode()
    assert "can no longer be moved or cancelled" in page


# --- Whole loops ----------------------------------------------------------------------------------


@pytest.fixture
def one_reviewer(bob, all_round_questions):
    """The demo's shape: one reviewer of every round, every day 08:00-20:00, four sessions a day."""
    reviewer_rounds_set(user=bob, round_kinds=RoundKind.values)
    for weekday in range(7):
        WeeklyWindow.objects.create(reviewer=bob, weekday=weekday, start_time=time(8), end_time=time(20))
    return bob


def test_the_default_placement_finds_a_plan_where_one_day_cannot(alice, one_reviewer):
    with pytest.raises(ApplicationError, match="cannot all be placed all on one day"):
        loop_book(
            candidate=alice,
            round_kinds=RoundKind.values,
            one_day=True,
            from_day=MONDAY.date(),
            now=MONDAY,
            project_brief="B",
        )
    loop = loop_book(
        candidate=alice, round_kinds=RoundKind.values, from_day=MONDAY.date(), now=MONDAY, project_brief="B"
    )
    sessions = list(loop.sessions.order_by("starts_at"))
    assert len(sessions) == 6 and loop.one_day is None
    per_day: dict[object, int] = {}
    for s in sessions:
        per_day[span(s)[0].date()] = per_day.get(span(s)[0].date(), 0) + 1
    assert max(per_day.values()) <= 4 and len(per_day) == 2  # as soon as possible: two days
    for earlier, later in pairwise(sessions):
        assert span(later)[0] >= span(earlier)[1] + timedelta(minutes=10)


def test_the_search_backtracks_when_the_earliest_choice_blocks_a_later_round(
    alice, bob, carol, all_round_questions
):
    # bob reviews both rounds but only 09:00-10:00; carol reviews only coding, 09:00-11:00. Greedy earliest
    # would give bob's only slot to coding and leave ML breadth nowhere; the search backs up.
    reviewer_rounds_set(user=bob, round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH])
    reviewer_rounds_set(user=carol, round_kinds=[RoundKind.CODING])
    WeeklyWindow.objects.create(reviewer=bob, weekday=0, start_time=time(9), end_time=time(10))
    WeeklyWindow.objects.create(reviewer=carol, weekday=0, start_time=time(9), end_time=time(12))
    for person in (bob, carol):
        person.profile.min_notice_minutes = 0
        person.profile.save()
    now = at(8)
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH],
        one_day=True,
        from_day=now.date(),
        now=now,
    )
    by_kind = {s.round_kind: s for s in loop.sessions.all()}
    assert by_kind[RoundKind.ML_BREADTH].reviewer == bob and by_kind[RoundKind.CODING].reviewer == carol


def test_a_whole_loop_is_cancelled_in_one_step(alice, one_reviewer):
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH],
        from_day=(MONDAY + timedelta(days=2)).date(),
        now=MONDAY,
    )
    assert loop_cancel(loop=loop, by=alice, reason="Got the job", now=MONDAY) == 2
    assert set(loop.sessions.values_list("status", "cancel_reason")) == {
        (SessionStatus.CANCELLED, "Got the job")
    }
    with pytest.raises(ApplicationError, match="No round of this loop is still scheduled"):
        loop_cancel(loop=loop, by=alice, now=MONDAY)


def test_a_loop_with_a_round_past_the_cut_off_is_not_cancelled_at_all(alice, one_reviewer):
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH],
        from_day=MONDAY.date(),
        now=MONDAY,
    )
    later = MONDAY + timedelta(
        minutes=30
    )  # the first round is hours away: past the cut-off, free window over
    with pytest.raises(ApplicationError, match="12 hours"):
        loop_cancel(loop=loop, by=alice, now=later)
    assert set(loop.sessions.values_list("status", flat=True)) == {SessionStatus.SCHEDULED}


def test_a_whole_loop_is_moved_in_one_step(alice, one_reviewer):
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH],
        from_day=(MONDAY + timedelta(days=2)).date(),
        now=MONDAY,
    )
    old = set(loop.sessions.values_list("pk", flat=True))
    loop_move(loop=loop, by=alice, from_day=(MONDAY + timedelta(days=5)).date(), one_day=True, now=MONDAY)
    live = loop.sessions.exclude(status=SessionStatus.CANCELLED)
    assert {span(s)[0].date() for s in live} == {(MONDAY + timedelta(days=5)).date()}
    assert set(loop.sessions.filter(pk__in=old).values_list("status", flat=True)) == {SessionStatus.CANCELLED}
    assert Loop.objects.get(pk=loop.pk).one_day is True


def test_a_loop_move_with_no_plan_changes_nothing(alice, one_reviewer):
    loop = loop_book(
        candidate=alice,
        round_kinds=RoundKind.values,
        from_day=(MONDAY + timedelta(days=2)).date(),
        now=MONDAY,
        project_brief="B",
    )
    before = list(loop.sessions.values_list("pk", "status", "starts_at"))
    with pytest.raises(ApplicationError, match="cannot all be placed all on one day"):
        loop_move(loop=loop, by=alice, from_day=(MONDAY + timedelta(days=3)).date(), one_day=True, now=MONDAY)
    assert list(loop.sessions.values_list("pk", "status", "starts_at")) == before


def test_someone_elses_loop_cannot_be_changed(alice, charlie, one_reviewer):
    loop = loop_book(candidate=alice, round_kinds=[RoundKind.CODING], from_day=MONDAY.date(), now=MONDAY)
    with pytest.raises(ApplicationError) as exc:
        loop_cancel(loop=loop, by=charlie, now=MONDAY)
    assert exc.value.status == 404


def test_loop_pages_confirm_then_cancel_or_move(clock, alice, alice_client, charlie_client, one_reviewer):
    loop = loop_book(
        candidate=alice,
        round_kinds=[RoundKind.CODING, RoundKind.ML_BREADTH],
        from_day=(MONDAY + timedelta(days=2)).date(),
        now=MONDAY,
    )
    detail = alice_client.get(f"/loops/{loop.pk}/").content.decode()
    assert f'href="/loops/{loop.pk}/cancel/"' in detail and f'href="/loops/{loop.pk}/move/"' in detail
    assert charlie_client.get(f"/loops/{loop.pk}/cancel/").status_code == 404
    assert charlie_client.post(f"/loops/{loop.pk}/move/", {"from_day": "2030-03-09"}).status_code == 404
    assert "Yes, cancel 2 rounds" in alice_client.get(f"/loops/{loop.pk}/cancel/").content.decode()
    response = alice_client.post(f"/loops/{loop.pk}/move/", {"from_day": "2030-03-09", "one_day": "1"})
    assert response.status_code == 302
    live = loop.sessions.exclude(status=SessionStatus.CANCELLED)
    assert {span(s)[0].date().isoformat() for s in live} == {"2030-03-09"}
    response = alice_client.post(f"/loops/{loop.pk}/cancel/", {"reason": ""})
    assert response.status_code == 302
    assert not loop.sessions.filter(status=SessionStatus.SCHEDULED).exists()


def test_the_loop_form_defaults_to_as_soon_as_possible(clock, alice, alice_client, one_reviewer):
    page = alice_client.get("/loops/").content.decode()
    assert (
        'value="" checked' in page
        or 'checked value=""' in page
        or 'value="" id="id_one_day_0" checked' in page
    )
    response = alice_client.post(
        "/loops/", {"round_kinds": RoundKind.values, "from_day": "2030-03-05", "project_brief": "B"}
    )
    assert response.status_code == 302
    assert Loop.objects.get(candidate=alice).sessions.count() == 6
