"""Role checks that every page, API view and service uses. Curators are a staff group; reviewers opt in per
round kind.

The status policy, everywhere: a missing role is a 403 (`require_curator`, `require_reviewer` raise Django's
PermissionDenied, which pages and DRF both answer with 403); an object that exists but is not yours is a 404,
the same answer as one that does not exist (each app's `access.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

CURATORS_GROUP = "curators"
REVIEWERS_GROUP = "reviewers"


def group_names(user: Any) -> frozenset[str]:
    """The user's group names, fetched once per request object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_mockloop_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._mockloop_groups = cached
    return cached


def is_curator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or CURATORS_GROUP in group_names(user)


def is_reviewer(user: Any) -> bool:
    return is_curator(user) or REVIEWERS_GROUP in group_names(user)


def require_curator(user: Any, message: str = "Only curators can see or change this.") -> None:
    if not is_curator(user):
        raise PermissionDenied(message)


def require_reviewer(user: Any, message: str = "Opt in to reviewing a round on your profile first.") -> None:
    if not is_reviewer(user):
        raise PermissionDenied(message)


def curator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages: anonymous visitors go to the login page; signed-in users who are not curators get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_curator(request.user, "Only curators can see the question bank.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)
