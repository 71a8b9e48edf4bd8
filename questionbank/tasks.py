from celery import shared_task

from config.celery import Task

from . import coding_checks
from .validation import SandboxUnavailable

MAX_RETRIES = 3


@shared_task(bind=True, max_retries=MAX_RETRIES)  # type: ignore[untyped-decorator]  # celery ships no types
def validate_coding_version(self: Task, version_id: int) -> str:
    """Run a coding problem version's sandbox check (reference passes, each wrong/*.py fails) in the worker."""
    final = self.request.retries >= MAX_RETRIES
    try:
        return coding_checks.coding_version_validate(version_id=version_id, final_attempt=final)
    except SandboxUnavailable as exc:
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def requeue_coding_validations() -> int:
    return coding_checks.coding_validations_requeue()
