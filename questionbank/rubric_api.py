"""The rubrics of the bank over the API (docs/api.md): everyone reads the published ones, curators all of
them; curators write through the same form and services as the curator pages and run the workflow."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]  # django-filter ships no types
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import form_errors
from config.http import api_user

from . import selectors, services
from .access import get_rubric_for_user, visible_rubrics
from .bankfiles.writing import criteria_yaml
from .forms import RubricForm
from .models import RoundKind, Rubric, RubricVersion, Status
from .roles import require_curator


class CriterionSerializer(serializers.Serializer[Any]):
    key = serializers.SlugField(max_length=64)
    title = serializers.CharField(max_length=200)
    weight = serializers.IntegerField(min_value=1, max_value=10)
    from_grader = serializers.BooleanField(required=False, default=False)
    levels = serializers.DictField(child=serializers.CharField(max_length=2000), help_text='"1" to "4"')


class RubricOutputSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    round_kind = serializers.ChoiceField(choices=RoundKind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    version = serializers.IntegerField(source="current_version.number", default=None, allow_null=True)
    title = serializers.CharField(source="current_version.title", default="")
    criteria = CriterionSerializer(source="current_version.criteria", many=True, default=list)


class RubricFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    round_kind = django_filters.ChoiceFilter(choices=RoundKind.choices)

    class Meta:
        model = Rubric
        fields: list[str] = []


class RubricListApi(ListAPIView[Any]):
    """GET: the rubrics (published ones; curators see all). POST (curators): a draft rubric for a round."""

    serializer_class = RubricOutputSerializer
    filterset_class = RubricFilter

    def get_queryset(self) -> QuerySet[Rubric]:
        return visible_rubrics(self.request.user)

    class InputSerializer(serializers.Serializer[Any]):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)
        title = serializers.CharField(max_length=200)
        criteria = CriterionSerializer(many=True)

    @extend_schema(request=InputSerializer, responses={201: RubricOutputSerializer})
    def post(self, request: Request) -> Response:
        require_curator(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = _rubric_form(dict(data.validated_data), round_kind=None)
        if not form.is_valid():
            raise form_errors(form)
        rubric = services.rubric_create(data=form.to_data(), author=api_user(request))
        return Response(RubricOutputSerializer(rubric).data, status=status.HTTP_201_CREATED)


def _rubric_form(payload: dict[str, Any], *, round_kind: str | None) -> RubricForm:
    criteria = [
        {**criterion, "levels": dict(criterion.get("levels", {}))}
        for criterion in payload.get("criteria", [])
    ]
    form_data = {"title": payload.get("title", ""), "criteria": criteria_yaml(criteria)}
    if round_kind is None:
        form_data["round_kind"] = payload.get("round_kind", "")
    return RubricForm(form_data, round_kind=round_kind)


class RubricDetailApi(APIView):
    """GET: one rubric. PUT (curators): save an edit as a new version."""

    @extend_schema(responses={200: RubricOutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        return Response(RubricOutputSerializer(get_rubric_for_user(request.user, slug)).data)

    class InputSerializer(serializers.Serializer[Any]):
        title = serializers.CharField(max_length=200)
        criteria = CriterionSerializer(many=True)

    @extend_schema(request=InputSerializer, responses={200: RubricOutputSerializer})
    def put(self, request: Request, slug: str) -> Response:
        require_curator(request.user)
        rubric = get_rubric_for_user(request.user, slug)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = _rubric_form(dict(data.validated_data), round_kind=rubric.round_kind)
        if not form.is_valid():
            raise form_errors(form)
        services.rubric_update(rubric=rubric, data=form.to_data(), author=api_user(request))
        return Response(RubricOutputSerializer(get_rubric_for_user(request.user, slug)).data)


RUBRIC_ACTIONS = {
    "submit": services.rubric_submit,
    "withdraw": services.rubric_withdraw,
    "approve": services.rubric_approve,
    "retire": services.rubric_retire,
    "restore": services.rubric_restore,
}


class RubricTransitionApi(APIView):
    """POST (curators): move a rubric through the workflow; `action` is fixed by the URL."""

    action = ""

    @extend_schema(request=None, responses={200: RubricOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        require_curator(request.user)
        rubric = get_rubric_for_user(request.user, slug)
        RUBRIC_ACTIONS[self.action](rubric=rubric, user=api_user(request))
        return Response(RubricOutputSerializer(get_rubric_for_user(request.user, slug)).data)


class RubricVersionListApi(ListAPIView[Any]):
    """GET (curators): every version of a rubric, newest first."""

    filter_backends: list[Any] = []

    class OutputSerializer(serializers.Serializer[Any]):
        number = serializers.IntegerField()
        state = serializers.CharField(source="review_state")
        title = serializers.CharField()
        criteria = CriterionSerializer(many=True)
        created_at = serializers.DateTimeField()
        approved_at = serializers.DateTimeField(allow_null=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[RubricVersion]:
        require_curator(self.request.user)
        return selectors.rubric_versions(rubric=get_rubric_for_user(self.request.user, self.kwargs["slug"]))
