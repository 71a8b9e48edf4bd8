from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

from .middleware import SESSION_TZ_KEY

# Sent after a round moves to SUBMITTED, inside the submitting transaction (kwargs: session). The scoring
# app listens to start the automatic feedback, so interviews never imports scoring.
round_submitted = Signal()


@receiver(user_logged_in)
def remember_time_zone(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .services import profile_of

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_TZ_KEY] = profile_of(user).time_zone
