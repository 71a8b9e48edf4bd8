"""Code submissions over the API: run or submit, list, and poll one for its verdict."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]  # django-filter ships no type hints
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from interviews.access import get_item_for_candidate
from questionbank.roles import is_curator

from .. import grading
from ..access import get_submission_for_user
from ..models import Submission, SubmissionKind, SubmissionStatus


class SubmissionSerializer(serializers.Serializer[Any]):
    """A run of the candidate's code. `report` is the candidate's safe view: hidden tests show a verdict,
    never their data. Curators asking for `?full=1` get the judge's full report instead."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SubmissionKind.choices)
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    pending = serializers.BooleanField(source="is_pending", help_text="true while it waits for a verdict")
    verdict = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    passed = serializers.IntegerField()
    total = serializers.IntegerField()
    error = serializers.CharField()
    session = serializers.IntegerField(source="item.session_id", default=None, allow_null=True)
    item = serializers.IntegerField(source="item_id", allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    report = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_report(self, submission: Submission) -> Any:
        return submission.report if self.context.get("full") else submission.candidate_report

    def get_url(self, submission: Submission) -> str:
        return f"/api/submissions/{submission.pk}/"


class SubmissionCreateApi(APIView):
    """POST: run the visible examples or submit against the hidden tests. The code is saved as the answer
    first; the verdict comes later: poll the returned `url` (also the Location header) until `pending` is
    false. 429 when too many runs are waiting or the daily limit is reached."""

    class InputSerializer(serializers.Serializer[Any]):
        code = serializers.CharField(trim_whitespace=False, max_length=1_000_000)
        kind = serializers.ChoiceField(choices=SubmissionKind.choices, default=SubmissionKind.SUBMIT)
        base_revision = serializers.IntegerField(
            required=False,
            min_value=0,
            help_text="the answer's revision the code is based on; a stale one is refused with 409",
        )
        custom_input = serializers.CharField(
            required=False,
            allow_blank=True,
            trim_whitespace=False,
            max_length=1_000_000,
            help_text='kind "custom": the arguments as JSON, a list or {"args": [...], "kwargs": {...}}',
        )

    @extend_schema(
        request=InputSerializer,
        responses={202: SubmissionSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="up to 64 characters; a repeated request with the same key returns the first "
                "submission instead of making another",
            )
        ],
    )
    def post(self, request: Request, session_id: int, item_id: int) -> Response:
        _, item = get_item_for_candidate(api_user(request), session_id, item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip()
        submission = grading.submission_create(
            user=api_user(request),
            item=item,
            idempotency_key=key,
            **data.validated_data,
        )
        submission = get_submission_for_user(api_user(request), submission.pk)
        body = SubmissionSerializer(submission).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class SubmissionFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped base (django-filter)
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)
    kind = django_filters.ChoiceFilter(choices=SubmissionKind.choices)
    session = django_filters.NumberFilter(field_name="item__session_id", min_value=1, max_value=2_147_483_647)

    class Meta:
        model = Submission
        fields: list[str] = []


@extend_schema(
    parameters=[
        OpenApiParameter(
            "session", {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}, required=False
        )
    ]
)
class SubmissionListApi(ListAPIView[Submission]):
    """GET: the user's own submissions, newest first."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    queryset = Submission.objects.none()  # the schema's model; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Submission]:
        return (
            Submission.objects.filter(user=api_user(self.request))
            .select_related("item")
            .order_by("-created_at")
        )


@extend_schema(parameters=[OpenApiParameter("full", bool, description="curators: the judge's full report")])
class SubmissionDetailApi(APIView):
    """GET: poll one submission for its verdict."""

    @extend_schema(responses={200: SubmissionSerializer})
    def get(self, request: Request, submission_id: int) -> Response:
        submission = get_submission_for_user(api_user(request), submission_id)
        full = is_curator(api_user(request)) and request.query_params.get("full") in ("1", "true")
        return Response(SubmissionSerializer(submission, context={"full": full}).data)
