"""The peer queue: who gets what, K places, claims that expire, give to get, escalation, no deadlock."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone

from config.errors import ApplicationError
from interviews.models import InterviewSession, SessionStatus
from interviews.services import expire_overdue_sessions, practice_start
from questionbank.models import RoundKind
from scoring import services
from scoring.models import QueueItem, QueueStatus, Review, ReviewStatus
from tests.factories import ProfileFactory, UserFactory

from .builders import claim_next, full_input, make_reviewer, questions, review_next, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]


def _person(name, *kinds):
    user = ProfileFactory(user=UserFactory(username=name)).user
    return make_reviewer(user, *kinds) if kinds else user


def test_submitted_rounds_with_answers_are_enqueued_once(alice, breadth_questions):
    session = submitted_round(alice)
    assert services.queue_sync() == 1
    assert services.queue_sync() == 0
    item = QueueItem.objects.get(session=session)
    assert item.reviews_needed == 2 and item.status == QueueStatus.WAITING
    assert item.rubric_version == services.rubric_version_for_kind(RoundKind.ML_BREADTH)


def test_blank_and_unfinished_rounds_are_not_enqueued(alice, breadth_questions):
    submitted_round(alice, text="")
    practice_start(candidate=alice, round_kind=RoundKind.ML_BREADTH)  # still in progress
    assert services.queue_sync() == 0


def test_rounds_submitted_automatically_in_bulk_are_enqueued(alice, breadth_questions):
    from interviews.services import answer_save

    session = practice_start(candidate=alice, round_kind=RoundKind.ML_BREADTH)
    answer_save(session=session, item=session.items.all()[0], text="half an answer")
    assert session.deadline is not None
    with time_machine.travel(session.deadline + timedelta(minutes=5)):
        assert expire_overdue_sessions() == 1
        assert services.queue_sync() == 1


def test_k_follows_the_setting(alice, breadth_questions, settings):
    settings.REVIEWS_PER_SUBMISSION = 3
    submitted_round(alice)
    services.queue_sync()
    assert QueueItem.objects.get().reviews_needed == 3


def test_a_reviewer_never_gets_their_own_round(breadth_questions):
    bob = _person("bob", RoundKind.ML_BREADTH)
    submitted_round(bob)
    assert services.queue_claim_next(reviewer=bob) is None


def test_a_reviewer_only_gets_kinds_they_review_and_are_calibrated_for(alice, breadth_questions):
    submitted_round(alice)
    not_calibrated = make_reviewer(_person("nina"), RoundKind.ML_BREADTH, calibrated=False)
    with pytest.raises(ApplicationError, match="calibration"):
        services.queue_claim_next(reviewer=not_calibrated)
    coder = _person("cody", RoundKind.CODING)
    assert services.queue_claim_next(reviewer=coder) is None
    assert services.queue_claim_next(reviewer=_person("bea", RoundKind.ML_BREADTH)) is not None


def test_a_reviewer_holds_one_claim_at_a_time_and_gets_it_back(alice, charlie, breadth_questions):
    submitted_round(alice)
    submitted_round(charlie)
    bob = _person("bob", RoundKind.ML_BREADTH)
    first = claim_next(reviewer=bob)
    assert services.queue_claim_next(reviewer=bob) == first
    assert Review.objects.filter(reviewer=bob).count() == 1


def test_each_round_gets_exactly_k_independent_reviewers(alice, breadth_questions):
    submitted_round(alice)
    reviewers = [_person(name, RoundKind.ML_BREADTH) for name in ("r1", "r2", "r3")]
    assert services.queue_claim_next(reviewer=reviewers[0]) is not None
    assert services.queue_claim_next(reviewer=reviewers[1]) is not None
    assert services.queue_claim_next(reviewer=reviewers[2]) is None  # both places are claimed


def test_a_reviewer_never_reviews_the_same_round_twice(alice, breadth_questions):
    submitted_round(alice)
    bob = _person("bob", RoundKind.ML_BREADTH)
    review_next(bob)
    assert services.queue_claim_next(reviewer=bob) is None


def test_the_round_is_reviewed_once_k_reviews_are_in(alice, breadth_questions):
    session = submitted_round(alice)
    review_next(_person("r1", RoundKind.ML_BREADTH))
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED
    review_next(_person("r2", RoundKind.ML_BREADTH))
    session.refresh_from_db()
    assert session.status == SessionStatus.REVIEWED
    assert QueueItem.objects.get(session=session).status == QueueStatus.COMPLETE


def test_a_claim_not_finished_in_time_is_released(alice, breadth_questions, settings):
    submitted_round(alice)
    bob, dave, erin = (_person(n, RoundKind.ML_BREADTH) for n in ("bob", "dave", "erin"))
    now = timezone.now()
    claim = claim_next(reviewer=bob, now=now)
    services.queue_claim_next(reviewer=dave, now=now)
    assert services.queue_claim_next(reviewer=erin, now=now) is None
    later = now + timedelta(minutes=settings.REVIEW_CLAIM_MINUTES + 1)
    with pytest.raises(ApplicationError, match="ran out"):
        services.review_save(review=claim, data=full_input(claim), now=later)
    assert services.review_claims_release_expired(now=later) == 2
    assert not Review.objects.filter(pk=claim.pk).exists()
    assert services.queue_claim_next(reviewer=erin, now=later) is not None


def test_give_to_get_reviews_the_givers_rounds_sooner(breadth_questions):
    """Two rounds wait; the one whose author reviewed someone else's round is handed out first."""
    start = timezone.now()
    taker = _person("taker", RoundKind.ML_BREADTH)
    giver = _person("giver", RoundKind.ML_BREADTH)
    third = _person("third")
    with time_machine.travel(start):
        taker_round = submitted_round(taker)
    with time_machine.travel(start + timedelta(hours=1)):
        giver_round = submitted_round(giver)
        submitted_round(third)
        review_next(giver)  # the giver reviews (the oldest round first: the taker's)
    item = QueueItem.objects.get(session=giver_round)
    assert item.priority_at < QueueItem.objects.get(session=taker_round).priority_at
    with time_machine.travel(start + timedelta(hours=2)):
        next_review = claim_next(reviewer=_person("fresh", RoundKind.ML_BREADTH))
    assert next_review.session == giver_round


def test_rounds_waiting_too_long_go_to_the_curators(alice, breadth_questions, settings):
    session = submitted_round(alice)
    services.queue_sync()
    assert session.submitted_at is not None
    later = session.submitted_at + timedelta(hours=settings.REVIEW_ESCALATE_AFTER_HOURS + 1)
    assert services.queue_escalate_waiting(now=later) == 1
    assert QueueItem.objects.get().status == QueueStatus.ESCALATED


def test_a_curators_review_completes_an_escalated_round(alice, carol, breadth_questions, settings):
    session = submitted_round(alice)
    services.queue_sync()
    later = timezone.now() + timedelta(hours=settings.REVIEW_ESCALATE_AFTER_HOURS + 1)
    services.queue_escalate_waiting(now=later)
    item = QueueItem.objects.get()
    review = services.queue_claim_escalated(curator=carol, queue_item_id=item.pk, now=later)
    services.review_submit(review=review, data=full_input(review), now=later)
    item.refresh_from_db()
    session.refresh_from_db()
    assert item.status == QueueStatus.COMPLETE and session.status == SessionStatus.REVIEWED


def test_only_curators_take_escalated_rounds(alice, bob, breadth_questions, settings):
    submitted_round(alice)
    services.queue_sync()
    services.queue_escalate_waiting(now=timezone.now() + timedelta(days=30))
    with pytest.raises(PermissionDenied):  # a missing role: 403 on pages and API alike
        services.queue_claim_escalated(curator=bob, queue_item_id=QueueItem.objects.get().pk)


def test_the_queue_never_deadlocks_with_a_small_pool(carol, breadth_questions):
    """Three ML breadth candidates who review each other: every round is fully reviewed by peers alone.
    Two behavioural candidates who review each other: each round has only one eligible peer, so after
    the escalation delay the curators finish what peers cannot.

    Simulates a week in one-hour steps: everyone takes whatever the queue offers each hour, the beat job
    runs, and carol works through the curators' queue. No round may be left waiting.
    """
    questions(RoundKind.BEHAVIOURAL, 8)
    trio = [_person(n, RoundKind.ML_BREADTH) for n in ("p1", "p2", "p3")]
    pair = [_person(n, RoundKind.BEHAVIOURAL) for n in ("q1", "q2")]
    start = timezone.now()
    with time_machine.travel(start):
        for person in trio:
            submitted_round(person)
        for person in pair:
            submitted_round(person, RoundKind.BEHAVIOURAL)
    for hour in range(24 * 7):
        now = start + timedelta(hours=hour)
        with time_machine.travel(now):
            services.queue_maintain(now=now)
            for person in trio + pair:
                review = services.queue_claim_next(reviewer=person, now=now)
                if review is not None:
                    services.review_submit(review=review, data=full_input(review), now=now)
            for item in QueueItem.objects.filter(status=QueueStatus.ESCALATED):
                review = services.queue_claim_escalated(curator=carol, queue_item_id=item.pk, now=now)
                services.review_submit(review=review, data=full_input(review), now=now)
        if not QueueItem.objects.exclude(status=QueueStatus.COMPLETE).exists():
            break
    assert QueueItem.objects.count() == 5
    assert not QueueItem.objects.exclude(status=QueueStatus.COMPLETE).exists()
    assert not InterviewSession.objects.exclude(status=SessionStatus.REVIEWED).exists()
    for person in trio:
        reviews = Review.objects.filter(session__candidate=person, status=ReviewStatus.SUBMITTED)
        assert reviews.count() == 2 and not reviews.filter(kind="curator").exists()
    for person in pair:
        reviews = Review.objects.filter(session__candidate=person, status=ReviewStatus.SUBMITTED)
        assert sorted(reviews.values_list("kind", flat=True)) == ["curator", "peer"]
    assert not Review.objects.filter(session__candidate=F("reviewer")).exists()
