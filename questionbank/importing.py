"""Import of the bank's files: read and validated completely first (the sandbox check of coding problems
included), then applied all or nothing. Importing the same files twice changes nothing."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from .bankfiles.data import BankData, BankError, BankProblem, QuestionData, RubricData
from .bankfiles.reading import read_bank
from .models import (
    CandidateQuestion,
    Question,
    QuestionVersion,
    RedFlag,
    RoundConfig,
    RoundKind,
    Rubric,
    RubricVersion,
    Status,
    Topic,
)
from .roles import require_curator
from .validation import CheckOutcome, SandboxUnavailable, check_coding_spec
from .versions import (
    content_hash,
    head_version,
    question_payload,
    question_version_create,
    rubric_payload,
    rubric_version_create,
)

BANK_DIR = Path(__file__).resolve().parent / "bank"
ZIP_MAX_FILES = 5000
ZIP_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    status_changed: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # coding problems run in the sandbox

    def __str__(self) -> str:
        text = f"{len(self.created)} created, {len(self.updated)} new versions, {self.unchanged} unchanged"
        if self.status_changed:
            text += f", {len(self.status_changed)} status changes"
        if self.checked:
            text += f", {len(self.checked)} coding problems checked in the sandbox"
        return text

    @property
    def changed_nothing(self) -> bool:
        return not (self.created or self.updated or self.status_changed)


def _check_coding_for_import(changed: list[QuestionData]) -> dict[str, CheckOutcome]:
    """Run the sandbox check of every new or changed published coding problem; raise if any fails."""
    problems: list[BankProblem] = []
    outcomes: dict[str, CheckOutcome] = {}
    for data in changed:
        if data.coding_spec is None or data.status != Status.PUBLISHED:
            continue
        try:
            outcome = check_coding_spec(data.coding_spec)
        except SandboxUnavailable as exc:
            problems.append(
                BankProblem(
                    data.source, None, "", f"the reference solution could not be run in the sandbox: {exc}"
                )
            )
            continue
        outcomes[data.slug] = outcome
        for file, message in outcome.file_problems:
            problems.append(BankProblem(f"{data.source}/{file}", None, "", message))
    if problems:
        raise BankError(problems)
    return outcomes


def bank_import(*, bank: BankData, author: User | None = None, check_coding: bool = True) -> ImportSummary:
    """Apply already-read bank data, all or nothing. Unchanged items are left alone (importing twice is a
    no-op). With `check_coding`, every new or changed published coding problem must first pass the
    sandbox check (reference passes, each wrong/*.py fails), or BankError is raised and nothing is written.

    The files are authoritative: an imported version goes live at once with the file's status.
    """
    live_hashes = {
        question.slug: question.current_version.content_hash
        for question in Question.objects.select_related("current_version")
        if question.current_version is not None
    }
    changed = [
        data for data in bank.questions if live_hashes.get(data.slug) != content_hash(question_payload(data))
    ]
    outcomes = _check_coding_for_import(changed) if check_coding else {}
    return _bank_apply(bank=bank, author=author, outcomes=outcomes)


def _mark_imported(version: QuestionVersion | RubricVersion, status: str) -> None:
    """Files carry the workflow state: a published file counts as approved when it was imported."""
    now = timezone.now()
    fields = []
    if status in {Status.IN_REVIEW, Status.PUBLISHED, Status.RETIRED} and version.submitted_at is None:
        version.submitted_at = now
        fields.append("submitted_at")
    if status in {Status.PUBLISHED, Status.RETIRED} and version.approved_at is None:
        version.approved_at = now
        fields.append("approved_at")
    if fields:
        version.save(update_fields=fields)


@transaction.atomic
def _bank_apply(*, bank: BankData, author: User | None, outcomes: dict[str, CheckOutcome]) -> ImportSummary:
    summary = ImportSummary(checked=sorted(outcomes))
    topics = _apply_lists(bank)
    existing = {
        q.slug: q for q in Question.objects.select_for_update(of=("self",)).select_related("current_version")
    }
    for data in bank.questions:
        _apply_question(
            data,
            existing.get(data.slug),
            topics=topics,
            author=author,
            outcome=outcomes.get(data.slug),
            summary=summary,
        )
    rubrics = {
        r.round_kind: r
        for r in Rubric.objects.select_for_update(of=("self",)).select_related("current_version")
    }
    for rdata in bank.rubrics:
        _apply_rubric(rdata, rubrics.get(rdata.round_kind), author=author, summary=summary)
    return summary


def _apply_lists(bank: BankData) -> dict[str, Topic]:
    """Round configs, topics (by slug, returned), red flags and candidate questions."""
    for kind in RoundKind.values:
        RoundConfig.for_kind(kind)
    topics: dict[str, Topic] = {}
    for slug, name in bank.topics:
        topic, created = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        if not created and topic.name != name:
            topic.name = name
            topic.save(update_fields=["name"])
        topics[slug] = topic
    for position, (key, text) in enumerate(bank.red_flags):
        RedFlag.objects.update_or_create(key=key, defaults={"text": text, "position": position})
    for position, (text, why) in enumerate(bank.candidate_questions):
        CandidateQuestion.objects.update_or_create(text=text, defaults={"why": why, "position": position})
    return topics


def _apply_question(
    data: QuestionData,
    question: Question | None,
    *,
    topics: dict[str, Topic],
    author: User | None,
    outcome: CheckOutcome | None,
    summary: ImportSummary,
) -> None:
    if question is None:
        question = Question.objects.create(slug=data.slug, round_kind=data.round_kind, status=data.status)
        version = question_version_create(
            question=question, data=data, topics=topics, author=author, validation=outcome
        )
        _mark_imported(version, data.status)
        summary.created.append(data.slug)
        return
    current = question.current_version
    new_hash = content_hash(question_payload(data))
    changed = current is None or current.content_hash != new_hash
    if changed:
        head = head_version(question)
        if head is not None and head.content_hash == new_hash:
            # The file is the pending revision: it goes live rather than being stored twice.
            question.current_version = head
            question.save(update_fields=["current_version", "updated_at"])
            version = head
        else:
            version = question_version_create(
                question=question, data=data, topics=topics, author=author, validation=outcome
            )
        _mark_imported(version, data.status)
        summary.updated.append(data.slug)
    else:
        summary.unchanged += 1
    if question.status != data.status:
        question.status = data.status
        question.save(update_fields=["status", "updated_at"])
        if current is not None and not changed:
            _mark_imported(current, data.status)
            summary.status_changed.append(data.slug)


def _apply_rubric(
    rdata: RubricData, rubric: Rubric | None, *, author: User | None, summary: ImportSummary
) -> None:
    new_hash = content_hash(rubric_payload(rdata))
    if rubric is None:
        rubric = Rubric.objects.create(slug=rdata.slug, round_kind=rdata.round_kind, status=rdata.status)
        _mark_imported(rubric_version_create(rubric=rubric, data=rdata, author=author), rdata.status)
        summary.created.append(rdata.slug)
        return
    if rubric.current_version is None or rubric.current_version.content_hash != new_hash:
        version = rubric_version_create(rubric=rubric, data=rdata, author=author)
        _mark_imported(version, rdata.status)
        summary.updated.append(rdata.slug)
    else:
        summary.unchanged += 1
    if rubric.status != rdata.status:
        rubric.status = rdata.status
        rubric.save(update_fields=["status"])
        if rubric.current_version is not None:
            _mark_imported(rubric.current_version, rdata.status)
        if rdata.slug not in summary.updated:
            summary.status_changed.append(rdata.slug)


def bank_load(
    *, root: Path = BANK_DIR, author: User | None = None, check_coding: bool = False
) -> ImportSummary:
    """Read, validate and import a bank folder; raises BankError (and imports nothing) on any problem.

    `load_bank` (demo data, the repository's own bank) skips the sandbox check by default: the test suite
    proves the shipped problems, and each coding version is queued for its own check after commit.
    """
    return bank_import(bank=read_bank(root), author=author, check_coding=check_coding)


def _unpack_zip(data: bytes, target: Path) -> Path:
    """Extract an uploaded bank zip safely; return the bank folder inside it (raises BankError)."""

    def refuse(message: str) -> BankError:
        return BankError([BankProblem("(zip)", None, "", message)])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise refuse("this is not a zip file") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > ZIP_MAX_FILES:
            raise refuse(f"holds {len(members)} files; at most {ZIP_MAX_FILES}")
        if sum(m.file_size for m in members) > ZIP_MAX_BYTES:
            raise refuse(f"unpacks to more than {ZIP_MAX_BYTES // (1024 * 1024)} MB")
        for member in members:
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
                raise refuse(f"{member.filename}: unsafe path")
            if (member.external_attr >> 16) & 0o170000 == 0o120000:
                raise refuse(f"{member.filename}: symbolic links are not allowed")
            destination = target / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source:
                destination.write_bytes(source.read(ZIP_MAX_BYTES + 1)[:ZIP_MAX_BYTES])
    if (target / "topics.yaml").exists():
        return target
    folders = [p for p in target.iterdir() if p.is_dir()]
    if len(folders) == 1 and (folders[0] / "topics.yaml").exists():
        return folders[0]
    raise refuse("topics.yaml not found: zip the bank folder itself (as the download does)")


def bank_import_zip(*, data: bytes, author: User) -> ImportSummary:
    """Import an uploaded zip: validated completely first (sandbox check included), then all or nothing."""
    require_curator(author)
    with tempfile.TemporaryDirectory(prefix="bank-upload-") as tmp:
        root = _unpack_zip(data, Path(tmp))
        bank = read_bank(root)
    return bank_import(bank=bank, author=author, check_coding=True)
