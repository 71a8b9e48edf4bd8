"""Export of the bank: the live version of each item as the plain files of docs/bank-format.md."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.db import models

from .bankfiles.data import BankData
from .bankfiles.writing import bank_files, write_bank
from .models import CandidateQuestion, Question, RedFlag, Rubric, Topic
from .versions import question_data_of, rubric_data_of

ZIP_FOLDER = "bank"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same bank always zips to the same bytes


def bank_export_data() -> BankData:
    """The live bank as plain data: the live version of each item (the newest one for items never
    published), with its status. Pending, unapproved revisions of published items stay in the app."""
    bank = BankData()
    bank.topics = list(Topic.objects.order_by("id").values_list("slug", "name"))
    bank.red_flags = list(RedFlag.objects.order_by("position", "id").values_list("key", "text"))
    bank.candidate_questions = list(
        CandidateQuestion.objects.order_by("position", "id").values_list("text", "why")
    )
    questions = (
        Question.objects.exclude(current_version=None)
        .select_related("current_version__question")
        .prefetch_related(models.Prefetch("current_version__topics", queryset=Topic.objects.only("slug")))
        .order_by("slug")
    )
    for question in questions:
        version = question.current_version
        assert version is not None
        bank.questions.append(question_data_of(version, status=question.status))
    for rubric in Rubric.objects.exclude(current_version=None).select_related("current_version__rubric"):
        assert rubric.current_version is not None
        bank.rubrics.append(rubric_data_of(rubric.current_version, status=rubric.status))
    return bank


def bank_export(*, root: Path) -> list[str]:
    """Write the bank into `root` (new or empty folder). Returns the relative paths written."""
    return write_bank(bank_export_data(), root)


def bank_zip() -> bytes:
    """The exported bank as a zip of a `bank/` folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel, text in bank_files(bank_export_data()).items():
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{rel}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
