"""The ownership sweep, generated from the API's URL configuration: for every route with an object id,
another candidate (charlie), a reviewer not assigned to it (dave) and an anonymous client are refused with
401, 403 or 404, for every method the route has. A new route with an id fails
`test_every_route_with_an_id_has_an_owner_fixture` until OBJECTS says whose object it takes."""

from collections.abc import Callable
from datetime import UTC, datetime, time

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from config import api_urls
from interviews.models import Loop, OneOffSlot, SessionStatus, WeeklyWindow
from questionbank.models import Question, RoundKind, Rubric, Status
from scoring import services as scoring_services
from scoring.models import QueueItem, Review, ReviewFlag, ReviewKind, ReviewStatus, Submission
from tests.factories import QuestionFactory, persona
from tests.scoring.builders import bank_rubrics, booked_round, make_reviewer, submitted_round

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _routes() -> list[URLPattern]:
    return [p for p in api_urls.urlpatterns if p.pattern.converters and p.name != "not-found"]


def _methods(pattern: URLPattern) -> list[str]:
    view = pattern.callback.view_class  # type: ignore[attr-defined]  # set by as_view()
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]


class World:
    """alice's objects, bob assigned to review her booked round and her practice round, carol curating."""

    def __init__(self, alice, bob, carol):
        self.alice, self.bob, self.carol = alice, bob, carol
        bank_rubrics()
        for _ in range(3):
            QuestionFactory(round_kind=RoundKind.ML_BREADTH)
        self.practice = submitted_round(alice)
        item = self.practice.items.first()
        assert item
        self.item = item
        self.booked = booked_round(alice, bob)
        self.submission = Submission.objects.create(
            user=alice, item=self.item, question_version=self.item.question_version, kind="submit", code="x"
        )
        self.window = WeeklyWindow.objects.create(
            reviewer=bob, weekday=0, start_time=time(9), end_time=time(17)
        )
        self.one_off = OneOffSlot.objects.create(
            reviewer=bob,
            starts_at=datetime(2031, 1, 1, 9, tzinfo=UTC),
            ends_at=datetime(2031, 1, 1, 12, tzinfo=UTC),
        )
        self.loop = Loop.objects.create(candidate=alice, round_kinds=[RoundKind.ML_BREADTH])
        scoring_services.queue_sync()
        self.queue_item = QueueItem.objects.get(session=self.practice)
        self.review = Review.objects.create(
            session=self.practice,
            reviewer=bob,
            kind=ReviewKind.PEER,
            status=ReviewStatus.SUBMITTED,
            rubric_version=self.queue_item.rubric_version,
            claimed_at=timezone.now(),
            submitted_at=timezone.now(),
            scores={},
        )
        self.flag = ReviewFlag.objects.create(
            review=self.review, raised_by=alice, reason="unfair", created_at=timezone.now()
        )
        self.draft = QuestionFactory(slug="draft-question", status=Status.DRAFT)
        self.draft_rubric = Rubric.objects.create(
            slug="draft-rubric", round_kind=RoundKind.CODING, status=Status.DRAFT
        )


# Route name -> (owner, URL kwargs). The owner must be let in (checked for GET); everyone else refused.
OBJECTS: dict[str, Callable[[World], tuple[object, dict[str, object]]]] = {
    "session-detail": lambda w: (w.alice, {"session_id": w.practice.pk}),
    "answer-save": lambda w: (w.alice, {"session_id": w.practice.pk, "item_id": w.item.pk}),
    "submission-create": lambda w: (w.alice, {"session_id": w.practice.pk, "item_id": w.item.pk}),
    "session-submit": lambda w: (w.alice, {"session_id": w.practice.pk}),
    "session-results": lambda w: (w.alice, {"session_id": w.practice.pk}),
    "submission-detail": lambda w: (w.alice, {"submission_id": w.submission.pk}),
    "weekly-window-detail": lambda w: (w.bob, {"window_id": w.window.pk}),
    "one-off-slot-detail": lambda w: (w.bob, {"slot_id": w.one_off.pk}),
    "booking-detail": lambda w: (w.alice, {"session_id": w.booked.pk}),
    "booking-cancel": lambda w: (w.alice, {"session_id": w.booked.pk}),
    "booking-reschedule": lambda w: (w.alice, {"session_id": w.booked.pk}),
    "booking-no-show": lambda w: (w.alice, {"session_id": w.booked.pk}),
    "booking-video": lambda w: (w.alice, {"session_id": w.booked.pk}),
    "booking-brief": lambda w: (w.alice, {"session_id": w.booked.pk}),
    "loop-detail": lambda w: (w.alice, {"loop_id": w.loop.pk}),
    "loop-debrief": lambda w: (w.alice, {"loop_id": w.loop.pk}),
    "loop-cancel": lambda w: (w.alice, {"loop_id": w.loop.pk}),
    "loop-move": lambda w: (w.alice, {"loop_id": w.loop.pk}),
    "live-review": lambda w: (w.bob, {"session_id": w.booked.pk}),
    "live-reveal": lambda w: (w.bob, {"session_id": w.booked.pk}),
    "live-scratchpad": lambda w: (w.bob, {"session_id": w.booked.pk}),
    "live-review-start": lambda w: (w.bob, {"session_id": w.booked.pk}),
    "review-detail": lambda w: (w.bob, {"review_id": w.review.pk}),
    "review-submit": lambda w: (w.bob, {"review_id": w.review.pk}),
    "review-release": lambda w: (w.bob, {"review_id": w.review.pk}),
    "calibration-start": lambda w: (w.bob, {"round_kind": RoundKind.BEHAVIOURAL}),
    "feedback-detail": lambda w: (w.alice, {"review_id": w.review.pk}),
    "feedback-rate": lambda w: (w.alice, {"review_id": w.review.pk}),
    "feedback-flag": lambda w: (w.alice, {"review_id": w.review.pk}),
    "escalated-claim": lambda w: (w.carol, {"queue_item_id": w.queue_item.pk}),
    "flag-resolve": lambda w: (w.carol, {"flag_id": w.flag.pk}),
    "gold-mark": lambda w: (w.carol, {"session_id": w.practice.pk}),
    **{
        name: (lambda w: (w.carol, {"slug": w.draft.slug}))
        for name in ["question-detail", "question-versions", "question-validation"]
        + [f"question-{a}" for a in ("submit", "withdraw", "approve", "retire", "restore")]
    },
    **{
        name: (lambda w: (w.carol, {"slug": w.draft_rubric.slug}))
        for name in ["rubric-detail", "rubric-versions"]
        + [f"rubric-{a}" for a in ("submit", "withdraw", "approve", "retire", "restore")]
    },
}

ROUTES = sorted(_routes(), key=lambda p: str(p.name))


def test_every_route_with_an_id_has_an_owner_fixture():
    missing = sorted({str(p.name) for p in ROUTES} - set(OBJECTS))
    assert not missing, f"add these API routes to OBJECTS in {__file__}: {missing}"
    assert not set(OBJECTS) - {str(p.name) for p in ROUTES}, "OBJECTS names a route that no longer exists"


@pytest.fixture
def world(alice, bob, carol):
    return World(alice, bob, carol)


@pytest.fixture
def outsiders(charlie):
    dave = persona("dave")
    make_reviewer(dave, RoundKind.ML_BREADTH, RoundKind.CODING)  # a calibrated reviewer, assigned nothing
    return {"charlie": client_for(charlie), "dave": client_for(dave), "anonymous": APIClient()}


@pytest.mark.parametrize("pattern", ROUTES, ids=[p.name for p in ROUTES])
def test_others_are_refused(world, outsiders, pattern):
    owner, kwargs = OBJECTS[str(pattern.name)](world)
    url = reverse(f"api:{pattern.name}", kwargs=kwargs)
    for who, client in outsiders.items():
        for method in _methods(pattern):
            response = getattr(client, method)(url, {}, format="json")
            assert response.status_code in (401, 403, 404), (who, method, url, response.status_code)
            assert "detail" in response.json()
    if "get" in _methods(pattern):
        response = client_for(owner).get(url)
        assert response.status_code == 200, (url, response.status_code, response.json())


def test_nothing_in_the_sweep_changed_the_objects(world, outsiders):
    for pattern in ROUTES:
        _, kwargs = OBJECTS[str(pattern.name)](world)
        url = reverse(f"api:{pattern.name}", kwargs=kwargs)
        for client in outsiders.values():
            for method in _methods(pattern):
                getattr(client, method)(url, {}, format="json")
    world.booked.refresh_from_db()
    assert world.booked.status == SessionStatus.SUBMITTED
    assert Question.objects.get(slug="draft-question").status == Status.DRAFT
    assert Review.objects.filter(pk=world.review.pk).exists()
    assert WeeklyWindow.objects.filter(pk=world.window.pk).exists()
