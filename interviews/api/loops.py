"""Loops and peer swaps over the API: booking a loop, cancelling or moving it in one step, and swap blocks
to book. A loop that cannot be placed, or a swap slot no longer open, is a 409."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from questionbank.models import RoundKind

from .. import loops, selectors, swaps
from ..access import get_booking_for_participant, get_loop_for_candidate
from ..models import Loop
from ..slots import Slot
from .serializers import BookingSerializer, CancelInputSerializer, SlotKeyField


class LoopSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    round_kinds = serializers.ListField(child=serializers.CharField())
    one_day = serializers.BooleanField(
        allow_null=True, help_text="true: all on one day; false: one a day; null: as soon as possible"
    )
    created_at = serializers.DateTimeField()
    sessions = serializers.SerializerMethodField()

    @extend_schema_field(BookingSerializer(many=True))
    def get_sessions(self, loop: Loop) -> list[Any]:
        return list(BookingSerializer(loop.sessions.all(), many=True, context=self.context).data)


class LoopListApi(ListAPIView[Loop]):
    """GET: the candidate's loops. POST: book a whole loop (all six rounds or a subset), all or nothing."""

    serializer_class = LoopSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Loop]:
        return (
            selectors.loop_list_for_candidate(user=api_user(self.request))
            .select_related("candidate")
            .order_by("-created_at")
        )

    class InputSerializer(serializers.Serializer[Any]):
        round_kinds = serializers.MultipleChoiceField(choices=RoundKind.choices, allow_empty=False)
        one_day = serializers.BooleanField(
            allow_null=True,
            default=None,
            help_text="true: all on one day; false: one round a day; null (default): as soon as possible, "
            "across days and slots",
        )
        from_day = serializers.DateField(
            help_text="the earliest day, in your time zone (a past day means today; a day past the booking "
            "horizon is refused with 409)"
        )
        project_brief = serializers.CharField(
            allow_blank=True, default="", max_length=settings.PROJECT_BRIEF_MAX_CHARS
        )

    @extend_schema(request=InputSerializer, responses={201: LoopSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        loop = loops.loop_book(
            candidate=api_user(request),
            round_kinds=sorted(values.pop("round_kinds")),
            **values,
        )
        loop = selectors.loop_for_candidate(user=api_user(request), loop_id=loop.pk)
        return Response(
            LoopSerializer(loop, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class LoopDetailApi(APIView):
    """GET: one of the candidate's loops with its booked rounds."""

    @extend_schema(responses={200: LoopSerializer})
    def get(self, request: Request, loop_id: int) -> Response:
        loop = selectors.loop_for_candidate(user=api_user(request), loop_id=loop_id)
        return Response(LoopSerializer(loop, context={"request": request}).data)


class LoopCancelApi(APIView):
    """POST: cancel every scheduled round of the loop in one step (all or nothing)."""

    class OutputSerializer(serializers.Serializer[Any]):
        cancelled = serializers.IntegerField()
        loop = LoopSerializer()

    @extend_schema(request=CancelInputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, loop_id: int) -> Response:
        loop = get_loop_for_candidate(api_user(request), loop_id)
        data = CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = loops.loop_cancel(loop=loop, by=api_user(request), reason=data.validated_data["reason"])
        loop = selectors.loop_for_candidate(user=api_user(request), loop_id=loop.pk)
        body = {"cancelled": count, "loop": loop}
        return Response(self.OutputSerializer(body, context={"request": request}).data)


class LoopMoveApi(APIView):
    """POST: place the loop's scheduled rounds again from `from_day` (all or nothing)."""

    class InputSerializer(serializers.Serializer[Any]):
        one_day = serializers.BooleanField(
            allow_null=True,
            default=None,
            help_text="true: one day; false: one a day; null: as soon as possible",
        )
        from_day = serializers.DateField(
            help_text="the earliest day, in your time zone (a past day means today; a day past the booking "
            "horizon is refused with 409)"
        )

    @extend_schema(request=InputSerializer, responses={200: LoopSerializer})
    def post(self, request: Request, loop_id: int) -> Response:
        loop = get_loop_for_candidate(api_user(request), loop_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        loops.loop_move(loop=loop, by=api_user(request), **data.validated_data)
        loop = selectors.loop_for_candidate(user=api_user(request), loop_id=loop.pk)
        return Response(LoopSerializer(loop, context={"request": request}).data)


class SwapSlotSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="what to send back to book the swap")
    partner_id = serializers.IntegerField()
    partner = serializers.CharField()
    starts_at = serializers.DateTimeField(help_text="the partner interviews you from here")
    switch_at = serializers.DateTimeField(help_text="then you interview the partner")
    ends_at = serializers.DateTimeField()


class SwapListApi(ListAPIView[Any]):
    """GET: back-to-back swap blocks: a partner interviews you in `my_kind`, then you interview them in
    `their_kind` (you must review `their_kind`). POST: book one."""

    serializer_class = SwapSlotSerializer
    filter_backends: list[Any] = []

    class FilterSerializer(serializers.Serializer[Any]):
        my_kind = serializers.ChoiceField(choices=RoundKind.choices)
        their_kind = serializers.ChoiceField(choices=RoundKind.choices)

    def get_queryset(self) -> list[tuple[Slot, Slot]]:  # type: ignore[override]  # a list: DRF pages it too
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return swaps.swap_slots(user=api_user(self.request), **params.validated_data)

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is None:
            return None
        rows = selectors.slot_rows(slots=[swaps.swap_block(pair) for pair in page])
        return [
            {
                "key": row.slot.key(),
                "partner_id": row.slot.reviewer_id,
                "partner": row.reviewer,
                "starts_at": row.slot.starts_at,
                "switch_at": second.starts_at,
                "ends_at": row.slot.ends_at,
            }
            for row, (_, second) in zip(rows, page, strict=True)
        ]

    class InputSerializer(serializers.Serializer[Any]):
        my_kind = serializers.ChoiceField(choices=RoundKind.choices)
        their_kind = serializers.ChoiceField(choices=RoundKind.choices)
        slot = SlotKeyField()
        project_brief = serializers.CharField(
            allow_blank=True, default="", max_length=settings.PROJECT_BRIEF_MAX_CHARS
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("my_kind", str, required=True, enum=RoundKind.values),
            OpenApiParameter("their_kind", str, required=True, enum=RoundKind.values),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=InputSerializer, responses={201: BookingSerializer(many=True)})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner_id, starts_at = data.validated_data["slot"]
        first, second = swaps.peer_swap_book(
            user=api_user(request),
            partner_id=partner_id,
            my_kind=data.validated_data["my_kind"],
            their_kind=data.validated_data["their_kind"],
            starts_at=starts_at,
            project_brief=data.validated_data["project_brief"],
        )
        sessions = [get_booking_for_participant(api_user(request), s.pk) for s in (first, second)]
        body = BookingSerializer(sessions, many=True, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)
