"""A live (booked) session over the API, the reviewer's side: the candidate's work as it is saved, reveals
and the private scratchpad. The candidate's side is the session API (interviews/api/sessions.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import ApplicationError
from config.http import api_user

from .. import live, selectors
from ..access import get_item_for_reviewer, get_session_for_reviewer
from ..models import InterviewSession, SessionQuestion
from ..slots import MAX_ID
from .serializers import AnswerSerializer, BookingSerializer


class LiveItemSerializer(serializers.Serializer[Any]):
    """A question as the booked reviewer sees it: the prompt, the reviewer notes and the candidate's work."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField(source="question_version.title")
    prompt_html = serializers.CharField(source="question_version.prompt_html")
    revealed_at = serializers.DateTimeField(allow_null=True)
    follow_ups_revealed = serializers.IntegerField()
    reviewer_notes = serializers.DictField(
        source="question_version.reviewer_notes", child=serializers.ListField(child=serializers.CharField())
    )
    section_notes = serializers.DictField(
        source="question_version.section_notes", child=serializers.CharField()
    )
    answers = AnswerSerializer(many=True)


class LiveReviewApi(APIView):
    """GET (the session's reviewer): the candidate's work as it is saved, notes, follow-ups, scratchpad."""

    class OutputSerializer(BookingSerializer):
        items = LiveItemSerializer(many=True)
        scratchpad = serializers.SerializerMethodField()

        def get_scratchpad(self, session: InterviewSession) -> str:
            pad = getattr(session, "scratchpad", None)
            return pad.text if pad is not None else ""

        def get_url(self, session: InterviewSession) -> str:
            return f"/api/live/{session.pk}/"

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        session = get_session_for_reviewer(api_user(request), session_id)
        live.session_catch_up(session=session)
        session = selectors.live_session_for_reviewer(session_id=session.pk)
        return Response(self.OutputSerializer(session, context={"request": request}).data)


class LiveRevealApi(APIView):
    """POST (the session's reviewer): show the candidate the next question, or a question's next follow-up."""

    class InputSerializer(serializers.Serializer[Any]):
        what = serializers.ChoiceField(choices=["question", "follow_up"])
        item_id = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_ID, help_text="follow_up: the question's item id"
        )

    @extend_schema(request=InputSerializer, responses={200: LiveItemSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_session_for_reviewer(api_user(request), session_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["what"] == "question":
            item = live.question_reveal_next(session=session, by=api_user(request))
        else:
            if "item_id" not in data.validated_data:
                raise ApplicationError("Say which question's follow-up to reveal (item_id).", field="item_id")
            session, item = get_item_for_reviewer(
                api_user(request), session_id, data.validated_data["item_id"]
            )
            item = live.follow_up_reveal(session=session, item=item, by=api_user(request))
        item = (
            SessionQuestion.objects.select_related("question_version")
            .prefetch_related("answers")
            .get(pk=item.pk)
        )
        return Response(LiveItemSerializer(item).data)


class LiveScratchpadApi(APIView):
    """PUT (the session's reviewer): autosave private notes; never shown to the candidate."""

    class InputSerializer(serializers.Serializer[Any]):
        text = serializers.CharField(
            allow_blank=True, trim_whitespace=False, max_length=settings.ANSWER_MAX_CHARS * 2
        )

    class OutputSerializer(serializers.Serializer[Any]):
        text = serializers.CharField()
        updated_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def put(self, request: Request, session_id: int) -> Response:
        session = get_session_for_reviewer(api_user(request), session_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pad = live.scratchpad_save(session=session, by=api_user(request), text=data.validated_data["text"])
        return Response(self.OutputSerializer(pad).data)
