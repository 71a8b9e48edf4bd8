from django.contrib import admin

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


@admin.register(RoundConfig)
class RoundConfigAdmin(admin.ModelAdmin):
    list_display = ["round_kind", "duration_minutes", "question_count"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


class QuestionVersionInline(admin.TabularInline):
    """Versions are immutable (sessions pin them): the admin shows them, the bank's pages make new ones."""

    model = QuestionVersion
    fields = ["number", "title", "difficulty", "level", "created_by", "approved_by", "validation_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["slug", "round_kind", "status", "current_version"]
    list_filter = ["round_kind", "status"]
    search_fields = ["slug", "versions__title"]
    list_select_related = ["current_version"]
    inlines = [QuestionVersionInline]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["slug", "round_kind", "status", "current_version"]


@admin.register(RubricVersion)
class RubricVersionAdmin(admin.ModelAdmin):
    """Read-only: reviews pin rubric versions, so a version never changes once saved."""

    list_display = ["rubric", "number", "title", "approved_at"]
    readonly_fields = ["rubric", "number", "title", "criteria", "content_hash", "created_by", "approved_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(RedFlag)
admin.site.register(CandidateQuestion)
