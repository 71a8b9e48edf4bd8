"""A reviewer publishes availability: weekly windows and one-off slots in their zone, and booking rules."""

from datetime import time

import pytest

from config.errors import ApplicationError
from interviews.availability import weekly_window_add
from interviews.models import OneOffSlot, WeeklyWindow

from .conftest import at

pytestmark = pytest.mark.django_db


def test_a_reviewer_adds_a_weekly_window(clock, bob, bob_client):
    response = bob_client.post(
        "/availability/weekly/", {"weekday": "0", "start_time": "09:00", "end_time": "12:30"}
    )
    assert response.status_code == 302
    window = WeeklyWindow.objects.get(reviewer=bob)
    assert (window.weekday, window.start_time, window.end_time) == (0, time(9), time(12, 30))
    assert "Monday 09:00\N{EN DASH}12:30" in bob_client.get("/availability/").content.decode()


def test_overlapping_windows_are_refused(bob):
    weekly_window_add(reviewer=bob, weekday=0, start_time=time(9), end_time=time(12))
    with pytest.raises(ApplicationError, match="overlaps"):
        weekly_window_add(reviewer=bob, weekday=0, start_time=time(11), end_time=time(13))
    weekly_window_add(reviewer=bob, weekday=0, start_time=time(12), end_time=time(13))  # touching is fine


def test_a_window_must_end_after_it_starts(clock, bob_client):
    response = bob_client.post(
        "/availability/weekly/", {"weekday": "0", "start_time": "12:00", "end_time": "09:00"}
    )
    assert response.status_code == 400 and "must end after it starts" in response.content.decode()
    assert not WeeklyWindow.objects.exists()


def test_a_one_off_slot_is_read_in_the_reviewers_zone(clock, bob, bob_client):
    bob.profile.time_zone = "Asia/Kolkata"  # UTC+5:30
    bob.profile.save()
    response = bob_client.post(
        "/availability/one-off/", {"day": "2030-03-05", "start_time": "15:30", "end_time": "17:00"}
    )
    assert response.status_code == 302
    slot = OneOffSlot.objects.get(reviewer=bob)
    assert (slot.starts_at, slot.ends_at) == (at(10, day=5), at(11, 30, day=5))


def test_a_one_off_slot_in_the_past_is_refused(clock, bob_client):
    response = bob_client.post(
        "/availability/one-off/", {"day": "2030-03-01", "start_time": "09:00", "end_time": "10:00"}
    )
    assert response.status_code == 400 and "already passed" in response.content.decode()


def test_someone_who_reviews_nothing_cannot_publish(clock, charlie_client):
    page = charlie_client.get("/availability/").content.decode()
    assert "You do not review any round yet" in page
    response = charlie_client.post(
        "/availability/weekly/", {"weekday": "0", "start_time": "09:00", "end_time": "10:00"}
    )
    assert response.status_code == 403 and "Opt in to review" in response.content.decode()


def test_booking_rules_are_saved(clock, bob, bob_client):
    response = bob_client.post(
        "/availability/rules/",
        {
            "min_notice_minutes": "60",
            "buffer_minutes": "15",
            "daily_limit": "2",
            "meeting_url": "meet.example.com/bob",
        },
    )
    assert response.status_code == 302
    bob.profile.refresh_from_db()
    assert (bob.profile.min_notice_minutes, bob.profile.buffer_minutes, bob.profile.daily_limit) == (
        60,
        15,
        2,
    )
    assert bob.profile.meeting_url == "https://meet.example.com/bob"


def test_a_daily_limit_of_zero_is_refused(clock, bob_client):
    response = bob_client.post(
        "/availability/rules/", {"min_notice_minutes": "120", "buffer_minutes": "10", "daily_limit": "0"}
    )
    assert response.status_code == 400


def test_an_absurd_buffer_is_refused(clock, bob_client):
    response = bob_client.post(
        "/availability/rules/", {"min_notice_minutes": "120", "buffer_minutes": "600", "daily_limit": "4"}
    )
    assert response.status_code == 400 and "between 0 and 240 minutes" in response.content.decode()
