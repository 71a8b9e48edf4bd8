from django.contrib import admin
from django.urls import include, path

from interviews import account_views
from interviews import views as interview_views
from scoring import question_stats_views

from . import views

urlpatterns = [
    path("", interview_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("config.api_urls")),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/login/", account_views.RateLimitedLoginView.as_view(), name="login"),
    path("accounts/profile/", account_views.profile_edit, name="profile"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("scoring.grading_urls")),
    path("", include("scoring.urls")),
    path("bank/<slug:slug>/stats/", question_stats_views.question_stats, name="question-stats"),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
    path("admin/", admin.site.urls),
]
