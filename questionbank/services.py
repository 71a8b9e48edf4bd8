"""Write paths of the question bank: rendering, versioning and importing the bank from files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown as markdown_lib
import nh3
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from .bankfiles import BankData, QuestionData, RubricData, read_bank
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
    """Markdown to HTML with everything but a safe set of tags stripped (curator text is not trusted)."""
    html = markdown_lib.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])
    return nh3.clean(
        html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener nofollow"
    )


def content_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _question_payload(data: QuestionData) -> dict[str, Any]:
    return {
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


def question_version_create(
    *,
    question: Question,
    data: QuestionData,
    topics: dict[str, Topic],
    author: AbstractBaseUser | None = None,
) -> QuestionVersion:
    """Append a new immutable version to `question` and make it current. Call inside a transaction."""
    payload = _question_payload(data)
    last = question.versions.order_by("-number").first()
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
        content_hash=content_hash(payload),
        created_by=author if author is not None and not isinstance(author, AnonymousUser) else None,
    )
    version.topics.set([topics[slug] for slug in data.topics])
    question.current_version = version
    question.save(update_fields=["current_version", "updated_at"])
    return version


def _rubric_version_create(*, rubric: Rubric, data: RubricData) -> RubricVersion:
    last = rubric.versions.order_by("-number").first()
    version = RubricVersion.objects.create(
        rubric=rubric,
        number=(last.number + 1) if last else 1,
        title=data.title,
        criteria=data.criteria,
        content_hash=content_hash({"title": data.title, "criteria": data.criteria}),
    )
    rubric.current_version = version
    rubric.save(update_fields=["current_version"])
    return version


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{len(self.created)} created, {len(self.updated)} new versions, {self.unchanged} unchanged"


@transaction.atomic
def bank_import(*, bank: BankData, author: AbstractBaseUser | None = None) -> ImportSummary:
    """Apply already-validated bank data. Unchanged items are left alone, so importing twice is a no-op."""
    summary = ImportSummary()
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

    existing = {q.slug: q for q in Question.objects.select_related("current_version")}
    for data in bank.questions:
        question = existing.get(data.slug)
        if question is None:
            question = Question.objects.create(slug=data.slug, round_kind=data.round_kind, status=data.status)
            question_version_create(question=question, data=data, topics=topics, author=author)
            summary.created.append(data.slug)
            continue
        new_hash = content_hash(_question_payload(data))
        changed = question.current_version is None or question.current_version.content_hash != new_hash
        if changed:
            question_version_create(question=question, data=data, topics=topics, author=author)
        if question.status != data.status:
            question.status = data.status
            question.save(update_fields=["status", "updated_at"])
        if changed:
            summary.updated.append(data.slug)
        else:
            summary.unchanged += 1

    for data in bank.rubrics:
        rubric, created = Rubric.objects.get_or_create(
            slug=data.slug, defaults={"round_kind": data.round_kind, "status": Status.PUBLISHED}
        )
        new_hash = content_hash({"title": data.title, "criteria": data.criteria})
        if created or rubric.current_version is None or rubric.current_version.content_hash != new_hash:
            _rubric_version_create(rubric=rubric, data=data)
            (summary.created if created else summary.updated).append(data.slug)
        else:
            summary.unchanged += 1
    return summary


def bank_load(*, root: Path = BANK_DIR, author: AbstractBaseUser | None = None) -> ImportSummary:
    """Read, validate and import a bank folder; raises BankError (and imports nothing) on any problem."""
    return bank_import(bank=read_bank(root), author=author)
