"""`make run`'s demo: the question bank, the demo accounts and a history that shows every page at work.

Loaded once (idempotent: a second run changes nothing, apart from booking a fresh "starting soon" round
when the last one is over). Never run this in production.

What it builds, all through the same services the pages use:
- two curators (approval of bank changes needs two), who score gold rounds;
- `reviewer`, calibrated on those gold rounds for every round kind (so the review queue is open);
- `candidate`, with two reviewed rounds of every kind (feedback, readiness, debrief and plan pages
  full), one more ML breadth round waiting in the review queue, and a booked round starting soon;
- `sam`, a second candidate whose rounds serve as the gold rounds.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from interviews.availability import weekly_window_add
from interviews.bookings import booking_create
from interviews.models import (
    InterviewSession,
    OneOffSlot,
    Profile,
    SessionMode,
    SessionStatus,
    WeeklyWindow,
)
from interviews.services import answer_save, practice_start, profile_of, role_set, session_submit
from interviews.slots import open_slots
from questionbank.design_sections import DESIGN_SECTIONS
from questionbank.models import Domain, Level, RoundKind
from scoring import calibration, services
from scoring.models import Review

DEMO_PASSWORD = "mockloop-demo"
DEMO_USERS: list[tuple[str, str, str, bool, bool]] = [
    # username, target level, domain, reviews?, curator?
    ("candidate", Level.MID, Domain.NLP, False, False),
    ("reviewer", Level.SENIOR, Domain.RECSYS, True, False),
    ("curator", Level.SENIOR, "", True, True),
    ("curator2", Level.SENIOR, "", True, True),
    ("sam", Level.JUNIOR, Domain.CV, False, False),
]

# The candidate's story: per round kind, (older, newer) criterion levels and the newer recommendation.
# Weak at system design, strong at the deep dive, improving at ML breadth.
STORY: dict[str, tuple[int, int, int]] = {
    RoundKind.CODING: (2, 3, 3),
    RoundKind.ML_BREADTH: (2, 3, 3),
    RoundKind.ML_SYSTEM_DESIGN: (2, 2, 2),
    RoundKind.ML_DOMAIN: (3, 3, 3),
    RoundKind.PROJECT_DEEP_DIVE: (3, 4, 4),
    RoundKind.BEHAVIOURAL: (3, 3, 3),
}
ANSWERS: dict[str, str] = {
    RoundKind.CODING: "def solve(xs):\n    # one pass, O(n) time, O(1) extra space\n    best = 0\n"
    "    for x in xs:\n        best = max(best, x)\n    return best\n",
    RoundKind.ML_BREADTH: "Bias is error from wrong assumptions, variance from sensitivity to the training "
    "sample. Regularisation trades a little bias for less variance; I would check learning curves first.",
    RoundKind.ML_DOMAIN: "Tokenise with a subword vocabulary, fine-tune a pretrained encoder, and watch for "
    "label noise; evaluate per slice, not only overall.",
    RoundKind.PROJECT_DEEP_DIVE: "I led the ranking model migration: framed it as learning to rank, "
    "owned the offline metric, and ran the A/B test that shipped it (+2.1% engagement).",
    RoundKind.BEHAVIOURAL: "Situation: two teams disagreed on the launch date. Task: align them. Action: "
    "I wrote down both risks with owners. Result: we shipped a week later with no incident.",
}


class Command(BaseCommand):
    help = (
        "Load the question bank and the demo accounts and history (idempotent). Never run this in production."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_bank")
        with transaction.atomic():
            users = {row[0]: self._user(*row) for row in DEMO_USERS}
            reviewer = users["reviewer"]
            if not WeeklyWindow.objects.filter(reviewer=reviewer).exists():
                # Open slots to book from the start: every day 08:00-20:00 in the reviewer's zone.
                for weekday in range(7):
                    weekly_window_add(
                        reviewer=reviewer, weekday=weekday, start_time=time(8), end_time=time(20)
                    )
            if not Review.objects.filter(reviewer=users["curator"]).exists():
                self._history(users)
        self._booked_soon(users["candidate"], reviewer)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts ready: {', '.join(name for name, *_ in DEMO_USERS)} (password: {DEMO_PASSWORD})."
            )
        )

    def _user(self, username: str, level: str, domain: str, reviews: bool, curates: bool) -> User:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@mockloop.invalid"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_active = True  # verified: demo accounts have no mailbox to confirm (docs/security.md)
        user.save()
        Profile.objects.update_or_create(
            user=user,
            defaults={"target_level": level, "target_domain": domain, "time_zone": "Europe/London"},
        )
        if reviews:
            role_set(user=user, role="reviewer")
        if curates:
            role_set(user=user, role="curator")
        return user

    # --- The history, through the services ------------------------------------------------------

    def _history(self, users: dict[str, User]) -> None:
        now = timezone.now()
        curators = [users["curator"], users["curator2"]]
        # Gold rounds: two of each kind by sam, scored by a curator; then the reviewer calibrates on them.
        for index, kind in enumerate(RoundKind.values):
            for attempt in range(2):
                when = now - timedelta(days=40 - index, hours=attempt * 2)
                session = self._round(users["sam"], kind, when)
                curator = curators[attempt]
                gold = calibration.gold_mark(session=session, curator=curator, now=when + timedelta(hours=1))
                self._review(gold, 3, 3, when + timedelta(hours=1), "Gold")
        for index, kind in enumerate(RoundKind.values):
            for attempt in range(2):
                when = now - timedelta(days=30 - index, hours=attempt)
                review = calibration.calibration_start(reviewer=users["reviewer"], round_kind=kind, now=when)
                self._review(review, 3, 3, when, "Calibration")
        # The candidate's rounds, each reviewed by the reviewer and a curator (two reviews a round).
        candidate = users["candidate"]
        for index, (kind, (older, newer, recommendation)) in enumerate(STORY.items()):
            for days_ago, level, rec in (
                (20 - index, older, max(1, recommendation - 1)),
                (7 - index, newer, recommendation),
            ):
                when = now - timedelta(days=days_ago)
                self._round(candidate, kind, when)
                for n, reviewer in enumerate([users["reviewer"], curators[index % 2]]):
                    at = when + timedelta(hours=2 + n)
                    claimed = services.queue_claim_next(reviewer=reviewer, now=at)
                    assert claimed is not None, f"nothing in the queue for {reviewer}"
                    # The second reviewer is a point kinder on the first criterion: a split shows as a median.
                    self._review(claimed, level, rec, at, "Peer", bump_first=n == 1)
        # One more ML breadth round, waiting in the queue: the reviewer has something to take.
        self._round(candidate, RoundKind.ML_BREADTH, now - timedelta(hours=3))
        services.queue_sync(now=now)

    def _round(self, user: User, kind: str, when: datetime) -> InterviewSession:
        session = practice_start(candidate=user, round_kind=kind, now=when)
        for item in session.items.all():
            if kind == RoundKind.ML_SYSTEM_DESIGN:
                for key, title, _ in DESIGN_SECTIONS[:5]:
                    answer_save(session=session, item=item, section=key, text=f"{title}: my plan.", now=when)
            else:
                answer_save(session=session, item=item, text=ANSWERS[kind], now=when)
        session_submit(session=session, now=when + timedelta(minutes=30))
        return session

    def _review(
        self,
        review: Review,
        level: int,
        recommendation: int,
        when: datetime,
        who: str,
        bump_first: bool = False,
    ) -> Review:
        keys = [c["key"] for c in review.rubric_version.criteria]
        scores: dict[str, int | None] = {key: level for key in keys}
        if bump_first and keys:
            scores[keys[0]] = min(4, level + 1)
        if review.grader_level is not None:  # coding: keep the grader's correctness level
            grader_key = next(c["key"] for c in review.rubric_version.criteria if c.get("from_grader"))
            scores[grader_key] = review.grader_level
        data = services.ReviewInput(
            scores=scores,
            comments={
                key: f"{who} review: level {scores[key]} on this criterion, with an example." for key in keys
            },
            recommendation=recommendation,
            summary=f"{who} review. Clear structure; go deeper on trade-offs and failure modes.",
        )
        return services.review_submit(review=review, data=data, now=when + timedelta(minutes=20))

    def _booked_soon(self, candidate: User, reviewer: User) -> None:
        """A booked ML breadth round with the reviewer starting within the next half hour."""
        now = timezone.now()
        upcoming = InterviewSession.objects.filter(
            candidate=candidate, mode=SessionMode.BOOKED, status=SessionStatus.SCHEDULED, starts_at__gt=now
        )
        if upcoming.exists():
            return
        with transaction.atomic():
            profile = profile_of(reviewer)
            profile.min_notice_minutes = 15  # the demo reviewer takes short-notice bookings
            profile.save(update_fields=["min_notice_minutes"])
            quarter = now.replace(second=0, microsecond=0) + timedelta(minutes=15 - now.minute % 15)
            start = quarter + timedelta(minutes=15)
            OneOffSlot.objects.get_or_create(
                reviewer=reviewer, starts_at=start, ends_at=start + timedelta(hours=2)
            )
            slots = open_slots(candidate=candidate, round_kind=RoundKind.ML_BREADTH, now=now, days=1)
            slot = next((s for s in slots if s.reviewer_id == reviewer.pk), None)
            if slot is None:
                self.stdout.write("No open slot for the demo's booked round; book one on /book/.")
                return
            booking_create(
                candidate=candidate,
                reviewer_id=reviewer.pk,
                round_kind=RoundKind.ML_BREADTH,
                starts_at=slot.starts_at,
                now=now,
            )
