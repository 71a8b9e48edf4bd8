"""People and rounds: profiles, reviewer opt-ins, interview sessions, the questions in them and answers."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from questionbank.models import Domain, Level, QuestionVersion, RoundKind


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    time_zone = models.CharField(max_length=64, default="UTC")
    target_level = models.CharField(max_length=8, choices=Level.choices, default=Level.MID)
    target_domain = models.CharField(max_length=16, choices=Domain.choices, blank=True)
    # Granted by a curator: every timer of this candidate is multiplied by it (e.g. 1.5).
    accommodation_factor = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("3.00"))],
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class ReviewerRound(models.Model):
    """A round kind a user has opted in to review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_rounds"
    )
    round_kind = models.CharField(max_length=32, choices=RoundKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "round_kind"], name="unique_reviewer_round")]

    def __str__(self) -> str:
        return f"{self.user} reviews {self.round_kind}"


class SessionMode(models.TextChoices):
    PRACTICE = "practice", "Self-paced practice"
    BOOKED = "booked", "Booked with a reviewer"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    EXPIRED = "expired", "Expired"
    REVIEWED = "reviewed", "Reviewed"
    CANCELLED = "cancelled", "Cancelled"


class InterviewSession(models.Model):
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_sessions"
    )
    round_kind = models.CharField(max_length=32, choices=RoundKind.choices)
    mode = models.CharField(max_length=16, choices=SessionMode.choices, default=SessionMode.PRACTICE)
    status = models.CharField(max_length=16, choices=SessionStatus.choices, default=SessionStatus.IN_PROGRESS)
    duration_seconds = models.PositiveIntegerField(help_text="including any accommodation")
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["candidate", "-created_at"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_round_kind_display()} #{self.pk}"

    def accepts_answers(self, now: datetime | None = None) -> bool:
        """Saves are accepted until the deadline plus a short grace for the last autosave in flight."""
        now = now or timezone.now()
        if self.status != SessionStatus.IN_PROGRESS or self.deadline is None:
            return False
        return now <= self.deadline + timedelta(seconds=settings.DEADLINE_GRACE_SECONDS)

    def seconds_left(self, now: datetime | None = None) -> int:
        if self.deadline is None or self.status != SessionStatus.IN_PROGRESS:
            return 0
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))

    @property
    def is_finished(self) -> bool:
        return self.status in {SessionStatus.SUBMITTED, SessionStatus.REVIEWED, SessionStatus.EXPIRED}


class SessionQuestion(models.Model):
    """A question placed in a session, pinned to the exact version the candidate saw."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="items")
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="session_items"
    )
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="unique_session_position"),
        ]

    def __str__(self) -> str:
        return f"{self.session} Q{self.position}"


class Answer(models.Model):
    """What the candidate wrote for one question (or one design section of it). Saved on every keystroke pause."""

    item = models.ForeignKey(SessionQuestion, on_delete=models.CASCADE, related_name="answers")
    section = models.CharField(max_length=32, blank=True, help_text="design section key; empty otherwise")
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "section"], name="unique_answer_per_section")]

    def __str__(self) -> str:
        return f"Answer to {self.item} {self.section}".strip()
