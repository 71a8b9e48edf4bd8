"""Use cases of a live (booked) session: opening at the start, reveals, the reviewer's scratchpad, closing.

The states and the only ways between them (each a service, each tested):

    scheduled --session_open (start time reached)---------> in_progress
    scheduled --session_open / expire_unopened_sessions---> expired      (nobody opened it before its end)
    scheduled --booking.booking_cancel (before cut-off)---> cancelled
    in_progress --services.session_submit (or at zero)----> submitted
    submitted --session_mark_reviewed--------------------> reviewed
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError

from .models import InterviewSession, ReviewerScratchpad, SessionMode, SessionQuestion, SessionStatus
from .services import session_expire_if_overdue

OPEN_FOR_REVEALS = (SessionStatus.SCHEDULED, SessionStatus.IN_PROGRESS)


def session_open(*, session: InterviewSession, now: datetime | None = None) -> bool:
    """Open a booked session once its start time has come: the timer is the slot, the same for both
    sides (deadline = the slot's end, with the candidate's accommodation already in its length).

    A session nobody opened before its end expires instead. Returns True when the state changed.
    """
    now = now or timezone.now()
    if session.mode != SessionMode.BOOKED or session.status != SessionStatus.SCHEDULED:
        return False
    assert session.starts_at is not None and session.ends_at is not None
    if now < session.starts_at:
        return False
    if now >= session.ends_at:
        changed = InterviewSession.objects.filter(pk=session.pk, status=SessionStatus.SCHEDULED).update(
            status=SessionStatus.EXPIRED
        )
    else:
        changed = InterviewSession.objects.filter(pk=session.pk, status=SessionStatus.SCHEDULED).update(
            status=SessionStatus.IN_PROGRESS, started_at=now, deadline=session.ends_at
        )
    session.refresh_from_db(fields=["status", "started_at", "deadline"])
    return bool(changed)


def session_catch_up(*, session: InterviewSession, now: datetime | None = None) -> None:
    """Bring a session up to date before showing it (the pages and the API alike): a booked one opens at
    its start, one whose time is up is submitted with what was saved."""
    session_open(session=session, now=now)
    session_expire_if_overdue(session=session, now=now)


def expire_unopened_sessions(*, now: datetime | None = None) -> int:
    """Beat job: booked sessions whose slot ended without anyone opening them become expired."""
    now = now or timezone.now()
    return InterviewSession.objects.filter(
        mode=SessionMode.BOOKED, status=SessionStatus.SCHEDULED, ends_at__lte=now
    ).update(status=SessionStatus.EXPIRED)


def session_mark_reviewed(*, session: InterviewSession) -> bool:
    """Called when the reviewer's rubric review is in (scoring app). Idempotent."""
    changed = InterviewSession.objects.filter(pk=session.pk, status=SessionStatus.SUBMITTED).update(
        status=SessionStatus.REVIEWED
    )
    session.refresh_from_db(fields=["status"])
    return bool(changed)


def _check_reviewer(session: InterviewSession, user: User) -> None:
    if session.reviewer_id != user.pk:
        raise ApplicationError("Only the session's reviewer can do that.", status=404)


@transaction.atomic
def question_reveal_next(
    *, session: InterviewSession, by: User, now: datetime | None = None
) -> SessionQuestion:
    """Show the candidate the next question of the session."""
    now = now or timezone.now()
    _check_reviewer(session, by)
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    if session.status not in OPEN_FOR_REVEALS:
        raise ApplicationError("The session is over; nothing more can be revealed.", status=409)
    item = session.items.filter(revealed_at__isnull=True).order_by("position").first()
    if item is None:
        raise ApplicationError(
            "Every question of this session is already on the candidate's screen.", status=409
        )
    item.revealed_at = now
    item.save(update_fields=["revealed_at"])
    return item


@transaction.atomic
def follow_up_reveal(*, session: InterviewSession, item: SessionQuestion, by: User) -> SessionQuestion:
    """Show the candidate the next follow-up of a revealed question (the ladder, top down)."""
    _check_reviewer(session, by)
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    if item.session_id != session.pk:
        raise ApplicationError("That question is not part of this session.", status=404)
    if session.status not in OPEN_FOR_REVEALS:
        raise ApplicationError("The session is over; nothing more can be revealed.", status=409)
    item = SessionQuestion.objects.select_related("question_version").get(pk=item.pk)
    if item.revealed_at is None:
        raise ApplicationError("Reveal the question before its follow-ups.", status=409)
    ladder = item.question_version.follow_ups
    if item.follow_ups_revealed >= len(ladder):
        raise ApplicationError("Every follow-up of this question is already revealed.", status=409)
    item.follow_ups_revealed += 1
    item.save(update_fields=["follow_ups_revealed"])
    return item


def scratchpad_save(*, session: InterviewSession, by: User, text: str) -> ReviewerScratchpad:
    """The reviewer's private notes, autosaved. Kept after the session for scoring."""
    _check_reviewer(session, by)
    if len(text) > settings.ANSWER_MAX_CHARS:
        raise ApplicationError(
            f"The scratchpad holds {settings.ANSWER_MAX_CHARS:,} characters at most.",
            field="text",
            status=413,
        )
    pad, created = ReviewerScratchpad.objects.get_or_create(session=session, defaults={"text": text})
    if not created and pad.text != text:
        pad.text = text
        pad.save(update_fields=["text", "updated_at"])
    return pad
