"""The bank's endpoints of the REST API, included under /api/ by config/api_urls.py (docs/api.md)."""

from django.urls import path

from . import bank_api, question_api, rubric_api

bank = [
    path("bank/topics/", question_api.TopicListApi.as_view(), name="topic-list"),
    path("bank/questions/", question_api.QuestionListApi.as_view(), name="question-list"),
    path("bank/questions/<slug:slug>/", question_api.QuestionDetailApi.as_view(), name="question-detail"),
    path(
        "bank/questions/<slug:slug>/versions/",
        question_api.QuestionVersionListApi.as_view(),
        name="question-versions",
    ),
    path(
        "bank/questions/<slug:slug>/validation/",
        question_api.QuestionValidationApi.as_view(),
        name="question-validation",
    ),
    *[
        path(
            f"bank/questions/<slug:slug>/{action}/",
            question_api.QuestionTransitionApi.as_view(action=action),
            name=f"question-{action}",
        )
        for action in question_api.QUESTION_ACTIONS
    ],
    path("bank/rubrics/", rubric_api.RubricListApi.as_view(), name="rubric-list"),
    path("bank/rubrics/<slug:slug>/", rubric_api.RubricDetailApi.as_view(), name="rubric-detail"),
    path(
        "bank/rubrics/<slug:slug>/versions/",
        rubric_api.RubricVersionListApi.as_view(),
        name="rubric-versions",
    ),
    *[
        path(
            f"bank/rubrics/<slug:slug>/{action}/",
            rubric_api.RubricTransitionApi.as_view(action=action),
            name=f"rubric-{action}",
        )
        for action in rubric_api.RUBRIC_ACTIONS
    ],
    path("bank/export/", bank_api.BankExportApi.as_view(), name="bank-export"),
    path("bank/import/", bank_api.BankImportApi.as_view(), name="bank-import"),
]
