"""Serializers more than one area of the API answers with: sessions, answers, bookings, open slots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from questionbank.models import RoundKind

from .. import slots
from ..models import InterviewSession, SessionMode, SessionStatus
from ..selectors import SlotRow


class SessionSerializer(serializers.Serializer[Any]):
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


class AnswerSerializer(serializers.Serializer[Any]):
    section = serializers.CharField(help_text="design section key; empty for other rounds")
    text = serializers.CharField()
    revision = serializers.IntegerField()
    seconds_spent = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class SlotSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="what to send back to book it")
    reviewer_id = serializers.IntegerField()
    reviewer = serializers.CharField()
    reviewer_no_shows = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


def slot_data(rows: list[SlotRow]) -> list[dict[str, Any]]:
    """Open slots as `SlotSerializer` reads them."""
    return [
        {
            "key": row.slot.key(),
            "reviewer_id": row.slot.reviewer_id,
            "reviewer": row.reviewer,
            "reviewer_no_shows": row.reviewer_no_shows,
            "starts_at": row.slot.starts_at,
            "ends_at": row.slot.ends_at,
        }
        for row in rows
    ]


class SlotKeyField(serializers.RegexField):
    """`<reviewer id>|<start, ISO 8601 with offset>`, as the slot lists give it (the pattern is in the schema)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            slots.SLOT_KEY_PATTERN,
            max_length=80,
            error_messages={"invalid": "Choose one of the open slots: this is not a slot key."},
            **kwargs,
        )

    def run_validation(self, data: Any = empty) -> tuple[int, datetime]:  # returns the parsed key, not a str
        """The key's parts, once its form is checked. Whether it is an open slot right now is the booking
        service's check (409)."""
        return slots.parse_slot_key(super().run_validation(data))


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
        return session.changeable_until()

    @extend_schema_field(serializers.BooleanField())
    def get_cancellable(self, session: InterviewSession) -> bool:
        return session.can_cancel(timezone.now())

    def get_url(self, session: InterviewSession) -> str:
        return f"/api/bookings/{session.pk}/"


class CancelInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        allow_blank=True, default="", max_length=1000, help_text="optional, shown to the other side"
    )
