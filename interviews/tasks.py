from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def expire_overdue_sessions() -> int:
    return services.expire_overdue_sessions()


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def clear_expired_login_sessions() -> None:
    call_command("clearsessions")


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def send_booking_email(email_id: int) -> bool:
    """One outbox email. No Celery retries: a failure stays on the row and the beat job tries again."""
    from .notifications import booking_email_deliver

    return booking_email_deliver(email_id=email_id)


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def send_due_booking_emails() -> int:
    from .notifications import booking_emails_send_due

    return booking_emails_send_due()


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def send_booking_reminders() -> int:
    from .notifications import booking_reminders_send

    return booking_reminders_send()


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def expire_unopened_sessions() -> int:
    from .live import expire_unopened_sessions as expire

    return expire()
