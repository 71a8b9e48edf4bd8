"""Admin views of scoring rows, for operators. Curators work in their own pages; these are the fallback."""

from django.contrib import admin

from .models import (
    GoldSubmission,
    QueueItem,
    RejudgeBatch,
    Review,
    ReviewerCalibration,
    ReviewFlag,
    ReviewRating,
    Submission,
)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in django-stubs (no monkeypatch)
    list_display = ["id", "user", "kind", "status", "verdict", "score", "attempts", "created_at"]
    list_filter = ["status", "kind", "verdict"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "item", "question_version", "rejudge_batch"]
    # The code and reports are evidence: viewable, never edited by hand.
    readonly_fields = ["code", "report", "candidate_report", "error"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in django-stubs (no monkeypatch)
    list_display = ["id", "session", "reviewer", "kind", "status", "recommendation", "submitted_at"]
    list_filter = ["kind", "status", "recommendation"]
    list_select_related = ["reviewer", "session"]
    raw_id_fields = ["session", "reviewer", "rubric_version"]


@admin.register(QueueItem)
class QueueItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in django-stubs (no monkeypatch)
    list_display = ["id", "status"]
    list_filter = ["status"]


admin.site.register(GoldSubmission)
admin.site.register(ReviewerCalibration)
admin.site.register(ReviewRating)
admin.site.register(ReviewFlag)
admin.site.register(RejudgeBatch)
