from django.urls import path

from . import machine_feedback_views, views

app_name = "scoring"

urlpatterns = [
    # Reviewers
    path("reviews/queue/", views.queue, name="queue"),
    path("reviews/queue/claim/", views.queue_claim, name="queue-claim"),
    path("reviews/<int:review_id>/", views.review_edit, name="review-edit"),
    path("reviews/<int:review_id>/save/", views.review_save, name="review-save"),
    path("reviews/<int:review_id>/submit/", views.review_submit, name="review-submit"),
    path("reviews/<int:review_id>/release/", views.review_release, name="review-release"),
    path("reviews/live/<int:session_id>/start/", views.live_review_start, name="live-review-start"),
    path("calibration/", views.calibration_page, name="calibration"),
    path("calibration/<slug:round_kind>/start/", views.calibration_start, name="calibration-start"),
    # Candidates
    path("feedback/", views.feedback_list, name="feedback-list"),
    path("feedback/<int:review_id>/", views.feedback_detail, name="feedback-detail"),
    path("feedback/<int:review_id>/rate/", views.feedback_rate, name="feedback-rate"),
    path("feedback/<int:review_id>/flag/", views.feedback_flag, name="feedback-flag"),
    path("sessions/<int:session_id>/feedback/", views.session_feedback, name="session-feedback"),
    path(
        "sessions/<int:session_id>/automatic-feedback/",
        machine_feedback_views.session_machine_feedback,
        name="session-machine-feedback",
    ),
    path("debrief/", views.debrief, name="debrief"),
    path("debrief/loops/<int:loop_id>/", views.debrief, name="loop-debrief"),
    path("readiness/", views.readiness, name="readiness"),
    path("plan/", views.plan, name="plan"),
    # Curators
    path("curate/reviews/escalated/", views.curator_queue, name="curator-queue"),
    path("curate/reviews/escalated/<int:queue_item_id>/claim/", views.curator_claim, name="curator-claim"),
    path("curate/reviews/flags/", views.curator_flags, name="curator-flags"),
    path(
        "curate/reviews/flags/<int:flag_id>/resolve/", views.curator_flag_resolve, name="curator-flag-resolve"
    ),
    path("curate/gold/", views.gold_list, name="gold-list"),
    path("curate/gold/<int:session_id>/mark/", views.gold_mark, name="gold-mark"),
    path("curate/agreement/", views.agreement, name="agreement"),
]
