"""The curators' API: escalated rounds, flags on reviews, gold rounds and reviewer agreement."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from questionbank.roles import require_curator

from .. import calibration, flags, selectors, services
from ..access import get_finished_session_for_curator, get_flag_for_curator, get_queue_item_for_curator
from ..models import FlagStatus, QueueItem, ReviewFlag
from .results import CriterionScoreSerializer
from .reviews import ReviewDetailSerializer, review_detail


class EscalatedListApi(ListAPIView[QueueItem]):
    """GET (curators): rounds that waited too long for peer reviews."""

    filter_backends: list[Any] = []

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        session = serializers.IntegerField(source="session_id")
        round_kind = serializers.CharField()
        enqueued_at = serializers.DateTimeField()
        escalated_at = serializers.DateTimeField(allow_null=True)
        submitted_reviews = serializers.IntegerField()
        reviews_needed = serializers.IntegerField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[QueueItem]:
        require_curator(api_user(self.request))
        return selectors.escalated_items()


class EscalatedClaimApi(APIView):
    """POST (curators): take an escalated round; the curator's review completes it."""

    @extend_schema(request=None, responses={201: ReviewDetailSerializer})
    def post(self, request: Request, queue_item_id: int) -> Response:
        get_queue_item_for_curator(api_user(request), queue_item_id)
        review = services.queue_claim_escalated(curator=api_user(request), queue_item_id=queue_item_id)
        return Response(review_detail(review), status=status.HTTP_201_CREATED)


class FlagSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=FlagStatus.choices)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    review = serializers.IntegerField(source="review_id")
    reviewer = serializers.CharField(source="review.reviewer.username")
    session = serializers.IntegerField(source="review.session_id")
    criteria = serializers.SerializerMethodField()
    resolution_note = serializers.CharField()
    handled_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(CriterionScoreSerializer(many=True))
    def get_criteria(self, flag: ReviewFlag) -> list[dict[str, Any]]:
        return selectors.review_criteria(flag.review)


class FlagListApi(ListAPIView[ReviewFlag]):
    """GET (curators): reviews flagged as unfair, oldest first (`status`: open by default)."""

    serializer_class = FlagSerializer
    filter_backends: list[Any] = []

    class FilterSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=FlagStatus.choices, default=FlagStatus.OPEN)

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ReviewFlag]:
        require_curator(api_user(self.request))
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.flags_for_curators(status=params.validated_data["status"])


class FlagResolveApi(APIView):
    """POST (curators): uphold (the review stops counting) or dismiss a flag."""

    class InputSerializer(serializers.Serializer[Any]):
        decision = serializers.ChoiceField(choices=["uphold", "dismiss"])
        note = serializers.CharField(allow_blank=True, default="", max_length=flags.REASON_MAX_CHARS)

    @extend_schema(request=InputSerializer, responses={200: FlagSerializer})
    def post(self, request: Request, flag_id: int) -> Response:
        flag = get_flag_for_curator(api_user(request), flag_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = flags.flag_resolve(
            flag=flag,
            curator=api_user(request),
            uphold=data.validated_data["decision"] == "uphold",
            note=data.validated_data["note"],
        )
        return Response(FlagSerializer(get_flag_for_curator(api_user(request), flag.pk)).data)


class GoldListApi(ListAPIView[Any]):
    """GET (curators): gold rounds, with how many calibration attempts each has had."""

    filter_backends: list[Any] = []

    class OutputSerializer(serializers.Serializer[Any]):
        session = serializers.IntegerField(source="session_id")
        round_kind = serializers.CharField()
        marked_by = serializers.CharField(source="marked_by.username")
        created_at = serializers.DateTimeField()
        attempts = serializers.IntegerField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        require_curator(api_user(self.request))
        return selectors.gold_submissions()


class GoldMarkApi(APIView):
    """POST (curators): make a finished round gold and open the curator's gold review of it."""

    @extend_schema(request=None, responses={201: ReviewDetailSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_finished_session_for_curator(api_user(request), session_id)
        review = calibration.gold_mark(session=session, curator=api_user(request))
        return Response(review_detail(review), status=status.HTTP_201_CREATED)


class AgreementApi(APIView):
    """GET (curators): each reviewer's agreement with gold scores and with other reviewers; outliers flagged."""

    class OutputSerializer(serializers.Serializer[Any]):
        user_id = serializers.IntegerField()
        username = serializers.CharField()
        gold_pairs = serializers.IntegerField()
        gold_mad = serializers.FloatField(allow_null=True)
        gold_kappa = serializers.FloatField(allow_null=True)
        peer_pairs = serializers.IntegerField()
        peer_mad = serializers.FloatField(allow_null=True)
        peer_kappa = serializers.FloatField(allow_null=True)
        reasons = serializers.ListField(child=serializers.CharField())
        is_outlier = serializers.BooleanField()

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        require_curator(api_user(request))
        return Response(self.OutputSerializer(calibration.agreement_report(), many=True).data)
