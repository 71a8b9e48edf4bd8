from django.urls import path

from . import bank_views, rubric_views, views

app_name = "questionbank"

# Fixed paths first: their names are reserved question slugs (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.question_list, name="question-list"),
    path("new/", views.question_new, name="question-new"),
    path("coding/new/", views.coding_new, name="coding-new"),
    path("preview/", views.markdown_preview, name="preview"),
    path("export.zip", bank_views.bank_export, name="export"),
    path("import/", bank_views.bank_import, name="import"),
    path("rubrics/", rubric_views.rubric_list, name="rubric-list"),
    path("rubrics/new/", rubric_views.rubric_new, name="rubric-new"),
    path("rubrics/preview/", rubric_views.rubric_preview, name="rubric-preview"),
    path("rubrics/<slug:slug>/", rubric_views.rubric_detail, name="rubric-detail"),
    path("rubrics/<slug:slug>/edit/", rubric_views.rubric_edit, name="rubric-edit"),
    path("rubrics/<slug:slug>/history/", rubric_views.rubric_history, name="rubric-history"),
    path("rubrics/<slug:slug>/diff/", rubric_views.rubric_diff, name="rubric-diff"),
    path("rubrics/<slug:slug>/submit/", rubric_views.rubric_submit, name="rubric-submit"),
    path("rubrics/<slug:slug>/withdraw/", rubric_views.rubric_withdraw, name="rubric-withdraw"),
    path("rubrics/<slug:slug>/approve/", rubric_views.rubric_approve, name="rubric-approve"),
    path("rubrics/<slug:slug>/retire/", rubric_views.rubric_retire, name="rubric-retire"),
    path("rubrics/<slug:slug>/restore/", rubric_views.rubric_restore, name="rubric-restore"),
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
