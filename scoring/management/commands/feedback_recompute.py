"""``python manage.py feedback_recompute [--all | --since DATE] [--force]``: re-run the automatic feedback.

By default it (re)analyses finished written rounds that the current engine has not read yet (a new engine
version, a failed or missing analysis), with a progress bar on stderr. ``--force`` redoes those the
current engine already read too.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from interviews.models import InterviewSession
from scoring.feedback import ENGINE_VERSION
from scoring.machine_feedback import WRITTEN_ROUNDS, feedback_recompute
from scoring.selectors import FINISHED


class Command(BaseCommand):
    help = "Re-run the automatic feedback on old written rounds (skips rounds the current engine read)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every finished written round")
        which.add_argument("--since", help="rounds submitted on or after this date (YYYY-MM-DD)")
        parser.add_argument("--force", action="store_true", help="also redo rounds this engine already read")

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = InterviewSession.objects.filter(
            round_kind__in=WRITTEN_ROUNDS, status__in=FINISHED
        ).order_by("submitted_at", "pk")
        if options["since"]:
            try:
                day = date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError(
                    f"--since must be a date like 2026-01-31, not {options['since']!r}"
                ) from exc
            sessions = sessions.filter(submitted_at__gte=timezone.make_aware(datetime.combine(day, time.min)))
        total = sessions.count()
        self.stderr.write(f"{total} rounds; engine {ENGINE_VERSION}")

        def progress(n: int, outcome: str) -> None:
            width = 30
            filled = int(width * n / max(1, total))
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {n}/{total} {outcome:<12}", ending=""
            )
            self.stderr.flush()

        counts = feedback_recompute(
            sessions=sessions.iterator(),
            skip_engine=None if options["force"] else ENGINE_VERSION,
            progress=progress,
        )
        if total:
            self.stderr.write("")
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing to do"
        self.stdout.write(summary)
