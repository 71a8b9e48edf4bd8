"""Which sandbox the Django side may use. Candidate code never runs unsandboxed with DEBUG off."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from scoring.judge.sandbox import get_backend
from scoring.judge.sandbox_types import SandboxBackend


class SandboxRefused(Exception):
    """No acceptable sandbox here: grading must wait rather than run code unsafely."""


@dataclass(frozen=True)
class SandboxStatus:
    usable: bool
    backend: str
    secure: bool
    detail: str


@lru_cache(maxsize=1)
def _backend() -> SandboxBackend:
    return get_backend(getattr(settings, "SANDBOX_BACKEND", "auto"))


def sandbox_status() -> SandboxStatus:
    backend = _backend()
    problem = backend.problem()
    if problem:
        return SandboxStatus(False, backend.name, backend.secure, problem)
    if not backend.secure and not settings.DEBUG:
        return SandboxStatus(
            False,
            backend.name,
            False,
            "only the insecure local backend is available and DEBUG is off: install bubblewrap "
            "(apt-get install bubblewrap) so candidate code runs sandboxed",
        )
    if not backend.secure:
        return SandboxStatus(True, backend.name, False, "INSECURE local backend (development only, DEBUG on)")
    return SandboxStatus(True, backend.name, True, f"{backend.name} sandbox ready")


def grading_backend() -> SandboxBackend:
    """The backend grading must use; raises SandboxRefused instead of ever running code unsafely."""
    status = sandbox_status()
    if not status.usable:
        raise SandboxRefused(status.detail)
    return _backend()
