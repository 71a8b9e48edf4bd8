"""Reviewers' availability over the API: weekly windows, one-off slots and booking rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user

from .. import availability, selectors
from ..access import get_one_off_slot_for_reviewer, get_weekly_window_for_reviewer
from ..models import Weekday

RULES = availability.BOOKING_RULE_LIMITS


class WeeklyWindowSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    weekday = serializers.ChoiceField(choices=Weekday.choices)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()


class OneOffSlotSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class BookingRulesSerializer(serializers.Serializer[Any]):
    # The ranges the service enforces, declared so the schema states them.
    min_notice_minutes = serializers.IntegerField(
        min_value=RULES["min_notice_minutes"][0], max_value=RULES["min_notice_minutes"][1]
    )
    buffer_minutes = serializers.IntegerField(
        min_value=RULES["buffer_minutes"][0], max_value=RULES["buffer_minutes"][1]
    )
    daily_limit = serializers.IntegerField(
        min_value=RULES["daily_limit"][0], max_value=RULES["daily_limit"][1]
    )
    meeting_url = serializers.URLField(allow_blank=True, max_length=200)


class AvailabilityApi(APIView):
    """GET: the reviewer's weekly windows (their own zone), upcoming one-off slots and booking rules."""

    class OutputSerializer(serializers.Serializer[Any]):
        time_zone = serializers.CharField()
        review_rounds = serializers.ListField(child=serializers.CharField())
        weekly = WeeklyWindowSerializer(many=True)
        one_offs = OneOffSlotSerializer(many=True)
        rules = BookingRulesSerializer()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        data = selectors.availability_for_reviewer(user=api_user(request))
        body = {
            "time_zone": data.profile.time_zone,
            "review_rounds": [r.round_kind for r in data.review_rounds],
            "weekly": data.weekly,
            "one_offs": data.one_offs,
            "rules": data.profile,
        }
        return Response(self.OutputSerializer(body).data)


def _add(
    request: Request,
    input_class: type[serializers.Serializer[Any]],
    add: Callable[..., Model],
    output_class: type[serializers.Serializer[Any]],
) -> Response:
    """Read the input, call the availability service as the signed-in reviewer, answer 201 with it."""
    data = input_class(data=request.data)
    data.is_valid(raise_exception=True)
    added = add(reviewer=api_user(request), **data.validated_data)
    return Response(output_class(added).data, status=status.HTTP_201_CREATED)


class BookingRulesApi(APIView):
    """PUT: the reviewer's minimum notice, buffer between sessions, daily limit and meeting link."""

    @extend_schema(request=BookingRulesSerializer, responses={200: BookingRulesSerializer})
    def put(self, request: Request) -> Response:
        data = BookingRulesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = availability.booking_rules_set(reviewer=api_user(request), **data.validated_data)
        return Response(BookingRulesSerializer(profile).data)


class WeeklyWindowListApi(APIView):
    """POST: add a recurring window, in wall-clock time of the reviewer's own zone."""

    class InputSerializer(serializers.Serializer[Any]):
        weekday = serializers.ChoiceField(choices=Weekday.choices)
        start_time = serializers.TimeField()
        end_time = serializers.TimeField()

    @extend_schema(request=InputSerializer, responses={201: WeeklyWindowSerializer})
    def post(self, request: Request) -> Response:
        return _add(request, self.InputSerializer, availability.weekly_window_add, WeeklyWindowSerializer)


class WeeklyWindowDetailApi(APIView):
    """DELETE: remove a weekly window (sessions already booked in it stay booked)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, window_id: int) -> Response:
        availability.availability_remove(window=get_weekly_window_for_reviewer(api_user(request), window_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class OneOffSlotListApi(APIView):
    """POST: add a one-off stretch of availability, in wall-clock time of the reviewer's zone. A day that is
    not from today to a year ahead is refused with 409."""

    class InputSerializer(serializers.Serializer[Any]):
        day = serializers.DateField()
        start_time = serializers.TimeField()
        end_time = serializers.TimeField()

    @extend_schema(request=InputSerializer, responses={201: OneOffSlotSerializer})
    def post(self, request: Request) -> Response:
        return _add(request, self.InputSerializer, availability.one_off_slot_add, OneOffSlotSerializer)


class OneOffSlotDetailApi(APIView):
    """DELETE: remove a one-off slot (sessions already booked in it stay booked)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, slot_id: int) -> Response:
        availability.availability_remove(window=get_one_off_slot_for_reviewer(api_user(request), slot_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
