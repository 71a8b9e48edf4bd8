from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from questionbank.roles import is_curator, is_reviewer


def roles(request: HttpRequest) -> dict[str, Any]:
    # Lazy, so pages that never ask about roles pay no query for them.
    user = getattr(request, "user", None)
    return {
        "is_curator": SimpleLazyObject(lambda: is_curator(user)),
        "is_reviewer": SimpleLazyObject(lambda: is_reviewer(user)),
    }
