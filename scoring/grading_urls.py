from django.urls import path

from . import grading_views as views

app_name = "grading"

urlpatterns = [
    path("sessions/<int:session_id>/items/<int:item_id>/coding/", views.coding_panel, name="coding-panel"),
    path("sessions/<int:session_id>/items/<int:item_id>/run/", views.submission_run, name="submission-run"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission-detail"),
    path("bank/<slug:slug>/rejudge/", views.rejudge_start, name="rejudge-start"),
    path("rejudges/<int:batch_id>/", views.rejudge_detail, name="rejudge-detail"),
]
