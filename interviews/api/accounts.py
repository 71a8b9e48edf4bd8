"""Accounts over the API: trading a password for a token, and the user's profile."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from questionbank.models import Domain, Level, RoundKind

from .. import selectors, services
from ..forms import time_zone_choices
from ..login_limits import lockout_message
from ..models import Profile


class TokenApi(APIView):
    """POST: trade a username and password for a token (rate-limited like the login page). DELETE: revoke it."""

    authentication_classes = [TokenAuthentication]  # no session: a script's POST needs no CSRF token

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    class InputSerializer(serializers.Serializer[Any]):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(
            max_length=128, trim_whitespace=False, style={"input_type": "password"}
        )

    class OutputSerializer(serializers.Serializer[Any]):
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
            raise exceptions.AuthenticationFailed("Wrong username or password.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=api_user(request)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileApi(APIView):
    """GET: the user's settings. PUT: change them (time zone, target level and domain, rounds reviewed)."""

    class OutputSerializer(serializers.Serializer[Any]):
        username = serializers.CharField(source="user.username")
        time_zone = serializers.CharField()
        target_level = serializers.ChoiceField(choices=Level.choices)
        target_domain = serializers.CharField()
        accommodation_factor = serializers.DecimalField(max_digits=3, decimal_places=2)
        review_rounds = serializers.SerializerMethodField()
        no_shows = serializers.SerializerMethodField()

        def get_review_rounds(self, profile: Profile) -> list[str]:
            return selectors.review_kinds(user=profile.user)

        def get_no_shows(self, profile: Profile) -> int:
            return selectors.no_show_counts(user_ids=[profile.user_id])[profile.user_id]

    class InputSerializer(serializers.Serializer[Any]):
        # The zones the service accepts, so the schema lists them (a name like Europe/London).
        time_zone = serializers.ChoiceField(choices=time_zone_choices())
        target_level = serializers.ChoiceField(choices=Level.choices)
        target_domain = serializers.ChoiceField(choices=Domain.choices, allow_blank=True, default="")
        review_rounds = serializers.ListField(
            child=serializers.ChoiceField(choices=RoundKind.choices), default=list, max_length=6
        )

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(services.profile_of(api_user(request))).data)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def put(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = services.profile_update(user=api_user(request), **data.validated_data)
        return Response(self.OutputSerializer(profile).data)
