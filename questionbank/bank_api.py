"""The bank as files over the API (curators): export it as a zip, import a zip all or nothing."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ErrorSerializer
from config.http import api_user

from .bank_views import zip_response
from .bankfiles.data import BankError
from .exporting import bank_zip
from .importing import bank_import_zip
from .roles import require_curator


class BankExportApi(APIView):
    """GET (curators): the whole bank as a zip of plain files (docs/bank-format.md)."""

    @extend_schema(
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="the bank zip")}
    )
    def get(self, request: Request) -> HttpResponse:
        require_curator(request.user)
        return zip_response(bank_zip())


class BankImportApi(APIView):
    """POST (curators): import a bank zip, checked completely first (sandbox included), all or nothing."""

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer[Any]):
        archive = serializers.FileField(help_text="a zip of the bank folder, as the export gives")

    class OutputSerializer(serializers.Serializer[Any]):
        summary = serializers.CharField()
        changed_nothing = serializers.BooleanField()
        created = serializers.ListField(child=serializers.CharField())
        updated = serializers.ListField(child=serializers.CharField())
        unchanged = serializers.IntegerField()
        status_changed = serializers.ListField(child=serializers.CharField())
        checked = serializers.ListField(child=serializers.CharField())

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, 400: ErrorSerializer})
    def post(self, request: Request) -> Response:
        require_curator(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            summary = bank_import_zip(data=data.validated_data["archive"].read(), author=api_user(request))
        except BankError as exc:
            problems = [str(p) for p in exc.problems]
            detail = f"Nothing was imported. Fix what `problems` lists ({len(problems)}), then upload the zip again."
            return Response({"detail": detail, "problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "summary": str(summary),
            "changed_nothing": summary.changed_nothing,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "status_changed": summary.status_changed,
            "checked": summary.checked,
        }
        return Response(self.OutputSerializer(body).data)
