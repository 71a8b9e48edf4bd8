from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task
def expire_overdue_sessions() -> int:
    return services.expire_overdue_sessions()


@shared_task
def clear_expired_login_sessions() -> None:
    call_command("clearsessions")
