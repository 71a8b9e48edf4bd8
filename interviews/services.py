"""Use cases of the candidate-facing flow: accounts, starting a round, autosave, submitting."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from config.errors import ApplicationError
from questionbank.design_sections import DESIGN_SECTIONS
from questionbank.models import (
    Domain,
    Level,
    QuestionVersion,
    RoundConfig,
    RoundKind,
    Status,
    Topic,
)
from questionbank.roles import CURATORS_GROUP, REVIEWERS_GROUP, require_curator

from .models import (
    Answer,
    InterviewSession,
    Profile,
    ReviewerRound,
    SessionMode,
    SessionQuestion,
    SessionStatus,
)
from .signals import round_submitted

logger = logging.getLogger(__name__)
DESIGN_KEYS = {key for key, _, _ in DESIGN_SECTIONS}


def profile_of(user: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def user_signup(
    *,
    username: str,
    email: str,
    password: str,
    time_zone: str,
    target_level: str,
    target_domain: str = "",
    send_email: bool = True,
) -> User | None:
    """Create an account that stays inactive until its address is verified (docs/security.md).

    An address that already has an account creates nothing: its owner gets an email saying someone tried
    to sign up with it. The caller answers the same either way, so sign-up never tells whether an address
    is registered. `send_email` False (the anonymous-email limit was reached) sends nothing; the person
    can ask for the link again later.
    """
    owner = User.objects.filter(email__iexact=email).order_by("pk").first()
    if owner is not None:
        if send_email:
            transaction.on_commit(lambda: account_email_send(user=owner, kind="signup_existing"))
        return None
    user = User.objects.create_user(username=username, email=email, password=password, is_active=False)
    Profile.objects.create(
        user=user, time_zone=time_zone, target_level=target_level, target_domain=target_domain
    )
    if send_email:
        transaction.on_commit(lambda: account_email_send(user=user, kind="verify"))
    return user


VERIFY_SALT = "mockloop.email-verification"


def email_verification_token(*, user: User) -> str:
    """Signed and timestamped: the account and its address, so changing the address voids old links."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFY_SALT, compress=True)


def unverified_user_by_email(*, email: str) -> User | None:
    """An account waiting for its address to be verified (never logged in, inactive)."""
    return (
        User.objects.filter(email__iexact=email, is_active=False, last_login__isnull=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def user_verify_email(*, token: str) -> User:
    """Activate the account the link was made for. Following a link twice is fine."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise ApplicationError("This link has expired. Ask for a new one below.") from exc
    except signing.BadSignature as exc:
        raise ApplicationError(
            "This link is not valid. Check it was copied whole, or ask for a new one."
        ) from exc
    user = User.objects.select_for_update().filter(pk=data.get("u")).first()
    if user is None or user.email.lower() != data.get("e"):
        raise ApplicationError("This link is not valid any more. Ask for a new one below.")
    if not user.is_active:
        if user.last_login is not None:
            # Deactivated by a curator after it was used: a verification link does not undo that.
            raise ApplicationError("This account is deactivated. Contact the curators.", status=403)
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def account_email_send(*, user: User, kind: str) -> None:
    """The verification link, or the note to an address's owner that someone tried to sign up with it.
    A mail server that is down is logged, not raised: the account is saved and the link can be resent."""
    site = settings.SITE_URL.rstrip("/")
    if kind == "verify":
        link = site + reverse("verify-email", args=[email_verification_token(user=user)])
        subject = "Confirm your email address for mockloop"
        body = (
            f"Welcome to mockloop, {user.get_username()}.\n\n"
            f"Confirm that this address is yours to start using your account:\n{link}\n\n"
            f"The link works for {settings.EMAIL_VERIFICATION_MAX_AGE_SECONDS // 86400} days. "
            "If you did not sign up, ignore this email: the account stays unusable."
        )
    else:
        subject = "Someone tried to sign up to mockloop with your address"
        body = (
            "Someone (maybe you) tried to create a mockloop account with this email address, which "
            f"already has one ({user.get_username()}).\n\n"
            f"Log in: {site}{reverse('login')}\nForgot your password? {site}{reverse('password_reset')}\n\n"
            "If it was not you, ignore this email: nothing has changed."
        )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        logger.exception("Could not send the %s email to user %s", kind, user.pk)


@transaction.atomic
def profile_update(
    *, user: User, time_zone: str, target_level: str, target_domain: str, review_rounds: list[str]
) -> Profile:
    """Save the candidate's settings and the rounds they review (the profile page and the API)."""
    from .forms import time_zone_choices

    if time_zone not in {name for name, _ in time_zone_choices()}:
        raise ApplicationError(
            f"Unknown time zone {time_zone!r}: use a name like Europe/London.", field="time_zone"
        )
    if target_level not in Level.values:
        raise ApplicationError("Choose a target level: junior, mid, senior or staff.", field="target_level")
    if target_domain and target_domain not in Domain.values:
        raise ApplicationError("Choose one of the ML domains, or none.", field="target_domain")
    profile = profile_of(user)
    profile.time_zone, profile.target_level, profile.target_domain = time_zone, target_level, target_domain
    profile.save(update_fields=["time_zone", "target_level", "target_domain"])
    reviewer_rounds_set(user=user, round_kinds=review_rounds)
    return profile


@transaction.atomic
def reviewer_rounds_set(*, user: User, round_kinds: list[str]) -> None:
    """Opt in to reviewing exactly these round kinds; an empty list opts out."""
    unknown = set(round_kinds) - set(RoundKind.values)
    if unknown:
        raise ApplicationError(f"Unknown round kind: {', '.join(sorted(unknown))}")
    ReviewerRound.objects.filter(user=user).exclude(round_kind__in=round_kinds).delete()
    for kind in round_kinds:
        ReviewerRound.objects.get_or_create(user=user, round_kind=kind)
    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    if round_kinds:
        user.groups.add(group)
    else:
        user.groups.remove(group)


ROLES = ("curator", "reviewer")


@transaction.atomic
def role_set(*, user: User, role: str, granted: bool = True) -> None:
    """Make a user a curator or a reviewer, or take the role away (`grant_role` and the demo).

    A reviewer opts in to every round kind (they can narrow it on their profile); a curator joins the
    curators group and gets the question bank's admin permissions, and no others: curators manage
    content, not accounts.
    """
    from django.contrib.auth.models import Permission

    if role not in ROLES:
        raise ApplicationError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    if role == "reviewer":
        reviewer_rounds_set(user=user, round_kinds=list(RoundKind.values) if granted else [])
        return
    curators, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    bank = Permission.objects.filter(content_type__app_label="questionbank")
    if granted:
        user.groups.add(curators)
        user.user_permissions.add(*bank)
    else:
        user.groups.remove(curators)
        user.user_permissions.remove(*bank)
    user.is_staff = granted or user.is_superuser
    user.save(update_fields=["is_staff"])


def pick_questions(
    *,
    candidate: User,
    round_kind: str,
    count: int,
    profile: Profile,
    first_question_id: int | None = None,
    topic_id: int | None = None,
) -> list[QuestionVersion]:
    """Published questions of the kind, unseen ones first, the candidate's level and domain preferred.

    `first_question_id` (a question the candidate picked) comes first; with `topic_id`, questions on
    that topic come before the others."""
    pool = list(
        QuestionVersion.objects.filter(
            question__round_kind=round_kind,
            question__status=Status.PUBLISHED,
            question__current_version_id=F("id"),  # only the current version of each question
        ).values("id", "question_id", "level", "domain")
    )
    if not pool:
        return []
    seen = set(
        SessionQuestion.objects.filter(session__candidate=candidate)
        .exclude(session__status=SessionStatus.CANCELLED)  # a cancelled booking showed nothing
        .values_list("question_version__question_id", flat=True)
    )
    rng = random.Random()
    on_topic: set[int] = set()
    if topic_id is not None:
        on_topic = set(
            QuestionVersion.objects.filter(
                id__in=[row["id"] for row in pool], topics__id=topic_id
            ).values_list("id", flat=True)
        )

    def rank(row: Mapping[str, object]) -> tuple[int, int, int, int, int, float]:
        domain_miss = int(
            round_kind == RoundKind.ML_DOMAIN
            and bool(profile.target_domain)
            and row["domain"] != profile.target_domain
        )
        return (
            int(row["question_id"] != first_question_id),
            int(topic_id is not None and row["id"] not in on_topic),
            int(row["question_id"] in seen),
            domain_miss,
            int(row["level"] != profile.target_level),
            rng.random(),
        )

    chosen = sorted(pool, key=rank)[:count]
    by_id = QuestionVersion.objects.in_bulk([row["id"] for row in chosen])
    return [by_id[row["id"]] for row in chosen]


def _published_current() -> QuerySet[QuestionVersion]:
    return QuestionVersion.objects.filter(
        question__status=Status.PUBLISHED, question__current_version_id=F("id")
    )


@transaction.atomic
def practice_start(
    *,
    candidate: User,
    round_kind: str = "",
    question_slug: str = "",
    topic_slug: str = "",
    now: datetime | None = None,
) -> InterviewSession:
    """Start a self-paced round now, with a server-side deadline from the round's duration.

    With `question_slug` the round is of that question's kind and starts with it; with `topic_slug`
    its questions are on that topic where the bank has enough (of `round_kind`, or else of the kind
    with the most questions on the topic).
    """
    first_question_id = topic_id = None
    if question_slug:
        version = _published_current().filter(question__slug=question_slug).select_related("question").first()
        if version is None:
            raise ApplicationError(
                "That question is not in the published bank (it may have been retired); pick another.",
                field="question",
            )
        first_question_id, round_kind = version.question_id, version.question.round_kind
    elif topic_slug:
        topic = Topic.objects.filter(slug=topic_slug).first()
        if topic is None:
            raise ApplicationError("Unknown topic; pick one from the list.", field="topic")
        kinds = (
            _published_current()
            .filter(topics=topic)
            .values("question__round_kind")
            .annotate(n=Count("id"))
            .order_by("-n", "question__round_kind")
        )
        counts = {row["question__round_kind"]: row["n"] for row in kinds}
        if not counts or (round_kind and round_kind not in counts):
            where = f" in the {RoundKind(round_kind).label} round" if round_kind in RoundKind.values else ""
            raise ApplicationError(
                f"No published question on {topic.name}{where} yet; pick another topic.", field="topic"
            )
        round_kind = round_kind or next(iter(counts))
        topic_id = topic.pk
    if round_kind not in RoundKind.values:
        raise ApplicationError("Choose one of the six round kinds.", field="round_kind")
    now = now or timezone.now()
    profile = profile_of(candidate)
    config = RoundConfig.for_kind(round_kind)
    questions = pick_questions(
        candidate=candidate,
        round_kind=round_kind,
        count=config.question_count,
        profile=profile,
        first_question_id=first_question_id,
        topic_id=topic_id,
    )
    if not questions:  # the request is fine; the bank is not ready for it (409)
        raise ApplicationError(
            "There are no published questions for this round yet; try another round.", status=409
        )
    duration = profile.round_seconds(config.duration_minutes)
    session = InterviewSession.objects.create(
        candidate=candidate,
        round_kind=round_kind,
        mode=SessionMode.PRACTICE,
        status=SessionStatus.IN_PROGRESS,
        duration_seconds=duration,
        started_at=now,
        deadline=now + timedelta(seconds=duration),
    )
    SessionQuestion.objects.bulk_create(
        SessionQuestion(session=session, question_version=version, position=index)
        for index, version in enumerate(questions, start=1)
    )
    return session


def _max_chars(round_kind: str) -> int:
    return settings.CODE_MAX_CHARS if round_kind == RoundKind.CODING else settings.ANSWER_MAX_CHARS


def answer_save(
    *,
    session: InterviewSession,
    item: SessionQuestion,
    text: str,
    section: str = "",
    now: datetime | None = None,
    seconds_spent: int | None = None,
    base_revision: int | None = None,
) -> Answer:
    """Autosave one answer. Refused once the round is over (deadline plus grace) or when too long.

    `base_revision` is the answer's revision the writer last saw (0: no answer yet). When the answer has
    moved on since (another tab, a beacon sent on leaving the page) and the text differs, the save is
    refused with `AnswerConflict` (409) so newer text is never overwritten. Every HTTP save passes it;
    None (internal callers: demo data, tests) skips the check."""
    now = now or timezone.now()
    text = normalise_newlines(text)
    if item.session_id != session.pk:
        raise ApplicationError("That question is not part of this round.", status=404)
    # Submitting an overdue round is its own transaction: the refusal below must not roll it back.
    session_expire_if_overdue(session=session, now=now)
    with transaction.atomic():
        # Lock the session row so a save racing the submit cannot slip in after it.
        session = InterviewSession.objects.select_for_update().get(pk=session.pk)
        if not session.accepts_answers(now):
            raise ApplicationError(
                "Time is up: this round has been submitted, so changes can no longer be saved.", status=409
            )
        answer = _answer_write(
            session=session, item=item, text=text, section=section, base_revision=base_revision
        )
        if seconds_spent is not None and section:
            _section_time_record(session=session, answer=answer, seconds=seconds_spent, now=now)
        return answer


def _section_time_record(*, session: InterviewSession, answer: Answer, seconds: int, now: datetime) -> None:
    """Time spent on a design section, as the page measured it; never less than before, never more
    than the round has lasted."""
    elapsed = int((now - session.started_at).total_seconds()) if session.started_at else 0
    seconds = min(max(seconds, 0), max(elapsed, 0))
    if seconds > answer.seconds_spent:
        answer.seconds_spent = seconds
        answer.save(update_fields=["seconds_spent", "updated_at"])


def normalise_newlines(text: str) -> str:
    """Browsers post a textarea's line breaks as CRLF: store LF, so the same text compares equal."""
    return text.replace("\r\n", "\n")


class AnswerConflict(ApplicationError):
    """A save based on an older revision than the stored one: the newer text is kept and sent back."""

    def __init__(self, answer: Answer):
        super().__init__(
            "This answer was changed elsewhere (another tab or window) after you loaded it, so this save "
            "was refused to keep the newer text. Compare the two and choose which to keep.",
            status=409,
            field="base_revision",
        )
        self.answer = answer


def _answer_write(
    *, session: InterviewSession, item: SessionQuestion, text: str, section: str, base_revision: int | None
) -> Answer:
    if section and (session.round_kind != RoundKind.ML_SYSTEM_DESIGN or section not in DESIGN_KEYS):
        raise ApplicationError(f"Unknown section {section!r}.", field="section")
    limit = _max_chars(session.round_kind)
    if len(text) > limit:
        raise ApplicationError(
            f"This answer is {len(text):,} characters long; the limit is {limit:,}. "
            "Shorten it to save: your last saved version is kept.",
            field="text",
            status=413,
        )
    # Revision 0 means "no answer yet"; the first save makes revision 1. The session row is locked by the
    # caller, so reading then writing the revision here cannot interleave with another save.
    answer, created = Answer.objects.get_or_create(
        item=item, section=section, defaults={"text": text, "revision": 1}
    )
    if not created and answer.text == text:
        return answer  # a repeated save (retry, beacon and fetch both landing) is not a conflict
    if not created and base_revision is not None and base_revision != answer.revision:
        raise AnswerConflict(answer)
    if not created:
        answer.text = text
        answer.revision += 1
        answer.save(update_fields=["text", "revision", "updated_at"])
    return answer


@transaction.atomic
def session_submit(*, session: InterviewSession, now: datetime | None = None, auto: bool = False) -> bool:
    """Submit an in-progress round. Returns False if it was already submitted (idempotent)."""
    now = now or timezone.now()
    submitted = InterviewSession.objects.filter(pk=session.pk, status=SessionStatus.IN_PROGRESS).update(
        status=SessionStatus.SUBMITTED, submitted_at=now, auto_submitted=auto
    )
    session.refresh_from_db(fields=["status", "submitted_at", "auto_submitted"])
    if submitted:
        # scoring listens (automatic feedback); interviews does not import scoring.
        round_submitted.send(sender=InterviewSession, session=session)
    return bool(submitted)


def session_expire_if_overdue(*, session: InterviewSession, now: datetime | None = None) -> bool:
    """When the deadline and grace have passed, submit the round automatically with what was saved."""
    now = now or timezone.now()
    if session.status == SessionStatus.IN_PROGRESS and session.deadline and not session.accepts_answers(now):
        return session_submit(session=session, now=now, auto=True)
    return False


def expire_overdue_sessions(*, now: datetime | None = None) -> int:
    """Beat job: auto-submit every in-progress round whose time (plus grace) has run out."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.DEADLINE_GRACE_SECONDS)
    return InterviewSession.objects.filter(
        Q(status=SessionStatus.IN_PROGRESS) & Q(deadline__lt=cutoff)
    ).update(status=SessionStatus.SUBMITTED, submitted_at=now, auto_submitted=True)


@transaction.atomic
def accommodation_set(*, curator: User, user: User, factor: Decimal) -> Profile:
    """A curator grants extra time: every round the user starts or books afterwards is `factor` x long."""
    require_curator(curator, "Only curators can grant extra time.")
    if not Decimal("1.00") <= factor <= Decimal("3.00"):
        raise ApplicationError("The factor must be between 1.00 and 3.00.", field="factor")
    profile = profile_of(user)
    profile.accommodation_factor = factor
    profile.save(update_fields=["accommodation_factor"])
    return profile
