"""Thin Celery tasks: ids in, one service call each."""

from celery import shared_task

from scoring.judge.grader import SandboxFailure

from . import grading, services
from .sandboxing import SandboxRefused


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True)
def grade_submission(self, submission_id: int) -> str:  # type: ignore[no-untyped-def]
    try:
        return grading.submission_grade(submission_id=submission_id)
    except (SandboxRefused, SandboxFailure) as exc:
        raise self.retry(exc=exc, countdown=5) from exc


@shared_task
def requeue_stuck_submissions() -> int:
    return grading.requeue_stuck_submissions()


@shared_task
def review_queue_maintain() -> dict[str, int]:
    """Enqueue newly submitted self-paced rounds, release expired review claims, escalate long waits."""
    return services.queue_maintain()
