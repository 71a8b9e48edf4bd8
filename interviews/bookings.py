"""Booking one round with a reviewer, and changing a booking: cancel, reschedule, the meeting link, the
project brief, no-shows. Loops (`loops.py`) and peer swaps (`swaps.py`) place their sessions through
`create_booked_session` and `place` here; slots and locks are in `slots.py`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from config.errors import ApplicationError
from questionbank.models import RoundConfig, RoundKind

from .models import InterviewSession, Loop, SessionMode, SessionQuestion, SessionStatus
from .services import pick_questions, profile_of
from .slots import SLOT_TAKEN, Calendar, Slot, check_bookable, lock_people, round_duration


def brief_clean(round_kind: str, text: str, *, required: bool = True) -> str:
    text = text.strip()
    if round_kind != RoundKind.PROJECT_DEEP_DIVE:
        return ""
    if required and not text:
        raise ApplicationError(
            "The project deep dive needs a one-page brief of a past project, so the reviewer can prepare.",
            field="project_brief",
            status=422,  # a rule tying two fields together (the round kind, the brief) that a schema cannot state
        )
    if len(text) > settings.PROJECT_BRIEF_MAX_CHARS:
        raise ApplicationError(
            f"Keep the brief to one page: {settings.PROJECT_BRIEF_MAX_CHARS:,} characters at most "
            f"(this one has {len(text):,}).",
            field="project_brief",
        )
    return text


def create_booked_session(
    *,
    candidate: User,
    reviewer_id: int,
    round_kind: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    loop: Loop | None = None,
    project_brief: str = "",
    video_url: str = "",
) -> InterviewSession:
    """Insert the session and its questions. The caller holds the locks and has checked the slot."""
    profile = profile_of(candidate)
    config = RoundConfig.for_kind(round_kind)
    questions = pick_questions(
        candidate=candidate, round_kind=round_kind, count=config.question_count, profile=profile
    )
    if not questions:  # the request is fine; the bank is not ready for it (409)
        raise ApplicationError(
            f"There are no published questions for the {RoundKind(round_kind).label} round yet; "
            "try another round.",
            status=409,
        )
    try:
        with transaction.atomic():  # a savepoint, so a constraint violation becomes a clean refusal
            session = InterviewSession.objects.create(
                candidate=candidate,
                reviewer_id=reviewer_id,
                round_kind=round_kind,
                mode=SessionMode.BOOKED,
                status=SessionStatus.SCHEDULED,
                duration_seconds=int((ends_at - starts_at).total_seconds()),
                starts_at=starts_at,
                ends_at=ends_at,
                loop=loop,
                project_brief=project_brief,
                video_url=video_url,
                changed_at=now,
            )
    except IntegrityError as exc:
        raise ApplicationError(SLOT_TAKEN, status=409) from exc
    # The first question is on the candidate's screen from the start; the reviewer reveals the rest.
    SessionQuestion.objects.bulk_create(
        SessionQuestion(
            session=session,
            question_version=version,
            position=index,
            revealed_at=now if index == 1 else None,
        )
        for index, version in enumerate(questions, start=1)
    )
    return session


def notify(session_ids: Iterable[int], event: str, actor: User | None = None) -> None:
    """Email both sides: an outbox row in this transaction, sent after commit (a rolled-back booking
    sends nothing; a broker that is down delays the email to the beat job's next run)."""
    from .notifications import booking_email_queue

    booking_email_queue(session_ids=list(session_ids), event=event, actor=actor)


def place(
    *,
    candidate: User,
    reviewer_id: int,
    round_kind: str,
    starts_at: datetime,
    now: datetime,
    loop: Loop | None = None,
    project_brief: str = "",
    candidate_gap: timedelta = timedelta(0),
) -> InterviewSession:
    """Check one slot against the database and book it. Call while holding both people's locks."""
    duration = round_duration(round_kind=round_kind, profile=profile_of(candidate))
    slot = Slot(starts_at, reviewer_id, starts_at + duration)
    calendar = Calendar.around(candidate=candidate, round_kind=round_kind, slot=slot, now=now)
    calendar.check_open(round_kind=round_kind, slot=slot, candidate_gap=candidate_gap)
    reviewer = calendar.profiles[reviewer_id]
    return create_booked_session(
        candidate=candidate,
        reviewer_id=reviewer_id,
        round_kind=round_kind,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        now=now,
        loop=loop,
        project_brief=project_brief,
        video_url=reviewer.meeting_url,
    )


@transaction.atomic
def booking_create(
    *,
    candidate: User,
    reviewer_id: int,
    round_kind: str,
    starts_at: datetime,
    project_brief: str = "",
    now: datetime | None = None,
) -> InterviewSession:
    """Book one round with a reviewer at an open slot. Refused (409) when the slot has gone."""
    now = now or timezone.now()
    if round_kind not in RoundKind.values:
        raise ApplicationError("Choose one of the six round kinds.", field="round_kind")
    if reviewer_id == candidate.pk:
        raise ApplicationError("You cannot book yourself.", field="slot")
    check_bookable(reviewer_id=reviewer_id, starts_at=starts_at, now=now)
    brief = brief_clean(round_kind, project_brief)
    lock_people([candidate.pk, reviewer_id])
    session = place(
        candidate=candidate,
        reviewer_id=reviewer_id,
        round_kind=round_kind,
        starts_at=starts_at,
        now=now,
        project_brief=brief,
    )
    notify([session.pk], "booked", candidate)
    return session


# --- Changes --------------------------------------------------------------------------------------


def check_participant(session: InterviewSession, user: User) -> None:
    if user.pk not in (session.candidate_id, session.reviewer_id) or not session.is_booked:
        raise ApplicationError("This session is not yours.", status=404)


def check_changeable(session: InterviewSession, now: datetime, verb: str) -> None:
    if session.status != SessionStatus.SCHEDULED:
        raise ApplicationError(f"Only a scheduled session can be {verb}.", status=409)
    allowed = session.can_cancel(now) if verb == "cancelled" else session.can_move(now)
    if not allowed:
        free = (
            f" (or within {settings.BOOKING_FREE_CANCEL_MINUTES} minutes of booking)"
            if verb == "cancelled"
            else ""
        )
        raise ApplicationError(
            f"Sessions can be {verb} up to {settings.BOOKING_CHANGE_CUTOFF_HOURS} hours before the start"
            f"{free}; it is too late for this one. If you cannot make it, tell the other side, who can "
            "mark a no-show.",
            status=409,
        )


CANCEL_REASON_MAX_CHARS = 1000


def reason_clean(text: str) -> str:
    text = text.strip()
    if len(text) > CANCEL_REASON_MAX_CHARS:
        raise ApplicationError(
            f"Keep the reason to {CANCEL_REASON_MAX_CHARS:,} characters (this one has {len(text):,}).",
            field="reason",
        )
    return text


@transaction.atomic
def booking_cancel(
    *, session: InterviewSession, by: User, reason: str = "", now: datetime | None = None
) -> int:
    """Cancel a scheduled session (and the other half of a peer swap) before the cut-off, or within the
    free-cancel window after booking. `reason` is optional and shown to the other side.

    Returns how many sessions were cancelled; both sides are emailed a cancellation invite.
    """
    now = now or timezone.now()
    check_participant(session, by)
    reason = reason_clean(reason)
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    check_changeable(session, now, "cancelled")
    ids = [session.pk] + ([session.swap_partner_id] if session.swap_partner_id else [])
    return sessions_cancel(ids, by=by, reason=reason, now=now)


def sessions_cancel(ids: Iterable[int], *, by: User, reason: str, now: datetime) -> int:
    cancelled = list(
        InterviewSession.objects.filter(pk__in=list(ids), status=SessionStatus.SCHEDULED).values_list(
            "pk", flat=True
        )
    )
    InterviewSession.objects.filter(pk__in=cancelled).update(
        status=SessionStatus.CANCELLED,
        cancelled_at=now,
        cancelled_by=by,
        cancel_reason=reason,
        ics_sequence=F("ics_sequence") + 1,
    )
    notify(cancelled, "cancelled", by)
    return len(cancelled)


@transaction.atomic
def booking_reschedule(
    *, session: InterviewSession, by: User, starts_at: datetime, now: datetime | None = None
) -> InterviewSession:
    """Move a scheduled session to another open slot of the same reviewer, before the cut-off."""
    now = now or timezone.now()
    check_participant(session, by)
    if session.swap_partner_id:
        raise ApplicationError(
            "A peer swap is two sessions back to back: cancel it and book a new swap instead.", status=409
        )
    reviewer_id = session.reviewer_id
    assert reviewer_id is not None  # a booked session has a reviewer
    check_bookable(reviewer_id=reviewer_id, starts_at=starts_at, now=now)
    lock_people([session.candidate_id, reviewer_id])
    session = InterviewSession.objects.get(pk=session.pk)
    check_changeable(session, now, "moved")
    duration = timedelta(seconds=session.duration_seconds)
    slot = Slot(starts_at, reviewer_id, starts_at + duration)
    if starts_at == session.starts_at:
        raise ApplicationError(SLOT_TAKEN, status=409)
    calendar = Calendar.around(
        candidate=session.candidate,
        round_kind=session.round_kind,
        slot=slot,
        now=now,
        exclude_session_id=session.pk,
    )
    calendar.check_open(round_kind=session.round_kind, slot=slot)
    session.starts_at, session.ends_at = slot.starts_at, slot.ends_at
    session.ics_sequence += 1
    session.changed_at = now
    session.reminder_24h_sent_at = session.reminder_1h_sent_at = None
    try:
        with transaction.atomic():
            session.save(
                update_fields=[
                    "starts_at",
                    "ends_at",
                    "ics_sequence",
                    "changed_at",
                    "reminder_24h_sent_at",
                    "reminder_1h_sent_at",
                ]
            )
    except IntegrityError as exc:
        raise ApplicationError(SLOT_TAKEN, status=409) from exc
    notify([session.pk], "changed", by)
    return session


@transaction.atomic
def session_video_url_set(
    *, session: InterviewSession, by: User, url: str, now: datetime | None = None
) -> InterviewSession:
    """Set the session's meeting link; a change of the event, so both sides get an updated invite."""
    check_participant(session, by)
    if session.status not in (SessionStatus.SCHEDULED, SessionStatus.IN_PROGRESS):
        raise ApplicationError("This session is over; its link can no longer change.", status=409)
    if url == session.video_url:
        return session
    session.video_url = url
    session.ics_sequence += 1
    session.save(update_fields=["video_url", "ics_sequence"])
    notify([session.pk], "changed", by)
    return session


@transaction.atomic
def session_brief_set(*, session: InterviewSession, by: User, text: str) -> InterviewSession:
    """The candidate's one-page project brief for a deep dive, editable until the session starts."""
    if by.pk != session.candidate_id or session.round_kind != RoundKind.PROJECT_DEEP_DIVE:
        raise ApplicationError("Only the candidate of a project deep dive writes its brief.", status=403)
    if session.status != SessionStatus.SCHEDULED:
        raise ApplicationError("The session has started; the brief can no longer change.", status=409)
    session.project_brief = brief_clean(session.round_kind, text)
    session.save(update_fields=["project_brief"])
    return session


@transaction.atomic
def session_no_show_mark(*, session: InterviewSession, by: User, now: datetime | None = None) -> None:
    """Either side marks the other absent, once the session's start has passed."""
    now = now or timezone.now()
    check_participant(session, by)
    if session.status == SessionStatus.CANCELLED:
        raise ApplicationError("This session was cancelled.", status=409)
    assert session.starts_at is not None
    if now < session.starts_at:
        raise ApplicationError("A no-show can only be marked after the start time.", status=409)
    if by.pk == session.candidate_id:
        session.reviewer_absent = True
        session.save(update_fields=["reviewer_absent"])
    else:
        session.candidate_absent = True
        session.save(update_fields=["candidate_absent"])
