"""The Celery app, and the one way to enqueue work after a write (docs/architecture.md, "Tasks").

Every task's base class is `Task` below (the app's `task_cls`), in the style of pretix's
`TransactionAwareTask`: code that writes rows and then wants a task calls `some_task.enqueue_on_commit(pk)`.
The message leaves only once the transaction has committed (a rolled-back write sends nothing, and the
worker never reads a row that is not there yet), and a broker that is down never fails the request that
committed: the error is logged as a warning, and the row stays in a state its beat job resends.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import celery.worker.consumer
from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger("config.tasks")

# One quick retry covers a pooled connection that went stale (Redis restarted); a broker that is really
# down fails within a fraction of a second instead of holding the request.
SEND_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class Task(DjangoTask):  # type: ignore[misc]  # celery ships no type information
    """A task that can be enqueued after commit, robustly. Tasks take primary keys, never model instances."""

    def send(self, *args: Any, priority: int | None = None, **kwargs: Any) -> bool:
        """Send the task now. False, with a warning logged, when the broker did not take it.

        For after-commit code and beat jobs, whose rows already record that the work is due: the beat job
        sends again what did not leave, so an error here must not reach the caller. `priority=0` puts the
        message ahead of every queued one of a lower priority (Redis: 0 is taken first).
        """
        options: dict[str, Any] = {} if priority is None else {"priority": priority}
        try:
            self.apply_async(args=args, kwargs=kwargs, retry=True, retry_policy=SEND_RETRY_POLICY, **options)
        except Exception:
            if self.app.conf.task_always_eager:
                raise  # eager (tests): "sending" ran the task, and its errors belong to the test
            logger.warning(
                "Could not send %s%r; its beat job will send it again", self.name, args, exc_info=True
            )
            return False
        return True

    def enqueue_on_commit(
        self, *args: Any, if_not_sent: Callable[[], object] | None = None, **kwargs: Any
    ) -> None:
        """Send the task once the current transaction commits (at once outside a transaction).

        `if_not_sent` runs when the broker did not take it, to mark the row for its beat job right away.
        """

        def send_after_commit() -> None:
            if not self.send(*args, **kwargs) and if_not_sent is not None:
                if_not_sent()

        transaction.on_commit(send_after_commit)

    def enqueue_each_on_commit(
        self,
        calls: Iterable[Sequence[Any]],
        *,
        if_not_sent: Callable[[list[tuple[Any, ...]]], object] | None = None,
    ) -> None:
        """One task per argument tuple after commit. Stops at the first broker error, so a batch does not
        try a dead broker hundreds of times; `if_not_sent` gets the argument tuples that were not sent."""
        pending = [tuple(c) for c in calls]

        def send_all() -> None:
            for index, args in enumerate(pending):
                if not self.send(*args):
                    if if_not_sent is not None:
                        if_not_sent(pending[index:])
                    return

        transaction.on_commit(send_all)


class Consumer(celery.worker.consumer.Consumer):  # type: ignore[misc]  # celery ships no type information
    """The worker's consumer (settings: CELERY_WORKER_CONSUMER), made to survive a Redis outage.

    - It reconnects within about 2 s of the broker's return: kombu waits 2, 4, 6... up to 30 s between
      attempts, so after a long outage a worker could sit idle for half a minute with Redis up again.
    - Losing Redis while a task is unacknowledged (always, with acks_late and a grading running) made the
      whole worker exit ("Unrecoverable error", AttributeError): closing the lost connection asks kombu's
      Redis channel to restore the unacked messages through a connection that `collect()` has just
      released. Those messages stay in Redis' unacked set and their rows are recovered by the beat job
      anyway, so a failed close is logged and the worker reconnects. The tasks that were running are
      cancelled (CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS): their messages can no longer
      be acknowledged (acking on the dead channel crashed the worker too), and their rows' leases lapse,
      so the beat job sends them again.
    """

    def ensure_connected(self, conn: Any) -> Any:
        conn.ensure_connection = functools.partial(
            conn.ensure_connection, interval_start=1, interval_step=1, interval_max=2
        )
        return super().ensure_connected(conn)

    def on_connection_error_after_connected(self, exc: Exception) -> None:
        connection = self.connection
        if connection is not None:
            close = connection.close

            def close_what_can_be_closed() -> None:
                try:
                    close()
                except AttributeError:
                    logger.warning("Closing the lost broker connection failed; reconnecting", exc_info=True)

            connection.close = close_what_can_be_closed
        super().on_connection_error_after_connected(exc)


app = Celery("mockloop", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
