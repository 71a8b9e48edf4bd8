"""Thin Celery tasks: ids in, one service call each.

Every task is `acks_late` with `task_reject_on_worker_lost` (CELERY_TASK_ACKS_LATE and
CELERY_TASK_REJECT_ON_WORKER_LOST in config/settings.py), so no task repeats those options.
"""

import logging
from typing import Any

from celery import shared_task, signals
from django.db import DatabaseError, close_old_connections

from . import grading, machine_feedback, services

logger = logging.getLogger(__name__)


# No max_retries: the row counts its claims (GRADING_MAX_ATTEMPTS) and fails for good when they are
# spent, so Celery's own retry count would be a second knob for the same thing. Its broker priority is
# set in CELERY_TASK_ROUTES.
@shared_task(bind=True, max_retries=None)  # type: ignore[untyped-decorator]  # celery ships no type hints
def grade_submission(self: Any, submission_id: int) -> str:
    try:
        result = grading.submission_grade(submission_id=submission_id)
    except grading.GradeLater as later:
        logger.info("Submission %s: %s; trying again in %.1f s", submission_id, later, later.seconds)
        raise self.retry(countdown=later.seconds) from later
    logger.info("Submission %s: %s", submission_id, result)
    return result


@signals.task_received.connect  # type: ignore[untyped-decorator]  # celery ships no type hints
def _hold_delivered_submission(request: Any, **kwargs: Any) -> None:
    """In the worker's main process, as a grading message arrives: the row is held by this worker (see
    `grading.submission_delivered`), so a worker that dies before running it is noticed by the beat job
    within a lease, not at Redis' visibility timeout. A database error only loses that shortcut."""
    if request.name != grade_submission.name or not request.args:
        return
    close_old_connections()  # the main process keeps its connection; drop it if it broke
    try:
        grading.submission_delivered(submission_id=int(request.args[0]), eta=request.eta)
    except DatabaseError:
        logger.warning("Submission %s: could not record its delivery", request.args[0], exc_info=True)


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def requeue_stuck_submissions() -> int:
    return grading.requeue_stuck_submissions()


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def review_queue_maintain() -> dict[str, int]:
    """Enqueue newly submitted self-paced rounds, release expired review claims, escalate long waits."""
    return services.queue_maintain()


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def analyse_round(session_id: int) -> str:
    """The automatic feedback on one submitted written round (the model loads once per worker process)."""
    return machine_feedback.round_feedback_run(session_id=session_id)


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def feedback_resend_pending() -> int:
    return machine_feedback.feedback_resend_pending()
