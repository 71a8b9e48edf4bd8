"""Submissions and verdicts, filled-in reviews, calibration and profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from interviews.models import InterviewSession, SessionQuestion
from questionbank.models import QuestionVersion, RedFlag, RoundKind, RubricVersion

# --- Submissions and verdicts ---------------------------------------------------------------------


class SubmissionKind(models.TextChoices):
    EXAMPLES = "examples", "Run examples"
    SUBMIT = "submit", "Submit"
    CUSTOM = "custom", "Run with custom input"


class SubmissionStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Graded"
    FAILED = "failed", "Could not be graded"


class Submission(models.Model):
    """One run of a candidate's code against a problem version. Saved before it is queued, so never lost."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    item = models.ForeignKey(
        SessionQuestion, null=True, blank=True, on_delete=models.CASCADE, related_name="submissions"
    )
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(max_length=16, choices=SubmissionKind.choices)
    code = models.TextField()
    status = models.CharField(
        max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    verdict = models.CharField(max_length=8, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="weighted share of passed tests, 0..1")
    passed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # The judge's full report: hidden inputs and outputs included, so curators only. Candidates see
    # `candidate_report`, built by the judge's own safe view.
    report = models.JSONField(null=True, blank=True)
    candidate_report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    sandbox_backend = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the task was last handed to the broker; null when the broker did not take it (the beat job
    # sends those at its next run) - docs/judge.md, "Task lifecycle".
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # Set by the claim and renewed by the grading worker's heartbeat: once it has passed, the worker is
    # presumed dead and another may take the row over. `started_at` identifies the claim (a fence).
    started_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rejudge_batch = models.ForeignKey(
        "RejudgeBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    # A key the client makes per click (the page, or the API's Idempotency-Key header): a repeated post
    # with the same key returns the first submission instead of making a second.
    idempotency_key = models.CharField(max_length=64, blank=True)
    # "Run with custom input": the candidate's arguments as tagged JSON ({"args": [...], "kwargs": {...}}).
    custom_input = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["item", "-created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_submission_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"Submission #{self.pk} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in {SubmissionStatus.QUEUED, SubmissionStatus.RUNNING}


class MaterialisedTests(models.Model):
    """The concrete tests of a coding problem version (generated ones computed once, in the sandbox)."""

    question_version = models.OneToOneField(QuestionVersion, on_delete=models.CASCADE, related_name="+")
    tests = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Tests of {self.question_version_id}"


class RejudgeBatch(models.Model):
    """A curator's rejudge of a problem's past submissions after its tests changed."""

    question_version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Rejudge #{self.pk}"


# --- Reviews, calibration and profiles ------------------------------------------------------------
# docs/scoring.md describes the rules; scoring/maths.py holds the arithmetic.


class Recommendation(models.IntegerChoices):
    STRONG_NO_HIRE = 1, "Strong no hire"
    LEAN_NO_HIRE = 2, "Lean no hire"
    LEAN_HIRE = 3, "Lean hire"
    STRONG_HIRE = 4, "Strong hire"


class ReviewKind(models.TextChoices):
    PEER = "peer", "Peer review"
    LIVE = "live", "Live session review"
    CURATOR = "curator", "Curator review"
    GOLD = "gold", "Gold scores"
    CALIBRATION = "calibration", "Calibration attempt"


# Reviews that are feedback to the candidate and count towards the aggregate. Calibration attempts are
# practice for the reviewer: never shown to the candidate, never aggregated.
COUNTED_KINDS = (ReviewKind.PEER, ReviewKind.LIVE, ReviewKind.CURATOR, ReviewKind.GOLD)
# Kinds taken from a queue, which hold a claim with a deadline.
CLAIMED_KINDS = (ReviewKind.PEER, ReviewKind.CURATOR)


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class QueueStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for reviews"
    ESCALATED = "escalated", "Waiting for a curator"
    COMPLETE = "complete", "Reviewed"


class QueueItem(models.Model):
    """A submitted self-paced round waiting for `reviews_needed` independent reviews.

    Every review of the round pins `rubric_version`, so per-criterion medians compare like with like.
    `priority_at` is `enqueued_at` moved earlier by the candidate's give-to-get credit; the queue hands
    out the earliest first.
    """

    session = models.OneToOneField(InterviewSession, on_delete=models.CASCADE, related_name="queue_item")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round_kind = models.CharField(max_length=32, choices=RoundKind.choices)
    rubric_version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="+")
    reviews_needed = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=QueueStatus.choices, default=QueueStatus.WAITING)
    enqueued_at = models.DateTimeField()
    priority_at = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "round_kind", "priority_at"]),
            models.Index(fields=["candidate", "status"]),
        ]

    def __str__(self) -> str:
        return f"Queue item for {self.session}"

    @property
    def is_open(self) -> bool:
        return self.status != QueueStatus.COMPLETE


class Review(models.Model):
    """One reviewer's rubric scores for one round. Scores and comments are keyed by criterion key."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_given"
    )
    kind = models.CharField(max_length=16, choices=ReviewKind.choices)
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    rubric_version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="reviews")
    scores = models.JSONField(default=dict, blank=True)  # {"criterion_key": 1..4}
    comments = models.JSONField(default=dict, blank=True)  # {"criterion_key": "text"}
    red_flags = models.ManyToManyField(RedFlag, blank=True, related_name="reviews")
    recommendation = models.PositiveSmallIntegerField(choices=Recommendation.choices, null=True, blank=True)
    summary = models.TextField(blank=True)
    # Coding rounds: the grader's share of hidden tests passed when the review started, and the level it
    # maps to. The reviewer may score correctness differently, with a reason.
    grader_score = models.FloatField(null=True, blank=True)
    grader_level = models.PositiveSmallIntegerField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    # An unfair-review flag upheld by a curator: the review no longer counts.
    discounted = models.BooleanField(default=False)
    claimed_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="queue claims are released after this")
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "reviewer"], name="one_review_per_reviewer_per_session"
            )
        ]
        indexes = [
            models.Index(fields=["reviewer", "status"]),
            models.Index(fields=["session", "status"]),
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.session} by {self.reviewer_id}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def counts(self) -> bool:
        return self.is_submitted and self.kind in COUNTED_KINDS and not self.discounted

    @property
    def criteria(self) -> list[dict[str, object]]:
        return list(self.rubric_version.criteria)


class GoldSubmission(models.Model):
    """A round a curator scored as the reference for calibrating reviewers (the GOLD review on it)."""

    session = models.OneToOneField(InterviewSession, on_delete=models.CASCADE, related_name="gold")
    round_kind = models.CharField(max_length=32, choices=RoundKind.choices, db_index=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Gold: {self.session}"


class ReviewerCalibration(models.Model):
    """A reviewer calibrated for a round kind: may take that kind from the peer queue."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calibrations")
    round_kind = models.CharField(max_length=32, choices=RoundKind.choices)
    calibrated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "round_kind"], name="unique_reviewer_calibration")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} calibrated for {self.round_kind}"


class ReviewRating(models.Model):
    """The candidate's rating of a review they received."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="rating")
    helpful = models.BooleanField()
    reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Rating of review {self.review_id}"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    UPHELD = "upheld", "Upheld: review discounted"
    DISMISSED = "dismissed", "Dismissed"


class ReviewFlag(models.Model):
    """A candidate's report that a review was unfair, for a curator to handle."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="flags")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    resolution_note = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=models.Q(status="open"), name="one_open_flag_per_review"
            )
        ]

    def __str__(self) -> str:
        return f"Flag on review {self.review_id} ({self.status})"


# --- Automatic feedback (docs/feedback.md) ----------------------------------------------------------


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the worker"
    RUNNING = "running", "Being analysed"
    DONE = "done", "Ready"
    FAILED = "failed", "Could not be analysed"


class RoundFeedback(models.Model):
    """The machine's first read of a submitted written round: one row per round, recomputed per engine."""

    session = models.OneToOneField(
        InterviewSession, on_delete=models.CASCADE, related_name="machine_feedback"
    )
    status = models.CharField(max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING)
    engine = models.CharField(
        max_length=64, blank=True, help_text="the engine version that wrote the results"
    )
    overall = models.FloatField(null=True, blank=True, help_text="0..1, mean over the analysed questions")
    confidence = models.FloatField(null=True, blank=True)
    message = models.TextField(blank=True, help_text="why the analysis failed, when it did")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Automatic feedback on session {self.session_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (FeedbackStatus.PENDING, FeedbackStatus.RUNNING)


class AnswerFeedback(models.Model):
    """The analysis of one question of a round, as the engine returned it (``Analysis.as_dict``)."""

    round_feedback = models.ForeignKey(RoundFeedback, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SessionQuestion, on_delete=models.CASCADE, related_name="+")
    question_version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="+")
    overall = models.FloatField(null=True, blank=True, help_text="None when there was nothing to analyse")
    level = models.CharField(max_length=16, blank=True)
    confidence = models.FloatField(default=0)
    result = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round_feedback", "item"], name="unique_answer_feedback_item")
        ]

    def __str__(self) -> str:
        return f"Automatic feedback on item {self.item_id}"
