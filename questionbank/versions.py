"""Versions of questions and rubrics: every change of content is a new immutable version row.

Plain data in and out (`QuestionData`, `RubricData`, from questionbank/bankfiles/data.py); the content hash
tells whether an edit or an import changed anything.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypeVar, overload

from django.contrib.auth.models import User

from .bankfiles.data import QuestionData, RubricData
from .models import Question, QuestionVersion, Rubric, RubricVersion, Status, Topic, ValidationStatus
from .rendering import render_markdown
from .reviewer_notes import stored_notes
from .validation import CheckOutcome

Item = TypeVar("Item", Question, Rubric)


def content_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def question_payload(data: QuestionData) -> dict[str, Any]:
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


def rubric_payload(data: RubricData) -> dict[str, Any]:
    return {"title": data.title, "criteria": data.criteria}


def _user_or_none(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def question_version_create(
    *,
    question: Question,
    data: QuestionData,
    topics: dict[str, Topic],
    author: User | None = None,
    make_current: bool = True,
    validation: CheckOutcome | None = None,
) -> QuestionVersion:
    """Append a new immutable version to `question`, current unless `make_current` is False.

    Call inside a transaction. A coding version without a `validation` outcome is queued for the
    sandbox check once the transaction commits.
    """
    payload = question_payload(data)
    last = question.versions.order_by("-number").first()
    is_coding = data.coding_spec is not None
    outcome: dict[str, Any]
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
        enqueue_validation(version.pk)
    if make_current:
        question.current_version = version
        question.save(update_fields=["current_version", "updated_at"])
    return version


def enqueue_validation(version_id: int) -> None:
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
        reviewer_notes=stored_notes(notes),
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


def rubric_version_create(
    *, rubric: Rubric, data: RubricData, author: User | None = None, make_current: bool = True
) -> RubricVersion:
    last = rubric.versions.order_by("-number").first()
    version = RubricVersion.objects.create(
        rubric=rubric,
        number=(last.number + 1) if last else 1,
        title=data.title,
        criteria=data.criteria,
        content_hash=content_hash(rubric_payload(data)),
        created_by=_user_or_none(author),
    )
    if make_current:
        rubric.current_version = version
        rubric.save(update_fields=["current_version"])
    return version


def locked(item: Item) -> Item:
    """The item's row, locked for the rest of the transaction, so two curators cannot race a transition."""
    return (
        type(item).objects.select_for_update(of=("self",)).select_related("current_version").get(pk=item.pk)
    )


@overload
def head_version(item: Question) -> QuestionVersion | None: ...
@overload
def head_version(item: Rubric) -> RubricVersion | None: ...
def head_version(item: Question | Rubric) -> QuestionVersion | RubricVersion | None:
    """The newest version: what is being edited and reviewed (the live one when nothing is pending)."""
    return item.versions.order_by("-number").first()


def pending_authors(item: Question | Rubric) -> set[int]:
    """Ids of the curators who wrote or submitted the versions not yet live: none of them may approve."""
    live_version = item.current_version if item.status in {Status.PUBLISHED, Status.RETIRED} else None
    live = live_version.number if live_version is not None else 0
    pending = item.versions.filter(number__gt=live)
    ids = set(pending.values_list("created_by_id", flat=True)) | set(
        pending.values_list("submitted_by_id", flat=True)
    )
    ids.discard(None)
    return ids
