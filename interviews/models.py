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
    # A reviewer's booking rules, applied in their own time zone (interviews/slots.py).
    min_notice_minutes = models.PositiveIntegerField(
        default=120, help_text="How long before a session it can still be booked."
    )
    buffer_minutes = models.PositiveIntegerField(default=10, help_text="Free time kept between sessions.")
    daily_limit = models.PositiveIntegerField(
        default=4, validators=[MinValueValidator(1)], help_text="Most sessions you review in one day."
    )
    meeting_url = models.URLField(
        blank=True, help_text="Your video meeting link; each booked session starts with it."
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def round_seconds(self, duration_minutes: int) -> int:
        """A round's length for this person: the curator's duration times their accommodation factor."""
        return int(duration_minutes * 60 * float(self.accommodation_factor))


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
    # --- Booked sessions only (mode=booked); see interviews/bookings.py ---
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_sessions",
    )
    loop = models.ForeignKey(
        "Loop", null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    # The other half of a peer swap: the session right after this one, roles reversed.
    swap_partner = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    video_url = models.URLField(blank=True)
    project_brief = models.TextField(blank=True)
    # Calendar invites: UID is derived from the pk; SEQUENCE goes up on every change of the event.
    ics_sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True, help_text="last booking or reschedule")
    reminder_24h_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_1h_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(blank=True, help_text="optional, shown to the other side")
    candidate_absent = models.BooleanField(default=False)
    reviewer_absent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["candidate", "-created_at"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["reviewer", "starts_at"]),
            models.Index(fields=["candidate", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            # The last line of defence against double booking: the booking services also lock both
            # people's profile rows and check overlaps and buffers (interviews/slots.py); on PostgreSQL
            # an exclusion constraint (migration 0003) also forbids overlapping time ranges.
            models.UniqueConstraint(
                fields=["reviewer", "starts_at"],
                condition=~models.Q(status="cancelled"),
                name="unique_reviewer_start",
            ),
            models.UniqueConstraint(
                fields=["candidate", "starts_at"],
                condition=~models.Q(status="cancelled"),
                name="unique_candidate_start",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
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

    @property
    def is_booked(self) -> bool:
        return self.mode == SessionMode.BOOKED

    def shows_candidate(self, item: SessionQuestion) -> bool:
        """Whether the candidate may see this question. A booked round shows nothing before it was opened
        at its start time (not even the first question, revealed at booking), then what was revealed."""
        if self.mode != SessionMode.BOOKED:
            return True
        return self.started_at is not None and item.revealed_at is not None

    def ics_uid(self) -> str:
        """Stable for the life of the session, so calendars update the same event on every change."""
        return f"mockloop-session-{self.pk}@mockloop"

    def seconds_until_start(self, now: datetime | None = None) -> int:
        if self.starts_at is None:
            return 0
        return max(0, int((self.starts_at - (now or timezone.now())).total_seconds()))

    @property
    def booked_at(self) -> datetime:
        """When this time was booked: the last booking or reschedule."""
        return self.changed_at or self.created_at

    def other_side(self, user: object) -> object:
        """The reviewer for the candidate and the candidate for the reviewer."""
        return self.reviewer if user == self.candidate else self.candidate

    # --- Changing a booking: the cut-off rules, in one place (services, pages and the API read them) ---

    def changeable_until(self) -> datetime | None:
        """A scheduled session can be moved (and cancelled) up to the cut-off before its start."""
        if self.status != SessionStatus.SCHEDULED or self.starts_at is None:
            return None
        return self.starts_at - timedelta(hours=settings.BOOKING_CHANGE_CUTOFF_HOURS)

    def free_cancel_until(self) -> datetime:
        """The end of the free-cancel window after booking (a misclick, or a slot booked close to its
        start), which holds whatever the cut-off."""
        return self.booked_at + timedelta(minutes=settings.BOOKING_FREE_CANCEL_MINUTES)

    def can_move(self, now: datetime) -> bool:
        until = self.changeable_until()
        return until is not None and now <= until

    def can_cancel(self, now: datetime) -> bool:
        """Up to the cut-off, or within the free-cancel window after booking, as long as the session
        has not started."""
        if self.can_move(now):
            return True
        if self.status != SessionStatus.SCHEDULED or self.starts_at is None:
            return False
        return now < self.starts_at and now <= self.free_cancel_until()


class SessionQuestion(models.Model):
    """A question placed in a session, pinned to the exact version the candidate saw."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="items")
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="session_items"
    )
    position = models.PositiveIntegerField()
    # Booked sessions: a question is shown to the candidate once the reviewer reveals it (the first one
    # at booking), and so are its follow-ups, counted from the top of `reviewer_notes["follow_ups"]`.
    revealed_at = models.DateTimeField(null=True, blank=True)
    follow_ups_revealed = models.PositiveIntegerField(default=0)

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
    # Design sections: seconds the candidate has spent in this section (measured by the page while it
    # has focus, never more than the round has lasted), shown beside the section's time budget.
    seconds_spent = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "section"], name="unique_answer_per_section")]

    def __str__(self) -> str:
        return f"Answer to {self.item} {self.section}".strip()


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeeklyWindow(models.Model):
    """A reviewer's recurring availability, in wall-clock time of the reviewer's own time zone."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_windows"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="weekly_window_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class OneOffSlot(models.Model):
    """A one-off stretch of availability (stored in UTC; entered in the reviewer's time zone)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_off_slots"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["reviewer", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="one_off_slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.starts_at:%Y-%m-%d %H:%M}"


class Loop(models.Model):
    """A candidate's booked loop: the six rounds or a subset, each a booked session pointing here."""

    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loops")
    round_kinds = models.JSONField(help_text="the round kinds asked for, in loop order")
    # How the rounds were placed: True all on one day, False one a day, None as soon as possible.
    one_day = models.BooleanField(null=True, default=None)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Loop #{self.pk} of {self.candidate}"


class ReviewerScratchpad(models.Model):
    """The reviewer's private notes during a live session. Never rendered on any candidate page."""

    session = models.OneToOneField(InterviewSession, on_delete=models.CASCADE, related_name="scratchpad")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Scratchpad of {self.session}"


class BookingEmail(models.Model):
    """An email about a booking still to be sent to both sides: the outbox.

    Written in the booking's own transaction, so a broker or a mail server that is down delays the email
    but never loses it (docs/architecture.md, "Booking"). A sender claims the row by moving
    `next_attempt_at` ahead (the claim doubles as the retry delay); the beat job sends whatever is due.
    """

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} email for {self.session_id}"


class AccountEmailRequest(models.Model):
    """One anonymous request that may send an email (password reset, sign-up, verification resend).

    Rows live for EMAIL_RATE_WINDOW_SECONDS and are counted by interviews.login_limits, in the database so
    the limit holds when Redis is down. The email is stored only as a SHA-256 digest."""

    class Kind(models.TextChoices):
        PASSWORD_RESET = "password_reset"
        SIGNUP = "signup"
        VERIFY_RESEND = "verify_resend"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    address = models.GenericIPAddressField()
    email_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "created_at"], name="email_request_address")]

    def __str__(self) -> str:
        return f"{self.kind} from {self.address} at {self.created_at:%Y-%m-%d %H:%M}"
