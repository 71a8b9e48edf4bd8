from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task
def expire_overdue_sessions() -> int:
    return services.expire_overdue_sessions()


@shared_task
def clear_expired_login_sessions() -> None:
    call_command("clearsessions")


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_booking_email(session_id: int, event: str, actor_id: int | None = None) -> int:
    # OSError covers an SMTP server that is down or refusing: retried with backoff.
    from .notifications import booking_email_send

    return booking_email_send(session_id=session_id, event=event, actor_id=actor_id)


@shared_task
def send_booking_reminders() -> int:
    from .notifications import booking_reminders_send

    return booking_reminders_send()


@shared_task
def expire_unopened_sessions() -> int:
    from .live import expire_unopened_sessions as expire

    return expire()
