"""The one typed request for views behind a login: `request.user` is a `User`, and htmx details are there.

Views decorated with `login_required` (or a role decorator) take `AuthedRequest`; DRF views keep DRF's
`Request` and read the user through `api_user(request)`.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from rest_framework.request import Request


class AuthedRequest(HttpRequest):
    user: User  # login_required has run
    htmx: HtmxDetails  # django_htmx.middleware.HtmxMiddleware has run


def api_user(request: Request) -> User:
    """The signed-in user of an API request whose permission classes require authentication."""
    user = request.user
    assert isinstance(user, User), "an API view that reads the user must require authentication"
    return user
