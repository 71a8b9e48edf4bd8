"""Everything a curator curates: round kinds, topics, questions (coding problems included) and rubrics.

Questions and rubrics are versioned: the identity row (`Question`, `Rubric`) carries the slug and the
workflow status; each edit of published content is a new immutable `*Version` row, and sessions and
reviews pin the version they used.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models

from .design_sections import DESIGN_SECTIONS  # noqa: F401  (re-exported for forms, bank files and pages)
from .reviewer_notes import flags_with_examples, follow_ups, points_with_examples


class RoundKind(models.TextChoices):
    CODING = "coding", "Coding"
    ML_BREADTH = "ml_breadth", "ML breadth"
    ML_SYSTEM_DESIGN = "ml_system_design", "ML system design"
    ML_DOMAIN = "ml_domain", "ML domain knowledge"
    PROJECT_DEEP_DIVE = "project_deep_dive", "Project deep dive"
    BEHAVIOURAL = "behavioural", "Behavioural"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class Level(models.TextChoices):
    JUNIOR = "junior", "Junior"
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff"


class Domain(models.TextChoices):
    NLP = "nlp", "Natural language processing"
    CV = "cv", "Computer vision"
    RECSYS = "recsys", "Recommendation and ranking"
    ADS = "ads", "Ads"
    FRAUD = "fraud", "Fraud and risk"
    FORECASTING = "forecasting", "Forecasting"
    SPEECH = "speech", "Speech"
    LLM = "llm", "Large language models"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class ValidationStatus(models.TextChoices):
    """Coding problems only: the sandbox run of the reference and wrong solutions of one version."""

    PENDING = "pending", "Queued"
    RUNNING = "running", "Running"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    ERROR = "error", "Could not run"


class RoundConfig(models.Model):
    """Per-round defaults a curator can change: how long the round lasts and how many questions."""

    round_kind = models.CharField(max_length=32, choices=RoundKind.choices, unique=True)
    duration_minutes = models.PositiveIntegerField()
    question_count = models.PositiveIntegerField()
    description = models.TextField(blank=True)

    DEFAULTS: dict[str, tuple[int, int, str]] = {
        RoundKind.CODING: (45, 1, "Implement an ML algorithm or solve an algorithmic problem in the editor."),
        RoundKind.ML_BREADTH: (40, 6, "A series of conceptual questions across machine learning."),
        RoundKind.ML_SYSTEM_DESIGN: (55, 1, "Design an ML system, section by section."),
        RoundKind.ML_DOMAIN: (45, 3, "Depth questions in your chosen domain."),
        RoundKind.PROJECT_DEEP_DIVE: (45, 1, "Walk through a past project; expect a ladder of follow-ups."),
        RoundKind.BEHAVIOURAL: (30, 4, "STAR stories, and your own questions for the interviewer."),
    }

    def __str__(self) -> str:
        return f"{self.get_round_kind_display()}: {self.duration_minutes} min"

    @classmethod
    def for_kind(cls, round_kind: str) -> RoundConfig:
        duration, count, description = cls.DEFAULTS[round_kind]
        config, _ = cls.objects.get_or_create(
            round_kind=round_kind,
            defaults={"duration_minutes": duration, "question_count": count, "description": description},
        )
        return config


class Topic(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question's identity and workflow state; its content lives in versions."""

    slug = models.SlugField(max_length=100, unique=True)
    round_kind = models.CharField(max_length=32, choices=RoundKind.choices, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    current_version = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round_kind", "slug"]

    def __str__(self) -> str:
        return self.slug


class ReviewedVersion(models.Model):
    """What every version of a question or rubric records of its workflow: who wrote it, who asked for
    its review, and who approved it (which published it)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def review_state(self) -> str:
        """Where this version is in the workflow: draft, in_review or published (approved once)."""
        if self.approved_at is not None:
            return Status.PUBLISHED
        if self.submitted_at is not None:
            return Status.IN_REVIEW
        return Status.DRAFT


class QuestionVersion(ReviewedVersion):
    """Immutable content of one version of a question. Sessions point here, never at `Question`."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    prompt_md = models.TextField()
    prompt_html = models.TextField(help_text="prompt_md rendered and sanitised once, at save time")
    difficulty = models.CharField(max_length=8, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.MID)
    domain = models.CharField(max_length=16, choices=Domain.choices, blank=True)
    minutes = models.PositiveIntegerField(default=5)
    topics = models.ManyToManyField(Topic, related_name="question_versions", blank=True)
    # questionbank.reviewer_notes reads these (key points, follow-ups, red flags, their examples). Reviewers and
    # curators see them; a candidate sees the key points only after the round, in the automatic feedback.
    reviewer_notes = models.JSONField(default=dict, blank=True)
    # System design only: reviewer notes per design section key.
    section_notes = models.JSONField(default=dict, blank=True)
    # Coding only: the problem spec (docs/bank-format.md) including hidden tests, reference and wrong
    # solutions. Curators only; candidates get `coding_public()`, built from it.
    coding_spec = models.JSONField(null=True, blank=True)
    # Coding only: problem.yaml exactly as written (comments included), so an export gives back the file.
    problem_yaml = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    # Coding only: the sandbox check that publishing needs (reference passes every test, each wrong/*.py fails one).
    validation_status = models.CharField(max_length=16, choices=ValidationStatus.choices, blank=True)
    validation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["question_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="unique_question_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.question.slug} v{self.number}"

    @property
    def round_kind(self) -> str:
        return self.question.round_kind

    @property
    def is_coding(self) -> bool:
        return self.coding_spec is not None

    @property
    def follow_ups(self) -> list[str]:
        """The follow-up ladder of the reviewer notes, top down."""
        return follow_ups(self.reviewer_notes)

    @property
    def points_with_examples(self) -> list[tuple[str, str]]:
        """(key point, how a strong answer says it or "") pairs of the reviewer notes."""
        return points_with_examples(self.reviewer_notes)

    @property
    def red_flags_with_examples(self) -> list[tuple[str, str]]:
        """(red flag, how it sounds or "") pairs of the reviewer notes."""
        return flags_with_examples(self.reviewer_notes)

    @property
    def validation_passed(self) -> bool:
        return self.validation_status == ValidationStatus.PASSED

    def coding_public(self) -> dict[str, Any] | None:
        """What a candidate may see of a coding problem: statement, starter code and visible examples.

        Hidden tests, generated tests' parameters, the reference and wrong solutions, the generator and
        the checker's code are never in here.
        """
        if self.coding_spec is None:
            return None
        spec = self.coding_spec
        examples = [
            {
                "name": test["name"],
                "call": format_call(
                    spec.get("function", ""), test.get("args") or [], test.get("kwargs") or {}
                ),
                "expected": format_value(test.get("expected")),
            }
            for test in spec.get("tests", [])
            if test.get("visible") and test.get("generate") is None
        ]
        from scoring.judge.problem import limits_summary  # plain Python, no Django

        limits = None
        if spec.get("time_limit_s") and spec.get("memory_mb"):
            limits = limits_summary(spec["time_limit_s"], spec["memory_mb"])
        return {
            "statement_html": self.prompt_html,
            "starter": spec.get("starter", ""),
            "function": spec.get("function", ""),
            "examples": examples,
            "limits": limits,
        }


class Rubric(models.Model):
    """One rubric per round kind; reviews pin the `RubricVersion` they scored with."""

    slug = models.SlugField(max_length=100, unique=True)
    round_kind = models.CharField(max_length=32, choices=RoundKind.choices, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey(
        "RubricVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round_kind"]

    def __str__(self) -> str:
        return self.slug


class RubricVersion(ReviewedVersion):
    """Criteria as data: [{"key", "title", "weight", "from_grader", "levels": {"1": ..., "4": ...}}]."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    criteria = models.JSONField()
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["rubric_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="unique_rubric_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.rubric.slug} v{self.number}"


class RedFlag(models.Model):
    """The red-flag checklist a reviewer ticks in every round."""

    key = models.SlugField(max_length=64, unique=True)
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class CandidateQuestion(models.Model):
    """A good question for the candidate to ask the interviewer (behavioural round)."""

    text = models.CharField(max_length=300, unique=True)
    why = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


def format_value(value: Any) -> str:
    """A tagged-JSON test value (docs/bank-format.md) as a candidate would write it in Python."""
    if isinstance(value, dict) and "$ndarray" in value:
        return f"np.array({format_value(value['$ndarray'])}, dtype={value.get('dtype', 'float64')})"
    if isinstance(value, dict) and "$float" in value:
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(value["$float"]), "nan")
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {format_value(v)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def format_call(function: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    parts = [format_value(a) for a in args] + [f"{k}={format_value(v)}" for k, v in kwargs.items()]
    return f"{function}({', '.join(parts)})"
