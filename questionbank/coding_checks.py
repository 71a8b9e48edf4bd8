"""The sandbox check of coding problems as a job: a curator asks for it, the worker claims the version,
runs `validation.check_coding_spec` and stores the outcome; a beat job sends the checks that were lost."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError

from .models import Question, QuestionVersion, ValidationStatus
from .roles import require_curator
from .validation import SandboxUnavailable, check_coding_spec
from .versions import enqueue_validation, head_version, locked


@transaction.atomic
def coding_validation_request(*, question: Question, user: User) -> QuestionVersion:
    """Run the sandbox check again on the newest version (after a sandbox outage, say)."""
    require_curator(user)
    head = head_version(locked(question))
    if head is None or head.coding_spec is None:
        raise ApplicationError("Only coding problems are checked in the sandbox.", status=409)
    if head.validation_status == ValidationStatus.RUNNING and not validation_is_stale(head):
        raise ApplicationError("The check is running; its outcome will show here.", status=409)
    head.validation_status, head.validation = ValidationStatus.PENDING, {}
    head.save(update_fields=["validation_status", "validation"])
    enqueue_validation(head.pk)
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
