from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    CandidateQuestion,
    Question,
    QuestionVersion,
    RedFlag,
    RoundConfig,
    Rubric,
    RubricVersion,
    Topic,
)

VERSION_FIELDS = ("number", "title", "difficulty", "level", "created_by", "approved_by", "validation_status")


@admin.register(RoundConfig)
class RoundConfigAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["round_kind", "duration_minutes", "question_count"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


class QuestionVersionInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    """Versions are immutable (sessions pin them): the admin shows them, the bank's pages make new ones."""

    model = QuestionVersion
    fields = VERSION_FIELDS
    readonly_fields = VERSION_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["slug", "round_kind", "status", "current_version"]
    list_filter = ["round_kind", "status"]
    search_fields = ["slug", "versions__title"]
    list_select_related = ["current_version"]
    inlines = [QuestionVersionInline]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["slug", "round_kind", "status", "current_version"]


@admin.register(RubricVersion)
class RubricVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    """Read-only: reviews pin rubric versions, so a version never changes once saved."""

    list_display = ["rubric", "number", "title", "approved_at"]
    readonly_fields = ["rubric", "number", "title", "criteria", "content_hash", "created_by", "approved_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RubricVersion | None = None) -> bool:
        return False


admin.site.register(RedFlag)
admin.site.register(CandidateQuestion)
