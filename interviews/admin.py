from django.contrib import admin

from .models import (
    Answer,
    InterviewSession,
    Loop,
    OneOffSlot,
    Profile,
    ReviewerRound,
    SessionQuestion,
    WeeklyWindow,
)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["user", "time_zone", "target_level", "target_domain", "accommodation_factor"]
    list_editable = ["accommodation_factor"]  # curators grant extra time here too
    search_fields = ["user__username", "user__email"]


@admin.register(ReviewerRound)
class ReviewerRoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["user", "round_kind", "created_at"]


class SessionQuestionInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = SessionQuestion
    extra = 0
    raw_id_fields = ["question_version"]


@admin.register(InterviewSession)
class InterviewSessionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["id", "candidate", "round_kind", "mode", "status", "deadline"]
    list_filter = ["round_kind", "mode", "status"]
    list_select_related = ["candidate"]
    inlines = [SessionQuestionInline]


admin.site.register(Answer)


# --- Booking ---
@admin.register(WeeklyWindow)
class WeeklyWindowAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["reviewer", "weekday", "start_time", "end_time"]
    list_select_related = ["reviewer"]


@admin.register(OneOffSlot)
class OneOffSlotAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["reviewer", "starts_at", "ends_at"]
    list_select_related = ["reviewer"]


@admin.register(Loop)
class LoopAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ["id", "candidate", "one_day", "created_at"]
    list_select_related = ["candidate"]
