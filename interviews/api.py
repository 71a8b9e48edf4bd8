"""People and rounds over the API (docs/api.md): tokens, the profile, practice sessions with autosave,
availability, open slots, bookings, loops, peer swaps and the reviewer's side of a live session.

Every endpoint calls the services the pages call, and reaches objects through `interviews.access`, so an
outsider gets the same 404 as on the pages.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import django_filters
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import ApplicationError
from questionbank.models import DESIGN_SECTIONS, Domain, Level, RoundKind

from . import booking, live, selectors, services
from .access import (
    get_booking_for_participant,
    get_item_for_candidate,
    get_loop_for_candidate,
    get_one_off_slot_for_reviewer,
    get_session_for_candidate,
    get_session_for_reviewer,
    get_weekly_window_for_reviewer,
)
from .forms import time_zone_choices
from .login_limits import lockout_message
from .models import (
    InterviewSession,
    Loop,
    OneOffSlot,
    ReviewerRound,
    SessionMode,
    SessionQuestion,
    SessionStatus,
    Weekday,
    WeeklyWindow,
)

MAX_ID = 2_147_483_647

# ---- tokens -----------------------------------------------------------------------------------------


class TokenApi(APIView):
    """POST: trade a username and password for a token (rate-limited like the login page). DELETE: revoke it."""

    authentication_classes = [TokenAuthentication]  # no session: a script's POST needs no CSRF token

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(
            max_length=128, trim_whitespace=False, style={"input_type": "password"}
        )

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="send it as the header 'Authorization: Token <token>'")

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username, password = data.validated_data["username"], data.validated_data["password"]
        # django-axes (the first authentication backend) refuses a locked (username, address) pair or
        # address and counts failures; it marks the Django request (interviews/login_limits.py).
        django_request = request._request
        user = authenticate(django_request, username=username, password=password)
        if getattr(django_request, "axes_locked_out", False):
            seconds = settings.LOGIN_RATE_WINDOW_SECONDS
            return Response(
                {"detail": lockout_message(), "retry_after": seconds},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(seconds)},
            )
        if user is None:
            raise ApplicationError("Wrong username or password.", status=400)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- profile ----------------------------------------------------------------------------------------


class ProfileApi(APIView):
    """GET: the user's settings. PUT: change them (time zone, target level and domain, rounds reviewed)."""

    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField(source="user.username")
        time_zone = serializers.CharField()
        target_level = serializers.ChoiceField(choices=Level.choices)
        target_domain = serializers.CharField()
        accommodation_factor = serializers.DecimalField(max_digits=3, decimal_places=2)
        review_rounds = serializers.SerializerMethodField()
        no_shows = serializers.SerializerMethodField()

        def get_review_rounds(self, profile: Any) -> list[str]:
            return sorted(
                ReviewerRound.objects.filter(user=profile.user).values_list("round_kind", flat=True)
            )

        def get_no_shows(self, profile: Any) -> int:
            return selectors.no_show_counts(user_ids=[profile.user_id])[profile.user_id]

    class InputSerializer(serializers.Serializer):
        # The zones the service accepts, so the schema lists them (a name like Europe/London).
        time_zone = serializers.ChoiceField(choices=time_zone_choices())
        target_level = serializers.ChoiceField(choices=Level.choices)
        target_domain = serializers.ChoiceField(choices=Domain.choices, allow_blank=True, default="")
        review_rounds = serializers.ListField(
            child=serializers.ChoiceField(choices=RoundKind.choices), default=list, max_length=6
        )

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(services.profile_of(request.user)).data)  # type: ignore[arg-type]

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def put(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = services.profile_update(user=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(self.OutputSerializer(profile).data)


# ---- sessions -----------------------------------------------------------------------------------------


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round_kind = serializers.ChoiceField(choices=RoundKind.choices)
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    duration_seconds = serializers.IntegerField()
    seconds_left = serializers.SerializerMethodField()
    started_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    auto_submitted = serializers.BooleanField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    loop = serializers.IntegerField(source="loop_id", allow_null=True)
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_seconds_left(self, session: InterviewSession) -> int:
        return session.seconds_left()

    def get_url(self, session: InterviewSession) -> str:
        return f"/api/sessions/{session.pk}/"


class AnswerSerializer(serializers.Serializer):
    section = serializers.CharField(help_text="design section key; empty for other rounds")
    text = serializers.CharField()
    revision = serializers.IntegerField()
    seconds_spent = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class AnswerConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    field = serializers.CharField()
    answer = AnswerSerializer(help_text="the newer saved answer, with its revision")


class DesignSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    budget_minutes = serializers.IntegerField()


class CodingSerializer(serializers.Serializer):
    statement_html = serializers.CharField()
    starter = serializers.CharField()
    function = serializers.CharField()
    examples = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    limits = serializers.DictField(allow_null=True, help_text="time_limit_s, memory_mb and a sentence")


class SessionItemSerializer(serializers.Serializer):
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
        ladder = (item.question_version.reviewer_notes or {}).get("follow_ups") or []
        return [str(step) for step in ladder[: item.follow_ups_revealed]]


class SessionDetailSerializer(SessionSerializer):
    items = serializers.SerializerMethodField()
    design_sections = serializers.SerializerMethodField()

    @extend_schema_field(SessionItemSerializer(many=True))
    def get_items(self, session: InterviewSession) -> list[Any]:
        items = [item for item in session.items.all() if session.shows_candidate(item)]
        return list(SessionItemSerializer(items, many=True).data)

    @extend_schema_field(DesignSectionSerializer(many=True))
    def get_design_sections(self, session: InterviewSession) -> list[dict[str, Any]]:
        if session.round_kind != RoundKind.ML_SYSTEM_DESIGN:
            return []
        minutes = session.duration_seconds / 60
        return [
            {"key": key, "title": title, "budget_minutes": max(1, round(minutes * share))}
            for key, title, share in DESIGN_SECTIONS
        ]


def session_detail_for_candidate(user: User, session_id: int) -> InterviewSession:
    """The candidate's round, brought up to date first: a booked one opens at its start, an overdue one is
    submitted (as opening the page does)."""
    session = get_session_for_candidate(user, session_id)
    live.session_open(session=session)
    services.session_expire_if_overdue(session=session)
    return selectors.session_with_answers(session_id=session.pk)


class SessionFilter(django_filters.FilterSet):
    round_kind = django_filters.ChoiceFilter(choices=RoundKind.choices)
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)
    mode = django_filters.ChoiceFilter(choices=SessionMode.choices)

    class Meta:
        model = InterviewSession
        fields: list[str] = []


class SessionListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: the candidate's own rounds, newest first. POST: start a self-paced round now."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    queryset = InterviewSession.objects.none()  # the schema's model; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[InterviewSession]:
        return selectors.session_list_for_candidate(user=self.request.user)  # type: ignore[arg-type]

    class InputSerializer(serializers.Serializer):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)

    @extend_schema(request=InputSerializer, responses={201: SessionDetailSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.practice_start(
            candidate=request.user, round_kind=data.validated_data["round_kind"]
        )  # type: ignore[arg-type]
        body = SessionDetailSerializer(selectors.session_with_answers(session_id=session.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class SessionDetailApi(APIView):
    """GET: the round with its questions (revealed ones, for a booked round) and the saved answers."""

    @extend_schema(responses={200: SessionDetailSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        session = session_detail_for_candidate(request.user, session_id)  # type: ignore[arg-type]
        return Response(SessionDetailSerializer(session).data)


class AnswerSaveApi(APIView):
    """PUT: autosave one answer (or one design section). Refused with 409 once time is up."""

    class InputSerializer(serializers.Serializer):
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
        session, item = get_item_for_candidate(request.user, session_id, item_id)  # type: ignore[arg-type]
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
        session = get_session_for_candidate(request.user, session_id)  # type: ignore[arg-type]
        if session.status == SessionStatus.SCHEDULED:
            raise ApplicationError("This round has not started yet.", status=409)
        if not services.session_expire_if_overdue(session=session):
            services.session_submit(session=session)
        return Response(SessionSerializer(session).data)


# ---- availability (reviewers) ----------------------------------------------------------------------


class WeeklyWindowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    weekday = serializers.ChoiceField(choices=Weekday.choices)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()


class OneOffSlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class BookingRulesSerializer(serializers.Serializer):
    min_notice_minutes = serializers.IntegerField(min_value=0, max_value=60 * 24 * 14)
    buffer_minutes = serializers.IntegerField(min_value=0, max_value=240)
    daily_limit = serializers.IntegerField(min_value=1, max_value=24)
    meeting_url = serializers.URLField(allow_blank=True, max_length=200)


class AvailabilityApi(APIView):
    """GET: the reviewer's weekly windows (their own zone), upcoming one-off slots and booking rules."""

    class OutputSerializer(serializers.Serializer):
        time_zone = serializers.CharField()
        review_rounds = serializers.ListField(child=serializers.CharField())
        weekly = WeeklyWindowSerializer(many=True)
        one_offs = OneOffSlotSerializer(many=True)
        rules = BookingRulesSerializer()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        profile = services.profile_of(request.user)  # type: ignore[arg-type]
        body = {
            "time_zone": profile.time_zone,
            "review_rounds": sorted(
                ReviewerRound.objects.filter(user=request.user).values_list("round_kind", flat=True)
            ),
            "weekly": WeeklyWindow.objects.filter(reviewer=request.user),
            "one_offs": OneOffSlot.objects.filter(reviewer=request.user, ends_at__gt=timezone.now()),
            "rules": profile,
        }
        return Response(self.OutputSerializer(body).data)


class BookingRulesApi(APIView):
    """PUT: the reviewer's minimum notice, buffer between sessions, daily limit and meeting link."""

    @extend_schema(request=BookingRulesSerializer, responses={200: BookingRulesSerializer})
    def put(self, request: Request) -> Response:
        data = BookingRulesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = booking.booking_rules_set(reviewer=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(BookingRulesSerializer(profile).data)


class WeeklyWindowListApi(APIView):
    """POST: add a recurring window, in wall-clock time of the reviewer's own zone."""

    class InputSerializer(serializers.Serializer):
        weekday = serializers.ChoiceField(choices=Weekday.choices)
        start_time = serializers.TimeField()
        end_time = serializers.TimeField()

    @extend_schema(request=InputSerializer, responses={201: WeeklyWindowSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        window = booking.weekly_window_add(reviewer=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(WeeklyWindowSerializer(window).data, status=status.HTTP_201_CREATED)


class WeeklyWindowDetailApi(APIView):
    """DELETE: remove a weekly window (sessions already booked in it stay booked)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, window_id: int) -> Response:
        booking.availability_remove(window=get_weekly_window_for_reviewer(request.user, window_id))  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class OneOffSlotListApi(APIView):
    """POST: add a one-off stretch of availability, in wall-clock time of the reviewer's zone."""

    class InputSerializer(serializers.Serializer):
        day = serializers.DateField()
        start_time = serializers.TimeField()
        end_time = serializers.TimeField()

        def validate_day(self, value: Any) -> Any:
            today = timezone.now().date()
            if not today - timedelta(days=1) <= value <= today + timedelta(days=366):
                raise serializers.ValidationError("Publish slots from today up to a year ahead.")
            return value

    @extend_schema(request=InputSerializer, responses={201: OneOffSlotSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = booking.one_off_slot_add(reviewer=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(OneOffSlotSerializer(slot).data, status=status.HTTP_201_CREATED)


class OneOffSlotDetailApi(APIView):
    """DELETE: remove a one-off slot (sessions already booked in it stay booked)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, slot_id: int) -> Response:
        booking.availability_remove(window=get_one_off_slot_for_reviewer(request.user, slot_id))  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- open slots and booking ---------------------------------------------------------------------------


class SlotSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="what to send back to book it")
    reviewer_id = serializers.IntegerField()
    reviewer = serializers.CharField()
    reviewer_no_shows = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


def _slot_rows(slots: list[booking.Slot]) -> list[dict[str, Any]]:
    """Slots with their reviewer's name and no-show count, in a fixed number of queries."""
    ids = {slot.reviewer_id for slot in slots}
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))
    no_shows = selectors.no_show_counts(user_ids=ids)
    return [
        {
            "key": slot.key(),
            "reviewer_id": slot.reviewer_id,
            "reviewer": names.get(slot.reviewer_id, ""),
            "reviewer_no_shows": no_shows.get(slot.reviewer_id, 0),
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
        }
        for slot in slots
    ]


class SlotKeyField(serializers.CharField):
    """`<reviewer id>|<start, ISO 8601 with offset>`, as the slot lists give it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=80, **kwargs)

    def to_internal_value(self, data: Any) -> tuple[int, datetime]:  # type: ignore[override]
        text = super().to_internal_value(data)
        reviewer_id, starts_at = booking.parse_slot_key(text)
        now = timezone.now()
        horizon = timedelta(days=settings.BOOKING_HORIZON_DAYS + 1)
        if not 0 < reviewer_id <= MAX_ID or not now - timedelta(days=1) <= starts_at <= now + horizon:
            raise serializers.ValidationError("Choose one of the open slots (GET /api/slots/ lists them).")
        return reviewer_id, starts_at.astimezone(UTC)


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
class SlotListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: open slots for a round kind in the next BOOKING_HORIZON_DAYS days, soonest first."""

    serializer_class = SlotSerializer
    filter_backends: list[Any] = []

    class FilterSerializer(serializers.Serializer):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)
        reviewer_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def get_queryset(self) -> list[dict[str, Any]]:  # type: ignore[override]
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        slots = booking.open_slots(
            candidate=self.request.user, round_kind=params.validated_data["round_kind"]
        )  # type: ignore[arg-type]
        reviewer_id = params.validated_data.get("reviewer_id")
        if reviewer_id is not None:
            slots = [slot for slot in slots if slot.reviewer_id == reviewer_id]
        return slots  # type: ignore[return-value]

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else _slot_rows(page)


class BookingSerializer(SessionSerializer):
    candidate = serializers.CharField(source="candidate.username")
    reviewer = serializers.CharField(source="reviewer.username", default=None, allow_null=True)
    role = serializers.SerializerMethodField()
    video_url = serializers.CharField()
    project_brief = serializers.CharField()
    swap_partner = serializers.IntegerField(source="swap_partner_id", allow_null=True)
    ics_sequence = serializers.IntegerField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    candidate_absent = serializers.BooleanField()
    reviewer_absent = serializers.BooleanField()
    changeable_until = serializers.SerializerMethodField()
    cancellable = serializers.SerializerMethodField(
        help_text="can be cancelled now (before the cut-off, or just booked)"
    )

    @extend_schema_field(serializers.ChoiceField(choices=["candidate", "reviewer"]))
    def get_role(self, session: InterviewSession) -> str:
        return "candidate" if session.candidate_id == self.context["request"].user.pk else "reviewer"

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_changeable_until(self, session: InterviewSession) -> datetime | None:
        if session.status != SessionStatus.SCHEDULED or session.starts_at is None:
            return None
        return session.starts_at - booking.change_cutoff()

    @extend_schema_field(serializers.BooleanField())
    def get_cancellable(self, session: InterviewSession) -> bool:
        return booking.can_cancel(session, timezone.now())

    def get_url(self, session: InterviewSession) -> str:
        return f"/api/bookings/{session.pk}/"


class BookingFilter(django_filters.FilterSet):
    round_kind = django_filters.ChoiceFilter(choices=RoundKind.choices)
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)
    upcoming = django_filters.BooleanFilter(method="filter_upcoming", help_text="ends in the future")

    class Meta:
        model = InterviewSession
        fields: list[str] = []

    def filter_upcoming(self, queryset: QuerySet[InterviewSession], name: str, value: bool) -> Any:
        now = timezone.now()
        return queryset.filter(ends_at__gt=now) if value else queryset.filter(ends_at__lte=now)


class BookingListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: booked rounds the user takes part in (as candidate or reviewer). POST: book an open slot."""

    serializer_class = BookingSerializer
    filterset_class = BookingFilter
    queryset = InterviewSession.objects.none()  # the schema's model; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[InterviewSession]:
        return selectors.bookings_for_user(user=self.request.user)  # type: ignore[arg-type]

    class InputSerializer(serializers.Serializer):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)
        slot = SlotKeyField()
        project_brief = serializers.CharField(
            allow_blank=True, default="", max_length=20_000, help_text="project deep dive: a one-page brief"
        )

    @extend_schema(request=InputSerializer, responses={201: BookingSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviewer_id, starts_at = data.validated_data["slot"]
        session = booking.booking_create(
            candidate=request.user,  # type: ignore[arg-type]
            reviewer_id=reviewer_id,
            round_kind=data.validated_data["round_kind"],
            starts_at=starts_at,
            project_brief=data.validated_data["project_brief"],
        )
        session = get_booking_for_participant(request.user, session.pk)  # type: ignore[arg-type]
        return Response(
            BookingSerializer(session, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class BookingDetailApi(APIView):
    """GET: one booked round the user takes part in."""

    @extend_schema(responses={200: BookingSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(request.user, session_id)  # type: ignore[arg-type]
        return Response(BookingSerializer(session, context={"request": request}).data)


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, default="", max_length=1000, help_text="optional, shown to the other side"
    )


class BookingCancelApi(APIView):
    """POST: cancel before the cut-off, or within the free-cancel window after booking (both halves of a
    peer swap); both sides are emailed."""

    class OutputSerializer(serializers.Serializer):
        cancelled = serializers.IntegerField(help_text="how many sessions were cancelled")
        booking = BookingSerializer()

    @extend_schema(request=CancelInputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(request.user, session_id)  # type: ignore[arg-type]
        data = CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = booking.booking_cancel(
            session=session,
            by=request.user,  # type: ignore[arg-type]
            reason=data.validated_data["reason"],
        )
        session.refresh_from_db()
        body = {"cancelled": count, "booking": session}
        return Response(self.OutputSerializer(body, context={"request": request}).data)


class BookingRescheduleApi(ListAPIView):  # type: ignore[type-arg]
    """GET: the same reviewer's open slots to move to. POST: move the round to one of them."""

    serializer_class = SlotSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> list[booking.Slot]:  # type: ignore[override]
        session = get_booking_for_participant(self.request.user, self.kwargs["session_id"])  # type: ignore[arg-type]
        if session.status != SessionStatus.SCHEDULED:
            return []
        return booking.reschedule_slots(session=session)

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else _slot_rows(page)

    class InputSerializer(serializers.Serializer):
        slot = SlotKeyField()

    @extend_schema(request=InputSerializer, responses={200: BookingSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(request.user, session_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _, starts_at = data.validated_data["slot"]
        booking.booking_reschedule(session=session, by=request.user, starts_at=starts_at)  # type: ignore[arg-type]
        session = get_booking_for_participant(request.user, session_id)  # type: ignore[arg-type]
        return Response(BookingSerializer(session, context={"request": request}).data)


class BookingNoShowApi(APIView):
    """POST: mark the other side absent, once the start time has passed."""

    @extend_schema(request=None, responses={200: BookingSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(request.user, session_id)  # type: ignore[arg-type]
        booking.session_no_show_mark(session=session, by=request.user)  # type: ignore[arg-type]
        return Response(BookingSerializer(session, context={"request": request}).data)


class BookingVideoApi(APIView):
    """PUT: set the session's video meeting link; both sides get an updated invite."""

    class InputSerializer(serializers.Serializer):
        video_url = serializers.URLField(allow_blank=True, max_length=200)

    @extend_schema(request=InputSerializer, responses={200: BookingSerializer})
    def put(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(request.user, session_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = booking.session_video_url_set(
            session=session,
            by=request.user,  # type: ignore[arg-type]
            url=data.validated_data["video_url"],
        )
        return Response(BookingSerializer(session, context={"request": request}).data)


class BookingBriefApi(APIView):
    """PUT: the candidate's one-page project brief for a project deep dive, until the start."""

    class InputSerializer(serializers.Serializer):
        project_brief = serializers.CharField(max_length=20_000)

    @extend_schema(request=InputSerializer, responses={200: BookingSerializer})
    def put(self, request: Request, session_id: int) -> Response:
        session = get_booking_for_participant(request.user, session_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = booking.session_brief_set(
            session=session,
            by=request.user,  # type: ignore[arg-type]
            text=data.validated_data["project_brief"],
        )
        return Response(BookingSerializer(session, context={"request": request}).data)


# ---- loops and peer swaps -----------------------------------------------------------------------------


class LoopSerializer(serializers.Serializer):
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


class LoopListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: the candidate's loops. POST: book a whole loop (all six rounds or a subset), all or nothing."""

    serializer_class = LoopSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Loop]:
        return (
            selectors.loop_list_for_candidate(user=self.request.user)  # type: ignore[arg-type]
            .select_related("candidate")
            .order_by("-created_at")
        )

    class InputSerializer(serializers.Serializer):
        round_kinds = serializers.MultipleChoiceField(choices=RoundKind.choices, allow_empty=False)
        one_day = serializers.BooleanField(
            allow_null=True,
            default=None,
            help_text="true: all on one day; false: one round a day; null (default): as soon as possible, "
            "across days and slots",
        )
        from_day = serializers.DateField(help_text="the earliest day, in your time zone")
        project_brief = serializers.CharField(allow_blank=True, default="", max_length=20_000)

        def validate_from_day(self, value: Any) -> Any:
            today = timezone.localdate()
            if value > today + timedelta(days=settings.BOOKING_HORIZON_DAYS):
                raise serializers.ValidationError(
                    f"Slots are open {settings.BOOKING_HORIZON_DAYS} days ahead at most."
                )
            return max(value, today)

    @extend_schema(request=InputSerializer, responses={201: LoopSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        loop = booking.loop_book(
            candidate=request.user,  # type: ignore[arg-type]
            round_kinds=sorted(values.pop("round_kinds")),
            **values,
        )
        loop = self.get_queryset().get(pk=loop.pk)
        return Response(
            LoopSerializer(loop, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class LoopDetailApi(APIView):
    """GET: one of the candidate's loops with its booked rounds."""

    @extend_schema(responses={200: LoopSerializer})
    def get(self, request: Request, loop_id: int) -> Response:
        loop = get_loop_for_candidate(request.user, loop_id)  # type: ignore[arg-type]
        loop = (
            selectors.loop_list_for_candidate(user=request.user).select_related("candidate").get(pk=loop.pk)
        )  # type: ignore[arg-type]
        return Response(LoopSerializer(loop, context={"request": request}).data)


class LoopCancelApi(APIView):
    """POST: cancel every scheduled round of the loop in one step (all or nothing)."""

    class OutputSerializer(serializers.Serializer):
        cancelled = serializers.IntegerField()
        loop = LoopSerializer()

    @extend_schema(request=CancelInputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, loop_id: int) -> Response:
        loop = get_loop_for_candidate(request.user, loop_id)  # type: ignore[arg-type]
        data = CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = booking.loop_cancel(loop=loop, by=request.user, reason=data.validated_data["reason"])  # type: ignore[arg-type]
        loop = selectors.loop_list_for_candidate(user=request.user).get(pk=loop.pk)  # type: ignore[arg-type]
        body = {"cancelled": count, "loop": loop}
        return Response(self.OutputSerializer(body, context={"request": request}).data)


class LoopMoveApi(APIView):
    """POST: place the loop's scheduled rounds again from `from_day` (all or nothing)."""

    class InputSerializer(serializers.Serializer):
        one_day = serializers.BooleanField(
            allow_null=True,
            default=None,
            help_text="true: one day; false: one a day; null: as soon as possible",
        )
        from_day = serializers.DateField(help_text="the earliest day, in your time zone")

        def validate_from_day(self, value: Any) -> Any:
            today = timezone.localdate()
            if value > today + timedelta(days=settings.BOOKING_HORIZON_DAYS):
                raise serializers.ValidationError(
                    f"Slots are open {settings.BOOKING_HORIZON_DAYS} days ahead at most."
                )
            return max(value, today)

    @extend_schema(request=InputSerializer, responses={200: LoopSerializer})
    def post(self, request: Request, loop_id: int) -> Response:
        loop = get_loop_for_candidate(request.user, loop_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking.loop_move(loop=loop, by=request.user, **data.validated_data)  # type: ignore[arg-type]
        loop = selectors.loop_list_for_candidate(user=request.user).get(pk=loop.pk)  # type: ignore[arg-type]
        return Response(LoopSerializer(loop, context={"request": request}).data)


class SwapSlotSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="what to send back to book the swap")
    partner_id = serializers.IntegerField()
    partner = serializers.CharField()
    starts_at = serializers.DateTimeField(help_text="the partner interviews you from here")
    switch_at = serializers.DateTimeField(help_text="then you interview the partner")
    ends_at = serializers.DateTimeField()


class SwapListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: back-to-back swap blocks: a partner interviews you in `my_kind`, then you interview them in
    `their_kind` (you must review `their_kind`). POST: book one."""

    serializer_class = SwapSlotSerializer
    filter_backends: list[Any] = []

    class FilterSerializer(serializers.Serializer):
        my_kind = serializers.ChoiceField(choices=RoundKind.choices)
        their_kind = serializers.ChoiceField(choices=RoundKind.choices)

    def get_queryset(self) -> list[Any]:  # type: ignore[override]
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return booking.swap_slots(user=self.request.user, **params.validated_data)  # type: ignore[arg-type]

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is None:
            return None
        names = dict(
            User.objects.filter(pk__in={a.reviewer_id for a, _ in page}).values_list("pk", "username")
        )
        return [
            {
                "key": first.key(),
                "partner_id": first.reviewer_id,
                "partner": names.get(first.reviewer_id, ""),
                "starts_at": first.starts_at,
                "switch_at": second.starts_at,
                "ends_at": second.ends_at,
            }
            for first, second in page
        ]

    class InputSerializer(serializers.Serializer):
        my_kind = serializers.ChoiceField(choices=RoundKind.choices)
        their_kind = serializers.ChoiceField(choices=RoundKind.choices)
        slot = SlotKeyField()
        project_brief = serializers.CharField(allow_blank=True, default="", max_length=20_000)

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
        first, second = booking.peer_swap_book(
            user=request.user,  # type: ignore[arg-type]
            partner_id=partner_id,
            my_kind=data.validated_data["my_kind"],
            their_kind=data.validated_data["their_kind"],
            starts_at=starts_at,
            project_brief=data.validated_data["project_brief"],
        )
        sessions = [get_booking_for_participant(request.user, s.pk) for s in (first, second)]  # type: ignore[arg-type]
        body = BookingSerializer(sessions, many=True, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


# ---- live sessions: the reviewer's side --------------------------------------------------------------


class LiveItemSerializer(serializers.Serializer):
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
        session = get_session_for_reviewer(request.user, session_id)  # type: ignore[arg-type]
        live.session_open(session=session)
        services.session_expire_if_overdue(session=session)
        session = selectors.live_session_for_reviewer(session_id=session.pk)
        return Response(self.OutputSerializer(session, context={"request": request}).data)


class LiveRevealApi(APIView):
    """POST (the session's reviewer): show the candidate the next question, or a question's next follow-up."""

    class InputSerializer(serializers.Serializer):
        what = serializers.ChoiceField(choices=["question", "follow_up"])
        item_id = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_ID, help_text="follow_up: the question's item id"
        )

    @extend_schema(request=InputSerializer, responses={200: LiveItemSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_session_for_reviewer(request.user, session_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["what"] == "question":
            item = live.question_reveal_next(session=session, by=request.user)  # type: ignore[arg-type]
        else:
            if "item_id" not in data.validated_data:
                raise ApplicationError("Say which question's follow-up to reveal (item_id).", field="item_id")
            item = get_object_or_404(SessionQuestion, pk=data.validated_data["item_id"], session=session)
            item = live.follow_up_reveal(session=session, item=item, by=request.user)  # type: ignore[arg-type]
        item = (
            SessionQuestion.objects.select_related("question_version")
            .prefetch_related("answers")
            .get(pk=item.pk)
        )
        return Response(LiveItemSerializer(item).data)


class LiveScratchpadApi(APIView):
    """PUT (the session's reviewer): autosave private notes; never shown to the candidate."""

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(
            allow_blank=True, trim_whitespace=False, max_length=settings.ANSWER_MAX_CHARS * 2
        )

    class OutputSerializer(serializers.Serializer):
        text = serializers.CharField()
        updated_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def put(self, request: Request, session_id: int) -> Response:
        session = get_session_for_reviewer(request.user, session_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pad = live.scratchpad_save(session=session, by=request.user, text=data.validated_data["text"])  # type: ignore[arg-type]
        return Response(self.OutputSerializer(pad).data)
