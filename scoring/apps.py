from typing import Any

from django.apps import AppConfig
from django.core import checks


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self) -> None:
        checks.register(sandbox_check, checks.Tags.security, deploy=True)


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
