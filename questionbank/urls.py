from django.urls import path

from . import views

app_name = "questionbank"

urlpatterns = [
    path("", views.question_list, name="question-list"),
    path("<slug:slug>/", views.question_detail, name="question-detail"),
]
