"""Open slots and bookings over the API: the slots to book, booking one, the user's bookings and every
change to one (cancel, reschedule, no-show, meeting link, project brief). A valid request that the
calendar refuses as it is now (a slot no longer open, too late to change) is a 409."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]  # django-filter ships no types
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from questionbank.models import RoundKind

from .. import bookings, selectors, slots
from ..access import get_booking_for_participant
from ..models import InterviewSession, SessionStatus
from ..slots import MAX_ID
from .serializers import BookingSerializer, CancelInputSerializer, SlotKeyField, SlotSerializer, slot_data


@extend_schema(
    parameters=[
        OpenApiParameter("round_kind", str, required=True, enum=RoundKind.values),
        OpenApiParameter(
            "reviewer_id",
            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            required=False,
            description="only this reviewer's slots",
        ),
    ]
)
class SlotListApi(ListAPIView[Any]):
    """GET: open slots for a round kind in the next BOOKING_HORIZON_DAYS days, soonest first."""

    serializer_class = SlotSerializer
    filter_backends: list[Any] = []

    class FilterSerializer(serializers.Serializer[Any]):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)
        reviewer_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def get_queryset(self) -> list[slots.Slot]:  # type: ignore[override]  # a list: DRF pages it too
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        found = slots.open_slots(
            candidate=api_user(self.request), round_kind=params.validated_data["round_kind"]
        )
        reviewer_id = params.validated_data.get("reviewer_id")
        return [slot for slot in found if reviewer_id is None or slot.reviewer_id == reviewer_id]

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else slot_data(selectors.slot_rows(slots=page))


class BookingFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    round_kind = django_filters.ChoiceFilter(choices=RoundKind.choices)
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)
    upcoming = django_filters.BooleanFilter(method="filter_upcoming", help_text="ends in the future")

    class Meta:
        model = InterviewSession
        fields: list[str] = []

    def filter_upcoming(
        self, queryset: QuerySet[InterviewSession], name: str, value: bool
    ) -> QuerySet[InterviewSession]:
        now = timezone.now()
        return queryset.filter(ends_at__gt=now) if value else queryset.filter(ends_at__lte=now)


class BookingListApi(ListAPIView[InterviewSession]):
    """GET: booked rounds the user takes part in (as candidate or reviewer). POST: book an open slot."""

    serializer_class = BookingSerializer
    filterset_class = BookingFilter
    queryset = InterviewSession.objects.none()  # the schema's model; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[InterviewSession]:
        return selectors.bookings_for_user(user=api_user(self.request))

    class InputSerializer(serializers.Serializer[Any]):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)
        slot = SlotKeyField()
        project_brief = serializers.CharField(
            allow_blank=True,
            default="",
            max_length=settings.PROJECT_BRIEF_MAX_CHARS,
            help_text="project deep dive: a one-page brief",
        )

    @extend_schema(request=InputSerializer, responses={201: BookingSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviewer_id, starts_at = data.validated_data["slot"]
        session = bookings.booking_create(
            candidate=api_user(request),
            reviewer_id=reviewer_id,
            round_kind=data.validated_data["round_kind"],
            starts_at=starts_at,
            project_brief=data.validated_data["project_brief"],
        )
        session = get_booking_for_participant(api_user(request), session.pk)
        body = BookingSerializer(session, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class BookingDetailApi(APIView):
    """GET: one booked round the user takes part in."""

    @extend_schema(responses={200: BookingSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(api_user(request), session_id)
        return Response(BookingSerializer(session, context={"request": request}).data)


class BookingCancelApi(APIView):
    """POST: cancel before the cut-off, or within the free-cancel window after booking (both halves of a
    peer swap); both sides are emailed."""

    class OutputSerializer(serializers.Serializer[Any]):
        cancelled = serializers.IntegerField(help_text="how many sessions were cancelled")
        booking = BookingSerializer()

    @extend_schema(request=CancelInputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(api_user(request), session_id)
        data = CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = bookings.booking_cancel(
            session=session,
            by=api_user(request),
            reason=data.validated_data["reason"],
        )
        session.refresh_from_db()
        body = {"cancelled": count, "booking": session}
        return Response(self.OutputSerializer(body, context={"request": request}).data)


class BookingRescheduleApi(ListAPIView[Any]):
    """GET: the same reviewer's open slots to move to. POST: move the round to one of them."""

    serializer_class = SlotSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> list[slots.Slot]:  # type: ignore[override]  # a list: DRF pages it too
        session = get_booking_for_participant(api_user(self.request), self.kwargs["session_id"])
        return slots.reschedule_slots(session=session)

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else slot_data(selectors.slot_rows(slots=page))

    class InputSerializer(serializers.Serializer[Any]):
        slot = SlotKeyField()

    @extend_schema(request=InputSerializer, responses={200: BookingSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(api_user(request), session_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _, starts_at = data.validated_data["slot"]
        bookings.booking_reschedule(session=session, by=api_user(request), starts_at=starts_at)
        session = get_booking_for_participant(api_user(request), session_id)
        return Response(BookingSerializer(session, context={"request": request}).data)


class BookingNoShowApi(APIView):
    """POST: mark the other side absent, once the start time has passed."""

    @extend_schema(request=None, responses={200: BookingSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(api_user(request), session_id)
        bookings.session_no_show_mark(session=session, by=api_user(request))
        return Response(BookingSerializer(session, context={"request": request}).data)


class BookingVideoApi(APIView):
    """PUT: set the session's video meeting link; both sides get an updated invite."""

    class InputSerializer(serializers.Serializer[Any]):
        video_url = serializers.URLField(allow_blank=True, max_length=200)

    @extend_schema(request=InputSerializer, responses={200: BookingSerializer})
    def put(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(api_user(request), session_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = bookings.session_video_url_set(
            session=session,
            by=api_user(request),
            url=data.validated_data["video_url"],
        )
        return Response(BookingSerializer(session, context={"request": request}).data)


class BookingBriefApi(APIView):
    """PUT: the candidate's one-page project brief for a project deep dive, until the start."""

    class InputSerializer(serializers.Serializer[Any]):
        project_brief = serializers.CharField(max_length=settings.PROJECT_BRIEF_MAX_CHARS)

    @extend_schema(request=InputSerializer, responses={200: BookingSerializer})
    def put(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(api_user(request), session_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = bookings.session_brief_set(
            session=session,
            by=api_user(request),
            text=data.validated_data["project_brief"],
        )
        return Response(BookingSerializer(session, context={"request": request}).data)
