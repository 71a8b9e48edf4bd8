"""Submissions and verdicts, filled-in reviews, calibration and profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from interviews.models import SessionQuestion
from questionbank.models import QuestionVersion

# --- Submissions and verdicts ---------------------------------------------------------------------


class SubmissionKind(models.TextChoices):
    EXAMPLES = "examples", "Run examples"
    SUBMIT = "submit", "Submit"


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
    question_version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(max_length=16, choices=SubmissionKind.choices)
    code = models.TextField()
    status = models.CharField(max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.QUEUED)
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
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rejudge_batch = models.ForeignKey(
        "RejudgeBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["item", "-created_at"]),
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
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Rejudge #{self.pk}"
