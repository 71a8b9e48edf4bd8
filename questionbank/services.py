"""Write paths of the question bank: rendering, versioning, the curation workflow, import and export.

The workflow (docs/architecture.md, "Curation"): an item (question, coding problem or rubric) is a draft,
in review, published or retired. Every change of content is a new immutable version. While an item is
published, edits pile up as newer versions that nobody sees until another curator approves one; the
approved version becomes `current_version`, which is what new sessions draw. Sessions keep the version
they pinned.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

import markdown as markdown_lib
import nh3
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from config.errors import ApplicationError

from .bankfiles import (
    NOTE_LISTS,
    BankData,
    BankError,
    BankProblem,
    QuestionData,
    RubricData,
    bank_files,
    normalised,
    read_bank,
    rubric_slug,
    write_bank,
)
from .mathmarkup import MathPlaceholders
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
    ValidationStatus,
)
from .roles import is_curator
from .validation import CheckOutcome, SandboxUnavailable, check_coding_spec

BANK_DIR = Path(__file__).resolve().parent / "bank"

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "sub",
    "sup",
}


def render_markdown(text: str) -> str:
    """Markdown to HTML with everything but a safe set of tags stripped (curator text is not trusted).

    A leading level-1 heading is dropped: pages show the item's title themselves.
    """
    text = re.sub(r"\A\s*#(?!#)[^\n]*\n", "", text)
    # TeX formulas bypass Markdown and come back as KaTeX-ready spans (questionbank/mathmarkup.py).
    math = MathPlaceholders()
    html = markdown_lib.markdown(math.protect(text), extensions=["fenced_code", "tables", "sane_lists"])
    cleaned = nh3.clean(
        html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener nofollow"
    )
    return math.restore(cleaned)


def content_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _question_payload(data: QuestionData) -> dict[str, Any]:
    payload = {
        "title": data.title,
        "prompt_md": data.prompt_md,
        "difficulty": data.difficulty,
        "level": data.level,
        "domain": data.domain,
        "minutes": data.minutes,
        "topics": sorted(data.topics),
        "reviewer_notes": data.reviewer_notes,
        "section_notes": data.section_notes,
        "coding_spec": data.coding_spec,
    }
    if data.problem_yaml:  # only coding problems; absent otherwise so older hashes stay valid
        payload["problem_yaml"] = data.problem_yaml
    return payload


def _rubric_payload(data: RubricData) -> dict[str, Any]:
    return {"title": data.title, "criteria": data.criteria}


def _user_or_none(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    return user


def question_version_create(
    *,
    question: Question,
    data: QuestionData,
    topics: dict[str, Topic],
    author: AbstractBaseUser | None = None,
    make_current: bool = True,
    validation: CheckOutcome | None = None,
) -> QuestionVersion:
    """Append a new immutable version to `question`, current unless `make_current` is False.

    Call inside a transaction. A coding version without a `validation` outcome is queued for the
    sandbox check once the transaction commits.
    """
    payload = _question_payload(data)
    last = question.versions.order_by("-number").first()
    is_coding = data.coding_spec is not None
    if not is_coding:
        status, outcome = "", {}
    elif validation is None:
        status, outcome = ValidationStatus.PENDING, {}
    else:
        status = ValidationStatus.PASSED if validation.passed else ValidationStatus.FAILED
        outcome = validation.data
    version = QuestionVersion.objects.create(
        question=question,
        number=(last.number + 1) if last else 1,
        title=data.title,
        prompt_md=data.prompt_md,
        prompt_html=render_markdown(data.prompt_md),
        difficulty=data.difficulty,
        level=data.level,
        domain=data.domain,
        minutes=data.minutes,
        reviewer_notes=data.reviewer_notes,
        section_notes=data.section_notes,
        coding_spec=data.coding_spec,
        problem_yaml=data.problem_yaml,
        content_hash=content_hash(payload),
        created_by=_user_or_none(author),
        validation_status=status,
        validation=outcome,
    )
    version.topics.set([topics[slug] for slug in data.topics])
    if status == ValidationStatus.PENDING:
        _enqueue_validation(version.pk)
    if make_current:
        question.current_version = version
        question.save(update_fields=["current_version", "updated_at"])
    return version


def _enqueue_validation(version_id: int) -> None:
    """Queue the sandbox check once the version is committed. A broker that is down must not fail the
    curator's save: the check stays pending and the beat job `requeue_coding_validations` sends it."""
    from .tasks import validate_coding_version

    validate_coding_version.enqueue_on_commit(version_id)


def question_data_of(version: QuestionVersion, *, status: str) -> QuestionData:
    """The plain data of a stored version, as the bank files carry it."""
    notes = version.reviewer_notes or {}
    return QuestionData(
        slug=version.question.slug,
        round_kind=version.question.round_kind,
        title=version.title,
        prompt_md=version.prompt_md,
        difficulty=version.difficulty,
        level=version.level,
        domain=version.domain,
        minutes=version.minutes,
        topics=sorted(t.slug for t in version.topics.all()),
        reviewer_notes={key: list(notes.get(key, [])) for key in NOTE_LISTS},
        section_notes=dict(version.section_notes or {}),
        status=status,
        coding_spec=version.coding_spec,
        problem_yaml=version.problem_yaml,
    )


def rubric_data_of(version: RubricVersion, *, status: str) -> RubricData:
    rubric = version.rubric
    return RubricData(
        slug=rubric.slug,
        round_kind=rubric.round_kind,
        title=version.title,
        criteria=version.criteria,
        status=status,
    )


def _rubric_version_create(
    *, rubric: Rubric, data: RubricData, author: AbstractBaseUser | None = None, make_current: bool = True
) -> RubricVersion:
    last = rubric.versions.order_by("-number").first()
    version = RubricVersion.objects.create(
        rubric=rubric,
        number=(last.number + 1) if last else 1,
        title=data.title,
        criteria=data.criteria,
        content_hash=content_hash(_rubric_payload(data)),
        created_by=_user_or_none(author),
    )
    if make_current:
        rubric.current_version = version
        rubric.save(update_fields=["current_version"])
    return version


# ---- the workflow, shared by questions and rubrics --------------------------------------------------

Item = TypeVar("Item", Question, Rubric)
RESERVED_SLUGS = frozenset({"new", "coding", "rubrics", "import", "export", "preview", "topics"})


def _require_curator(user: AbstractBaseUser) -> None:
    if not is_curator(user):
        raise ApplicationError("Only curators can change the bank.", status=403)


def _locked(item: Item) -> Item:
    """The item's row, locked for the rest of the transaction, so two curators cannot race a transition."""
    return (
        type(item).objects.select_for_update(of=("self",)).select_related("current_version").get(pk=item.pk)
    )


def head_version(item: Question | Rubric) -> QuestionVersion | RubricVersion | None:
    """The newest version: what is being edited and reviewed (the live one when nothing is pending)."""
    return item.versions.order_by("-number").first()


def pending_authors(item: Question | Rubric) -> set[int]:
    """Ids of the curators who wrote or submitted the versions not yet live: none of them may approve."""
    live = item.current_version.number if item.status in {Status.PUBLISHED, Status.RETIRED} else 0
    pending = item.versions.filter(number__gt=live)
    ids = set(pending.values_list("created_by_id", flat=True)) | set(
        pending.values_list("submitted_by_id", flat=True)
    )
    ids.discard(None)
    return ids


def _submit(item: Item, user: AbstractBaseUser) -> None:
    _require_curator(user)
    head = head_version(item)
    if item.status == Status.RETIRED:
        raise ApplicationError("This item is retired; restore it before asking for a review.", status=409)
    if head is None or head.approved_at is not None:
        raise ApplicationError("There are no unpublished changes to review.", status=409)
    if head.submitted_at is not None:
        raise ApplicationError("This version is already waiting for a review.", status=409)
    head.submitted_by, head.submitted_at = user, timezone.now()
    head.save(update_fields=["submitted_by", "submitted_at"])
    if item.status == Status.DRAFT:
        item.status = Status.IN_REVIEW
        item.save(update_fields=["status"])


def _withdraw(item: Item, user: AbstractBaseUser) -> None:
    """Take the pending version out of review (its author withdraws it, or a reviewer sends it back)."""
    _require_curator(user)
    head = head_version(item)
    if head is None or head.approved_at is not None or head.submitted_at is None:
        raise ApplicationError("Nothing is waiting for a review.", status=409)
    head.submitted_by, head.submitted_at = None, None
    head.save(update_fields=["submitted_by", "submitted_at"])
    if item.status == Status.IN_REVIEW:
        item.status = Status.DRAFT
        item.save(update_fields=["status"])


def _approve(item: Item, user: AbstractBaseUser, check: Callable[[Any], None] | None = None) -> Any:
    _require_curator(user)
    head = head_version(item)
    if head is None or head.approved_at is not None or head.submitted_at is None:
        raise ApplicationError("Nothing is waiting for a review.", status=409)
    if user.pk in pending_authors(item):
        raise ApplicationError(
            "You wrote or submitted these changes, so another curator must approve them.", status=403
        )
    if check is not None:
        check(head)
    head.approved_by, head.approved_at = user, timezone.now()
    head.save(update_fields=["approved_by", "approved_at"])
    item.current_version = head
    item.status = Status.PUBLISHED
    item.save(update_fields=["current_version", "status"])
    return head


def _retire(item: Item, user: AbstractBaseUser) -> None:
    _require_curator(user)
    if item.status != Status.PUBLISHED:
        raise ApplicationError("Only a published item can be retired.", status=409)
    item.status = Status.RETIRED
    item.save(update_fields=["status"])


def _restore(item: Item, user: AbstractBaseUser) -> None:
    """Serve a retired item again: its live version was approved before, so no new review is needed."""
    _require_curator(user)
    if item.status != Status.RETIRED:
        raise ApplicationError("Only a retired item can be restored.", status=409)
    item.status = Status.PUBLISHED
    item.save(update_fields=["status"])


def _check_validation(version: QuestionVersion) -> None:
    if version.coding_spec is not None and not version.validation_passed:
        raise ApplicationError(
            "A coding problem is published only once its reference solution passes every test and each "
            "wrong solution (wrong/*.py) fails one, in the sandbox. This version has not passed that check.",
            status=409,
        )


# ---- questions and coding problems ---------------------------------------------------------------


def _topics_for(data: QuestionData) -> dict[str, Topic]:
    topics = Topic.objects.in_bulk(data.topics, field_name="slug")
    unknown = sorted(set(data.topics) - set(topics))
    if unknown:
        raise ApplicationError(f"Unknown topic: {', '.join(unknown)}.", field="topics")
    return topics


@transaction.atomic
def question_create(*, data: QuestionData, author: AbstractBaseUser) -> Question:
    """A new draft question (or coding problem) with its first version."""
    _require_curator(author)
    data = normalised(data)
    if data.slug in RESERVED_SLUGS:
        raise ApplicationError(f"{data.slug!r} is reserved for a page of the bank.", field="slug")
    if Question.objects.filter(slug=data.slug).exists():
        raise ApplicationError(f"The slug {data.slug!r} is already used.", field="slug")
    topics = _topics_for(data)
    question = Question.objects.create(slug=data.slug, round_kind=data.round_kind, status=Status.DRAFT)
    question_version_create(question=question, data=data, topics=topics, author=author)
    return question


@transaction.atomic
def question_update(
    *, question: Question, data: QuestionData, author: AbstractBaseUser
) -> QuestionVersion | None:
    """Save an edit as a new version. Returns None when nothing changed.

    A published question keeps serving its live version: the edit waits for another curator's approval.
    Editing a question that was in review takes it back to draft (the new content has not been reviewed).
    """
    _require_curator(author)
    data = normalised(data)
    question = _locked(question)
    if question.status == Status.RETIRED:
        raise ApplicationError("This question is retired; restore it before editing.", status=409)
    head = head_version(question)
    if head is not None and head.content_hash == content_hash(_question_payload(data)):
        return None
    live = question.status == Status.PUBLISHED
    version = question_version_create(
        question=question, data=data, topics=_topics_for(data), author=author, make_current=not live
    )
    if question.status == Status.IN_REVIEW:
        question.status = Status.DRAFT
        question.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def question_submit(*, question: Question, user: AbstractBaseUser) -> None:
    _submit(_locked(question), user)


@transaction.atomic
def question_withdraw(*, question: Question, user: AbstractBaseUser) -> None:
    _withdraw(_locked(question), user)


@transaction.atomic
def question_approve(*, question: Question, user: AbstractBaseUser) -> QuestionVersion:
    """Publish the version in review. The approver must not have written or submitted it."""
    version: QuestionVersion = _approve(_locked(question), user, _check_validation)
    return version


@transaction.atomic
def question_retire(*, question: Question, user: AbstractBaseUser) -> None:
    _retire(_locked(question), user)


@transaction.atomic
def question_restore(*, question: Question, user: AbstractBaseUser) -> None:
    _restore(_locked(question), user)


@transaction.atomic
def coding_validation_request(*, question: Question, user: AbstractBaseUser) -> QuestionVersion:
    """Run the sandbox check again on the newest version (after a sandbox outage, say)."""
    _require_curator(user)
    head = head_version(_locked(question))
    if head is None or head.coding_spec is None:
        raise ApplicationError("Only coding problems are checked in the sandbox.", status=400)
    if head.validation_status == ValidationStatus.RUNNING and not validation_is_stale(head):
        raise ApplicationError("The check is running; its outcome will show here.", status=409)
    head.validation_status, head.validation = ValidationStatus.PENDING, {}
    head.save(update_fields=["validation_status", "validation"])
    _enqueue_validation(head.pk)
    return head


def validation_is_stale(version: QuestionVersion) -> bool:
    """A check marked running for longer than a task may live died with its worker."""
    from django.conf import settings

    started = (version.validation or {}).get("started_at")
    if not started:
        return True
    age = (timezone.now() - datetime.fromisoformat(started)).total_seconds()
    return age > 2 * settings.CELERY_TASK_TIME_LIMIT


def coding_validations_requeue(*, now: datetime | None = None) -> int:
    """Beat job: send the checks that are still pending a minute after their version was saved (the broker
    was down, or the message was lost), and put back checks whose worker died mid-run. The check claims
    its version first, so a duplicate message does nothing."""
    from .tasks import validate_coding_version

    now = now or timezone.now()
    for version in QuestionVersion.objects.filter(validation_status=ValidationStatus.RUNNING):
        if validation_is_stale(version):
            QuestionVersion.objects.filter(pk=version.pk, validation_status=ValidationStatus.RUNNING).update(
                validation_status=ValidationStatus.PENDING, validation={}
            )
    pending = QuestionVersion.objects.filter(
        validation_status=ValidationStatus.PENDING, created_at__lt=now - timedelta(minutes=1)
    ).values_list("pk", flat=True)
    sent = 0
    for version_id in list(pending[:100]):
        if not validate_coding_version.send(version_id):
            break
        sent += 1
    return sent


def coding_version_validate(*, version_id: int, final_attempt: bool = True) -> str:
    """The worker's side of the check: claim the version, run it in the sandbox, store the outcome.

    Idempotent: only a version whose check is pending is claimed, so a duplicate task does nothing.
    Raises SandboxUnavailable (after putting the check back to pending) when the sandbox failed and
    another attempt will follow; on the final attempt that becomes a visible "could not run".
    """
    started = timezone.now()
    claimed = QuestionVersion.objects.filter(
        id=version_id, validation_status=ValidationStatus.PENDING
    ).update(validation_status=ValidationStatus.RUNNING, validation={"started_at": started.isoformat()})
    if not claimed:
        return "skipped"
    version = QuestionVersion.objects.get(id=version_id)
    try:
        outcome = check_coding_spec(version.coding_spec or {})
    except SandboxUnavailable as exc:
        if not final_attempt:
            QuestionVersion.objects.filter(id=version_id).update(
                validation_status=ValidationStatus.PENDING, validation={}
            )
            raise
        QuestionVersion.objects.filter(id=version_id).update(
            validation_status=ValidationStatus.ERROR,
            validation={
                "message": f"The sandbox could not run the check: {exc}",
                "checked_at": started.isoformat(),
            },
        )
        return ValidationStatus.ERROR
    status = ValidationStatus.PASSED if outcome.passed else ValidationStatus.FAILED
    QuestionVersion.objects.filter(id=version_id).update(validation_status=status, validation=outcome.data)
    return status


# ---- rubrics ---------------------------------------------------------------------------------------


@transaction.atomic
def rubric_create(*, data: RubricData, author: AbstractBaseUser) -> Rubric:
    """The rubric of a round kind that has none yet, as a draft."""
    _require_curator(author)
    if Rubric.objects.filter(round_kind=data.round_kind).exists():
        raise ApplicationError("This round already has a rubric: edit it instead.", field="round")
    rubric = Rubric.objects.create(
        slug=rubric_slug(data.round_kind), round_kind=data.round_kind, status=Status.DRAFT
    )
    _rubric_version_create(rubric=rubric, data=data, author=author)
    return rubric


@transaction.atomic
def rubric_update(*, rubric: Rubric, data: RubricData, author: AbstractBaseUser) -> RubricVersion | None:
    """Save an edit as a new version; a published rubric keeps scoring with its live version until approval."""
    _require_curator(author)
    rubric = _locked(rubric)
    if rubric.status == Status.RETIRED:
        raise ApplicationError("This rubric is retired; restore it before editing.", status=409)
    if data.round_kind != rubric.round_kind:
        raise ApplicationError("A rubric stays with its round.", field="round")
    head = head_version(rubric)
    if head is not None and head.content_hash == content_hash(_rubric_payload(data)):
        return None
    version = _rubric_version_create(
        rubric=rubric, data=data, author=author, make_current=rubric.status != Status.PUBLISHED
    )
    if rubric.status == Status.IN_REVIEW:
        rubric.status = Status.DRAFT
        rubric.save(update_fields=["status"])
    return version


@transaction.atomic
def rubric_submit(*, rubric: Rubric, user: AbstractBaseUser) -> None:
    _submit(_locked(rubric), user)


@transaction.atomic
def rubric_withdraw(*, rubric: Rubric, user: AbstractBaseUser) -> None:
    _withdraw(_locked(rubric), user)


@transaction.atomic
def rubric_approve(*, rubric: Rubric, user: AbstractBaseUser) -> RubricVersion:
    version: RubricVersion = _approve(_locked(rubric), user)
    return version


@transaction.atomic
def rubric_retire(*, rubric: Rubric, user: AbstractBaseUser) -> None:
    _retire(_locked(rubric), user)


@transaction.atomic
def rubric_restore(*, rubric: Rubric, user: AbstractBaseUser) -> None:
    _restore(_locked(rubric), user)


# ---- import ----------------------------------------------------------------------------------------


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


def bank_import(
    *, bank: BankData, author: AbstractBaseUser | None = None, check_coding: bool = True
) -> ImportSummary:
    """Apply already-read bank data, all or nothing. Unchanged items are left alone (importing twice is a
    no-op). With `check_coding`, every new or changed published coding problem must first pass the
    sandbox check (reference passes, each wrong/*.py fails), or BankError is raised and nothing is written.

    The files are authoritative: an imported version goes live at once with the file's status.
    """
    existing = {q.slug: q for q in Question.objects.select_related("current_version")}
    changed = [
        data
        for data in bank.questions
        if data.slug not in existing
        or existing[data.slug].current_version is None
        or existing[data.slug].current_version.content_hash != content_hash(_question_payload(data))  # type: ignore[union-attr]
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
def _bank_apply(
    *, bank: BankData, author: AbstractBaseUser | None, outcomes: dict[str, CheckOutcome]
) -> ImportSummary:
    summary = ImportSummary(checked=sorted(outcomes))
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

    existing = {
        q.slug: q for q in Question.objects.select_for_update(of=("self",)).select_related("current_version")
    }
    for data in bank.questions:
        question = existing.get(data.slug)
        new_hash = content_hash(_question_payload(data))
        if question is None:
            question = Question.objects.create(slug=data.slug, round_kind=data.round_kind, status=data.status)
            version = question_version_create(
                question=question, data=data, topics=topics, author=author, validation=outcomes.get(data.slug)
            )
            _mark_imported(version, data.status)
            summary.created.append(data.slug)
            continue
        current = question.current_version
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
                    question=question,
                    data=data,
                    topics=topics,
                    author=author,
                    validation=outcomes.get(data.slug),
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

    rubrics = {
        r.round_kind: r
        for r in Rubric.objects.select_for_update(of=("self",)).select_related("current_version")
    }
    for rdata in bank.rubrics:
        rubric = rubrics.get(rdata.round_kind)
        new_hash = content_hash(_rubric_payload(rdata))
        if rubric is None:
            rubric = Rubric.objects.create(slug=rdata.slug, round_kind=rdata.round_kind, status=rdata.status)
            _mark_imported(_rubric_version_create(rubric=rubric, data=rdata, author=author), rdata.status)
            summary.created.append(rdata.slug)
            continue
        if rubric.current_version is None or rubric.current_version.content_hash != new_hash:
            version = _rubric_version_create(rubric=rubric, data=rdata, author=author)
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
    return summary


def bank_load(
    *, root: Path = BANK_DIR, author: AbstractBaseUser | None = None, check_coding: bool = False
) -> ImportSummary:
    """Read, validate and import a bank folder; raises BankError (and imports nothing) on any problem.

    `load_bank` (demo data, the repository's own bank) skips the sandbox check by default: the test suite
    proves the shipped problems, and each coding version is queued for its own check after commit.
    """
    return bank_import(bank=read_bank(root), author=author, check_coding=check_coding)


# ---- export ----------------------------------------------------------------------------------------


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


ZIP_FOLDER = "bank"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same bank always zips to the same bytes
ZIP_MAX_FILES = 5000
ZIP_MAX_BYTES = 50 * 1024 * 1024


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


def bank_import_zip(*, data: bytes, author: AbstractBaseUser) -> ImportSummary:
    """Import an uploaded zip: validated completely first (sandbox check included), then all or nothing."""
    _require_curator(author)
    with tempfile.TemporaryDirectory(prefix="bank-upload-") as tmp:
        root = _unpack_zip(data, Path(tmp))
        bank = read_bank(root)
    return bank_import(bank=bank, author=author, check_coding=True)
