"""Curator pages of the bank as files: download it as a zip, upload a zip to import (all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from config.http import AuthedRequest

from .bankfiles.data import BankError
from .exporting import bank_zip
from .forms import BankUploadForm
from .importing import bank_import_zip
from .roles import curator_required


def zip_response(data: bytes) -> HttpResponse:
    """The bank zip as a download named after today (the page and the API give the same file)."""
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="mockloop-bank-{timezone.now():%Y-%m-%d}.zip"'
    return response


@curator_required
def bank_export(request: AuthedRequest) -> HttpResponse:
    return zip_response(bank_zip())


@curator_required
def bank_import(request: AuthedRequest) -> HttpResponse:
    form = BankUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            summary = bank_import_zip(data=upload.read(), author=request.user)
        except BankError as exc:
            problems = [str(p) for p in exc.problems]
        else:
            if summary.changed_nothing:
                messages.info(request, f"The bank already matches this zip: nothing changed ({summary}).")
            else:
                messages.success(request, f"Imported: {summary}.")
            return redirect("questionbank:question-list")
    status = 400 if problems or form.errors else 200
    return render(
        request, "questionbank/bank_import.html", {"form": form, "problems": problems}, status=status
    )
