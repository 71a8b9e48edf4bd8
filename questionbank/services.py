"""Write paths of curation: create and edit questions and rubrics, and move them through the workflow.

The workflow (docs/architecture.md, "Curation"): an item (question, coding problem or rubric) is a draft,
in review, published or retired. Every change of content is a new immutable version. While an item is
published, edits pile up as newer versions that nobody sees until another curator approves one; the
approved version becomes `current_version`, which is what new sessions draw. Sessions keep the version
they pinned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError

from .bankfiles.data import QuestionData, RubricData, normalised, rubric_slug
from .models import Question, QuestionVersion, Rubric, RubricVersion, Status, Topic
from .roles import require_curator
from .versions import (
    Item,
    content_hash,
    head_version,
    locked,
    pending_authors,
    question_payload,
    question_version_create,
    rubric_payload,
    rubric_version_create,
)

# ---- the workflow, shared by questions and rubrics --------------------------------------------------

RESERVED_SLUGS = frozenset({"new", "coding", "rubrics", "import", "export", "preview", "topics"})


def _submit(item: Item, user: User) -> None:
    require_curator(user)
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


def _withdraw(item: Item, user: User) -> None:
    """Take the pending version out of review (its author withdraws it, or a reviewer sends it back)."""
    require_curator(user)
    head = head_version(item)
    if head is None or head.approved_at is not None or head.submitted_at is None:
        raise ApplicationError("Nothing is waiting for a review.", status=409)
    head.submitted_by, head.submitted_at = None, None
    head.save(update_fields=["submitted_by", "submitted_at"])
    if item.status == Status.IN_REVIEW:
        item.status = Status.DRAFT
        item.save(update_fields=["status"])


def _approve(item: Item, user: User, check: Callable[[Any], None] | None = None) -> Any:
    require_curator(user)
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


def _retire(item: Item, user: User) -> None:
    require_curator(user)
    if item.status != Status.PUBLISHED:
        raise ApplicationError("Only a published item can be retired.", status=409)
    item.status = Status.RETIRED
    item.save(update_fields=["status"])


def _restore(item: Item, user: User) -> None:
    """Serve a retired item again: its live version was approved before, so no new review is needed."""
    require_curator(user)
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
def question_create(*, data: QuestionData, author: User) -> Question:
    """A new draft question (or coding problem) with its first version."""
    require_curator(author)
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
def question_update(*, question: Question, data: QuestionData, author: User) -> QuestionVersion | None:
    """Save an edit as a new version. Returns None when nothing changed.

    A published question keeps serving its live version: the edit waits for another curator's approval.
    Editing a question that was in review takes it back to draft (the new content has not been reviewed).
    """
    require_curator(author)
    data = normalised(data)
    question = locked(question)
    if question.status == Status.RETIRED:
        raise ApplicationError("This question is retired; restore it before editing.", status=409)
    head = head_version(question)
    if head is not None and head.content_hash == content_hash(question_payload(data)):
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
def question_submit(*, question: Question, user: User) -> None:
    _submit(locked(question), user)


@transaction.atomic
def question_withdraw(*, question: Question, user: User) -> None:
    _withdraw(locked(question), user)


@transaction.atomic
def question_approve(*, question: Question, user: User) -> QuestionVersion:
    """Publish the version in review. The approver must not have written or submitted it."""
    version: QuestionVersion = _approve(locked(question), user, _check_validation)
    return version


@transaction.atomic
def question_retire(*, question: Question, user: User) -> None:
    _retire(locked(question), user)


@transaction.atomic
def question_restore(*, question: Question, user: User) -> None:
    _restore(locked(question), user)


# ---- rubrics ---------------------------------------------------------------------------------------


@transaction.atomic
def rubric_create(*, data: RubricData, author: User) -> Rubric:
    """The rubric of a round kind that has none yet, as a draft."""
    require_curator(author)
    if Rubric.objects.filter(round_kind=data.round_kind).exists():
        raise ApplicationError("This round already has a rubric: edit it instead.", field="round")
    rubric = Rubric.objects.create(
        slug=rubric_slug(data.round_kind), round_kind=data.round_kind, status=Status.DRAFT
    )
    rubric_version_create(rubric=rubric, data=data, author=author)
    return rubric


@transaction.atomic
def rubric_update(*, rubric: Rubric, data: RubricData, author: User) -> RubricVersion | None:
    """Save an edit as a new version; a published rubric keeps scoring with its live version until approval."""
    require_curator(author)
    rubric = locked(rubric)
    if rubric.status == Status.RETIRED:
        raise ApplicationError("This rubric is retired; restore it before editing.", status=409)
    if data.round_kind != rubric.round_kind:
        raise ApplicationError("A rubric stays with its round.", field="round")
    head = head_version(rubric)
    if head is not None and head.content_hash == content_hash(rubric_payload(data)):
        return None
    version = rubric_version_create(
        rubric=rubric, data=data, author=author, make_current=rubric.status != Status.PUBLISHED
    )
    if rubric.status == Status.IN_REVIEW:
        rubric.status = Status.DRAFT
        rubric.save(update_fields=["status"])
    return version


@transaction.atomic
def rubric_submit(*, rubric: Rubric, user: User) -> None:
    _submit(locked(rubric), user)


@transaction.atomic
def rubric_withdraw(*, rubric: Rubric, user: User) -> None:
    _withdraw(locked(rubric), user)


@transaction.atomic
def rubric_approve(*, rubric: Rubric, user: User) -> RubricVersion:
    version: RubricVersion = _approve(locked(rubric), user)
    return version


@transaction.atomic
def rubric_retire(*, rubric: Rubric, user: User) -> None:
    _retire(locked(rubric), user)


@transaction.atomic
def rubric_restore(*, rubric: Rubric, user: User) -> None:
    _restore(locked(rubric), user)
