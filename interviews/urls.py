from django.urls import path

from . import account_views, availability_views, booking_views, live_views, loop_views, views

app_name = "interviews"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("practice/start/", views.practice_start, name="practice-start"),
    path("practice/pick/", views.practice_pick, name="practice-pick"),
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/items/<int:item_id>/answer/", views.answer_save, name="answer-save"),
    path("sessions/<int:session_id>/submit/", views.session_submit, name="session-submit"),
    path("sessions/<int:session_id>/results/", views.session_results, name="session-results"),
    # Availability, booking, loops and swaps (availability_views, booking_views, loop_views)
    path("availability/", availability_views.availability, name="availability"),
    path("availability/weekly/", availability_views.availability_weekly_add, name="availability-weekly-add"),
    path(
        "availability/weekly/<int:window_id>/delete/",
        availability_views.availability_weekly_delete,
        name="availability-weekly-delete",
    ),
    path(
        "availability/one-off/", availability_views.availability_one_off_add, name="availability-one-off-add"
    ),
    path(
        "availability/one-off/<int:slot_id>/delete/",
        availability_views.availability_one_off_delete,
        name="availability-one-off-delete",
    ),
    path("availability/rules/", availability_views.availability_rules, name="availability-rules"),
    path("book/", booking_views.book, name="book"),
    path("bookings/", booking_views.booking_list, name="booking-list"),
    path("bookings/<int:session_id>/", booking_views.booking_detail, name="booking-detail"),
    path("bookings/<int:session_id>/cancel/", booking_views.booking_cancel, name="booking-cancel"),
    path(
        "bookings/<int:session_id>/reschedule/", booking_views.booking_reschedule, name="booking-reschedule"
    ),
    path("bookings/<int:session_id>/no-show/", booking_views.booking_no_show, name="booking-no-show"),
    path("bookings/<int:session_id>/video/", booking_views.booking_video, name="booking-video"),
    path("bookings/<int:session_id>/brief/", booking_views.booking_brief, name="booking-brief"),
    path("bookings/<int:session_id>/invite.ics", booking_views.booking_ics, name="booking-ics"),
    path("loops/", loop_views.loop_list, name="loop-list"),
    path("loops/<int:loop_id>/", loop_views.loop_detail, name="loop-detail"),
    path("loops/<int:loop_id>/cancel/", loop_views.loop_cancel, name="loop-cancel"),
    path("loops/<int:loop_id>/move/", loop_views.loop_move, name="loop-move"),
    path("swap/", loop_views.swap, name="swap"),
    path("curate/accommodations/", account_views.accommodations, name="accommodations"),
    # Live sessions (interviews/live_views.py)
    path("live/<int:session_id>/", live_views.live_session, name="live-session"),
    path("live/<int:session_id>/review/", live_views.live_review, name="live-review"),
    path("live/<int:session_id>/review/reveal/", live_views.live_reveal, name="live-reveal"),
    path("live/<int:session_id>/review/scratchpad/", live_views.live_scratchpad, name="live-scratchpad"),
]
