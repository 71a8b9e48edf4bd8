import logging
from typing import Any

from django.apps import AppConfig
from django.core import checks

logger = logging.getLogger(__name__)


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self) -> None:
        checks.register(sandbox_check, checks.Tags.security, deploy=True)
        from interviews.signals import round_submitted

        round_submitted.connect(_request_feedback, dispatch_uid="scoring-machine-feedback")


def _request_feedback(sender: Any, session: Any, **kwargs: Any) -> None:
    """A submitted written round gets its automatic feedback row; the worker analyses it after commit."""
    from .machine_feedback import round_feedback_request

    try:
        round_feedback_request(session=session)
    except Exception:  # never let the machine read block a submit; the beat job retries missing rows
        logger.exception("Could not request automatic feedback for session %s", session.pk)


def sandbox_check(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    from .sandboxing import sandbox_status

    status = sandbox_status()
    if status.usable and status.secure:
        return []
    return [
        checks.Error(
            f"Candidate code cannot be graded safely: {status.detail}.",
            hint="Install bubblewrap and build the sandbox's numpy directory (make sandbox), "
            "or set SANDBOX_BACKEND=bwrap and check GET /healthz.",
            id="scoring.E001",
        )
    ]
