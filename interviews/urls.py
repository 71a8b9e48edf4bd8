from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("practice/start/", views.practice_start, name="practice-start"),
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/items/<int:item_id>/answer/", views.answer_save, name="answer-save"),
    path("sessions/<int:session_id>/submit/", views.session_submit, name="session-submit"),
    path("sessions/<int:session_id>/results/", views.session_results, name="session-results"),
]
