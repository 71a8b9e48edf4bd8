"""Role checks that every view uses. Curators are a staff group; reviewers opt in per round kind."""

from __future__ import annotations

from typing import Any

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
