from django.urls import path

from . import views

app_name = "questionbank"

# Fixed paths first: their names are reserved question slugs (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.question_list, name="question-list"),
    path("new/", views.question_new, name="question-new"),
    path("coding/new/", views.coding_new, name="coding-new"),
    path("preview/", views.markdown_preview, name="preview"),
    path("export.zip", views.bank_export, name="export"),
    path("import/", views.bank_import, name="import"),
    path("rubrics/", views.rubric_list, name="rubric-list"),
    path("rubrics/new/", views.rubric_new, name="rubric-new"),
    path("rubrics/preview/", views.rubric_preview, name="rubric-preview"),
    path("rubrics/<slug:slug>/", views.rubric_detail, name="rubric-detail"),
    path("rubrics/<slug:slug>/edit/", views.rubric_edit, name="rubric-edit"),
    path("rubrics/<slug:slug>/history/", views.rubric_history, name="rubric-history"),
    path("rubrics/<slug:slug>/diff/", views.rubric_diff, name="rubric-diff"),
    path("rubrics/<slug:slug>/submit/", views.rubric_submit, name="rubric-submit"),
    path("rubrics/<slug:slug>/withdraw/", views.rubric_withdraw, name="rubric-withdraw"),
    path("rubrics/<slug:slug>/approve/", views.rubric_approve, name="rubric-approve"),
    path("rubrics/<slug:slug>/retire/", views.rubric_retire, name="rubric-retire"),
    path("rubrics/<slug:slug>/restore/", views.rubric_restore, name="rubric-restore"),
    path("<slug:slug>/", views.question_detail, name="question-detail"),
    path("<slug:slug>/edit/", views.question_edit, name="question-edit"),
    path("<slug:slug>/history/", views.question_history, name="question-history"),
    path("<slug:slug>/diff/", views.question_diff, name="question-diff"),
    path("<slug:slug>/validation/", views.question_validation, name="question-validation"),
    path("<slug:slug>/submit/", views.question_submit, name="question-submit"),
    path("<slug:slug>/withdraw/", views.question_withdraw, name="question-withdraw"),
    path("<slug:slug>/approve/", views.question_approve, name="question-approve"),
    path("<slug:slug>/retire/", views.question_retire, name="question-retire"),
    path("<slug:slug>/restore/", views.question_restore, name="question-restore"),
]
