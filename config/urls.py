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
    path("accounts/signup/done/", account_views.signup_done, name="signup-done"),
    path("accounts/verify/resend/", account_views.verify_resend, name="verify-resend"),
    path("accounts/verify/<str:token>/", account_views.verify_email, name="verify-email"),
    path("accounts/login/", account_views.LimitedLoginView.as_view(), name="login"),
    path("accounts/password_reset/", account_views.LimitedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/profile/", account_views.profile_edit, name="profile"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("scoring.grading_urls")),
    path("", include("scoring.urls")),
    path("bank/<slug:slug>/stats/", question_stats_views.question_stats, name="question-stats"),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
    path("admin/", admin.site.urls),
]
