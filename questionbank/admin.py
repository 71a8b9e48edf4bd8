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
    model = QuestionVersion
    fields = ["number", "title", "difficulty", "level", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


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


admin.site.register(RubricVersion)
admin.site.register(RedFlag)
admin.site.register(CandidateQuestion)
