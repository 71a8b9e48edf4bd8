"""Practice and booked rounds over the API, the candidate's side: the list, starting a round, the round with
its questions, autosave and submitting. Results are scoring's (scoring/api.py)."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]  # django-filter ships no types
from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import ApplicationError
from config.http import api_user
from questionbank.models import RoundKind

from .. import live, selectors, services
from ..access import get_item_for_candidate, get_session_for_candidate
from ..models import InterviewSession, SessionMode, SessionQuestion, SessionStatus
from .serializers import AnswerSerializer, SessionSerializer


class AnswerConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    field = serializers.CharField()
    answer = AnswerSerializer(help_text="the newer saved answer, with its revision")


class DesignSectionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    budget_minutes = serializers.IntegerField()


class CodingSerializer(serializers.Serializer[Any]):
    statement_html = serializers.CharField()
    starter = serializers.CharField()
    function = serializers.CharField()
    examples = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    limits = serializers.DictField(allow_null=True, help_text="time_limit_s, memory_mb and a sentence")


class SessionItemSerializer(serializers.Serializer[Any]):
    """A question of the round as the candidate sees it: never the reviewer notes or hidden tests."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField(source="question_version.title")
    prompt_html = serializers.CharField(source="question_version.prompt_html")
    difficulty = serializers.CharField(source="question_version.difficulty")
    minutes = serializers.IntegerField(source="question_version.minutes")
    coding = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()
    answers = AnswerSerializer(many=True)

    @extend_schema_field(CodingSerializer(allow_null=True))
    def get_coding(self, item: SessionQuestion) -> dict[str, Any] | None:
        return item.question_version.coding_public()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_follow_ups(self, item: SessionQuestion) -> list[str]:
        """Booked rounds: only the follow-ups the reviewer revealed."""
        return item.question_version.follow_ups[: item.follow_ups_revealed]


class SessionDetailSerializer(SessionSerializer):
    items = serializers.SerializerMethodField()
    design_sections = serializers.SerializerMethodField()

    @extend_schema_field(SessionItemSerializer(many=True))
    def get_items(self, session: InterviewSession) -> list[Any]:
        items = [item for item in session.items.all() if session.shows_candidate(item)]
        return list(SessionItemSerializer(items, many=True).data)

    @extend_schema_field(DesignSectionSerializer(many=True))
    def get_design_sections(self, session: InterviewSession) -> list[dict[str, Any]]:
        return [
            {"key": key, "title": title, "budget_minutes": budget}
            for key, title, budget in selectors.design_section_budgets(session)
        ]


class SessionFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    round_kind = django_filters.ChoiceFilter(choices=RoundKind.choices)
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)
    mode = django_filters.ChoiceFilter(choices=SessionMode.choices)

    class Meta:
        model = InterviewSession
        fields: list[str] = []


class SessionListApi(ListAPIView[InterviewSession]):
    """GET: the candidate's own rounds, newest first. POST: start a self-paced round now."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    queryset = InterviewSession.objects.none()  # the schema's model; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[InterviewSession]:
        return selectors.session_list_for_candidate(user=api_user(self.request))

    class InputSerializer(serializers.Serializer[Any]):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)

    @extend_schema(request=InputSerializer, responses={201: SessionDetailSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.practice_start(
            candidate=api_user(request), round_kind=data.validated_data["round_kind"]
        )
        body = SessionDetailSerializer(selectors.session_with_answers(session_id=session.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class SessionDetailApi(APIView):
    """GET: the round with its questions (revealed ones, for a booked round) and the saved answers."""

    @extend_schema(responses={200: SessionDetailSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        session = get_session_for_candidate(api_user(request), session_id)
        live.session_catch_up(session=session)  # as opening the page does
        return Response(SessionDetailSerializer(selectors.session_with_answers(session_id=session.pk)).data)


class AnswerSaveApi(APIView):
    """PUT: autosave one answer (or one design section). Refused with 409 once time is up."""

    class InputSerializer(serializers.Serializer[Any]):
        text = serializers.CharField(
            allow_blank=True, trim_whitespace=False, max_length=settings.CODE_MAX_CHARS * 4
        )
        section = serializers.CharField(allow_blank=True, default="", max_length=32)
        seconds_spent = serializers.IntegerField(
            required=False, min_value=0, max_value=7 * 24 * 3600, help_text="design sections: time spent"
        )
        base_revision = serializers.IntegerField(
            min_value=0,
            help_text="the answer's `revision` this text is based on (0 when there is no answer yet); "
            "a save based on an older revision is refused with 409 and the newer answer",
        )

    @extend_schema(request=InputSerializer, responses={200: AnswerSerializer, 409: AnswerConflictSerializer})
    def put(self, request: Request, session_id: int, item_id: int) -> Response:
        session, item = get_item_for_candidate(api_user(request), session_id, item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            answer = services.answer_save(session=session, item=item, **data.validated_data)
        except services.AnswerConflict as exc:
            body = {"detail": exc.message, "field": exc.field, "answer": AnswerSerializer(exc.answer).data}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(AnswerSerializer(answer).data)


class SessionSubmitApi(APIView):
    """POST: hand the round in (idempotent: submitting twice changes nothing)."""

    @extend_schema(request=None, responses={200: SessionSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_session_for_candidate(api_user(request), session_id)
        if session.status == SessionStatus.SCHEDULED:
            raise ApplicationError("This round has not started yet.", status=409)
        if not services.session_expire_if_overdue(session=session):
            services.session_submit(session=session)
        return Response(SessionSerializer(session).data)
