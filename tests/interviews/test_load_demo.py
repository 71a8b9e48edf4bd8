"""`manage.py load_demo`: the accounts and a history that shows every page at work, loaded once."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from interviews.models import InterviewSession, SessionMode, SessionStatus, WeeklyWindow
from interviews.slots import open_slots
from questionbank.models import RoundKind
from questionbank.roles import is_curator, is_reviewer
from scoring import profile
from scoring.models import GoldSubmission, QueueItem, Review, ReviewerCalibration
from scoring.services import queue_claim_next

pytestmark = pytest.mark.django_db


def _counts():
    return (
        InterviewSession.objects.count(),
        Review.objects.count(),
        GoldSubmission.objects.count(),
        WeeklyWindow.objects.count(),
    )


def test_the_demo_shows_every_page_at_work_and_loading_twice_changes_nothing(client):
    call_command("load_demo")
    before = _counts()
    call_command("load_demo")
    assert _counts() == before
    candidate = authenticate(username="candidate", password="mockloop-demo")
    reviewer = authenticate(username="reviewer", password="mockloop-demo")
    curators = [authenticate(username=name, password="mockloop-demo") for name in ("curator", "curator2")]
    assert candidate and reviewer and all(curators)
    assert not is_reviewer(candidate) and is_reviewer(reviewer) and all(is_curator(c) for c in curators)
    assert WeeklyWindow.objects.filter(reviewer=reviewer).count() == 7

    # Gold rounds of every kind, and the reviewer calibrated on them: the queue is open to them.
    assert set(GoldSubmission.objects.values_list("round_kind", flat=True)) == set(RoundKind.values)
    calibrated = set(ReviewerCalibration.objects.filter(user=reviewer).values_list("round_kind", flat=True))
    assert calibrated == set(RoundKind.values)
    assert QueueItem.objects.filter(candidate=candidate, status="waiting").exists()
    assert queue_claim_next(reviewer=reviewer) is not None

    # The candidate: reviewed rounds of every kind, so readiness, debrief and plan are full.
    results = profile.results_for(profile.finished_sessions_with_results(user=candidate))
    assert {r.round_kind for r in results} == set(RoundKind.values)
    assert all(value is not None for value in profile.readiness(results).values())
    decision = profile.debrief_for(profile.finished_sessions_with_results(user=candidate)).decision
    assert decision.outcome in {"Hire", "Strong hire", "No hire"} and not decision.provisional

    # A booked round starting soon.
    booked = InterviewSession.objects.get(
        candidate=candidate, mode=SessionMode.BOOKED, status=SessionStatus.SCHEDULED
    )
    assert booked.starts_at is not None
    assert timezone.now() < booked.starts_at < timezone.now() + timedelta(hours=1)

    client.force_login(candidate)
    for url in ("/readiness/", "/debrief/", "/plan/", "/feedback/", "/bookings/"):
        page = client.get(url)
        assert page.status_code == 200, url
    assert open_slots(candidate=candidate, round_kind="ml_breadth")
