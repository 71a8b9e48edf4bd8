"""Every endpoint of the REST API, under /api/ (docs/api.md). URL names are `api:<name>`."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from interviews.api import accounts as accounts_api
from interviews.api import availability as availability_api
from interviews.api import bookings as bookings_api
from interviews.api import live as live_api
from interviews.api import loops as loops_api
from interviews.api import sessions as sessions_api
from questionbank.api_urls import bank
from scoring.api import curators as curators_api
from scoring.api import readiness as readiness_api
from scoring.api import results as results_api
from scoring.api import reviews as reviews_api
from scoring.api import submissions as submissions_api

from . import api

app_name = "api"

accounts = [
    path("auth/token/", accounts_api.TokenApi.as_view(), name="token"),
    path("profile/", accounts_api.ProfileApi.as_view(), name="profile"),
]

sessions = [
    path("sessions/", sessions_api.SessionListApi.as_view(), name="session-list"),
    path("sessions/<int:session_id>/", sessions_api.SessionDetailApi.as_view(), name="session-detail"),
    path(
        "sessions/<int:session_id>/items/<int:item_id>/answer/",
        sessions_api.AnswerSaveApi.as_view(),
        name="answer-save",
    ),
    path(
        "sessions/<int:session_id>/items/<int:item_id>/submissions/",
        submissions_api.SubmissionCreateApi.as_view(),
        name="submission-create",
    ),
    path("sessions/<int:session_id>/submit/", sessions_api.SessionSubmitApi.as_view(), name="session-submit"),
    path(
        "sessions/<int:session_id>/results/", results_api.SessionResultsApi.as_view(), name="session-results"
    ),
    path("submissions/", submissions_api.SubmissionListApi.as_view(), name="submission-list"),
    path(
        "submissions/<int:submission_id>/",
        submissions_api.SubmissionDetailApi.as_view(),
        name="submission-detail",
    ),
]

booking = [
    path("availability/", availability_api.AvailabilityApi.as_view(), name="availability"),
    path("availability/rules/", availability_api.BookingRulesApi.as_view(), name="availability-rules"),
    path("availability/weekly/", availability_api.WeeklyWindowListApi.as_view(), name="weekly-window-list"),
    path(
        "availability/weekly/<int:window_id>/",
        availability_api.WeeklyWindowDetailApi.as_view(),
        name="weekly-window-detail",
    ),
    path("availability/one-off/", availability_api.OneOffSlotListApi.as_view(), name="one-off-slot-list"),
    path(
        "availability/one-off/<int:slot_id>/",
        availability_api.OneOffSlotDetailApi.as_view(),
        name="one-off-slot-detail",
    ),
    path("slots/", bookings_api.SlotListApi.as_view(), name="slot-list"),
    path("bookings/", bookings_api.BookingListApi.as_view(), name="booking-list"),
    path("bookings/<int:session_id>/", bookings_api.BookingDetailApi.as_view(), name="booking-detail"),
    path("bookings/<int:session_id>/cancel/", bookings_api.BookingCancelApi.as_view(), name="booking-cancel"),
    path(
        "bookings/<int:session_id>/reschedule/",
        bookings_api.BookingRescheduleApi.as_view(),
        name="booking-reschedule",
    ),
    path(
        "bookings/<int:session_id>/no-show/",
        bookings_api.BookingNoShowApi.as_view(),
        name="booking-no-show",
    ),
    path("bookings/<int:session_id>/video/", bookings_api.BookingVideoApi.as_view(), name="booking-video"),
    path("bookings/<int:session_id>/brief/", bookings_api.BookingBriefApi.as_view(), name="booking-brief"),
    path("loops/", loops_api.LoopListApi.as_view(), name="loop-list"),
    path("loops/<int:loop_id>/", loops_api.LoopDetailApi.as_view(), name="loop-detail"),
    path("loops/<int:loop_id>/cancel/", loops_api.LoopCancelApi.as_view(), name="loop-cancel"),
    path("loops/<int:loop_id>/move/", loops_api.LoopMoveApi.as_view(), name="loop-move"),
    path("loops/<int:loop_id>/debrief/", readiness_api.LoopDebriefApi.as_view(), name="loop-debrief"),
    path("swaps/", loops_api.SwapListApi.as_view(), name="swap-list"),
    path("live/<int:session_id>/", live_api.LiveReviewApi.as_view(), name="live-review"),
    path("live/<int:session_id>/reveal/", live_api.LiveRevealApi.as_view(), name="live-reveal"),
    path(
        "live/<int:session_id>/scratchpad/",
        live_api.LiveScratchpadApi.as_view(),
        name="live-scratchpad",
    ),
    path("live/<int:session_id>/review/", reviews_api.LiveReviewStartApi.as_view(), name="live-review-start"),
]

reviewing = [
    path("reviews/", reviews_api.ReviewListApi.as_view(), name="review-list"),
    path("reviews/queue/", reviews_api.ReviewQueueApi.as_view(), name="review-queue"),
    path("reviews/queue/claim/", reviews_api.ReviewQueueClaimApi.as_view(), name="review-queue-claim"),
    path("reviews/<int:review_id>/", reviews_api.ReviewDetailApi.as_view(), name="review-detail"),
    path("reviews/<int:review_id>/submit/", reviews_api.ReviewSubmitApi.as_view(), name="review-submit"),
    path("reviews/<int:review_id>/release/", reviews_api.ReviewReleaseApi.as_view(), name="review-release"),
    path("calibration/", reviews_api.CalibrationApi.as_view(), name="calibration"),
    path(
        "calibration/<slug:round_kind>/start/",
        reviews_api.CalibrationStartApi.as_view(),
        name="calibration-start",
    ),
]

results = [
    path("feedback/", results_api.FeedbackListApi.as_view(), name="feedback-list"),
    path("feedback/<int:review_id>/", results_api.FeedbackDetailApi.as_view(), name="feedback-detail"),
    path("feedback/<int:review_id>/rate/", results_api.FeedbackRateApi.as_view(), name="feedback-rate"),
    path("feedback/<int:review_id>/flag/", results_api.FeedbackFlagApi.as_view(), name="feedback-flag"),
    path("readiness/", readiness_api.ReadinessApi.as_view(), name="readiness"),
    path("debrief/", readiness_api.DebriefApi.as_view(), name="debrief"),
    path("plan/", readiness_api.PlanApi.as_view(), name="plan"),
]

curating = [
    path("curate/escalated/", curators_api.EscalatedListApi.as_view(), name="escalated-list"),
    path(
        "curate/escalated/<int:queue_item_id>/claim/",
        curators_api.EscalatedClaimApi.as_view(),
        name="escalated-claim",
    ),
    path("curate/flags/", curators_api.FlagListApi.as_view(), name="flag-list"),
    path("curate/flags/<int:flag_id>/resolve/", curators_api.FlagResolveApi.as_view(), name="flag-resolve"),
    path("curate/gold/", curators_api.GoldListApi.as_view(), name="gold-list"),
    path("curate/gold/<int:session_id>/mark/", curators_api.GoldMarkApi.as_view(), name="gold-mark"),
    path("curate/agreement/", curators_api.AgreementApi.as_view(), name="agreement"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The vendored Swagger UI and ReDoc style their widgets inline (and ReDoc parses in a blob: worker):
    # these two pages alone relax the Content-Security-Policy for styles. Their scripts are still files:
    # the split view serves Swagger's init script from a URL instead of inlining it.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path(
        "redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
    path("health/", api.HealthApi.as_view(), name="health"),
    *bank,
    *accounts,
    *sessions,
    *booking,
    *reviewing,
    *results,
    *curating,
    # Anything else under /api/ is a JSON 404, not the HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", api.not_found, name="not-found"),
]
