"""``python manage.py sandbox_run FILE``: run one Python program in the production sandbox and print the result.

For checking a deployment (is bubblewrap there, does numpy import inside, what do the limits do) and for
trying a hostile program by hand. Uses ``settings.SANDBOX_BACKEND`` exactly as grading does, but does not
refuse the insecure backend: it says which backend ran in the output instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring.judge.sandbox import get_backend
from scoring.judge.sandbox_types import Limits


class Command(BaseCommand):
    help = "Run one Python program in the sandbox; print status, exit code, output, time and memory as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the Python program to run")
        parser.add_argument("--stdin", type=Path, default=None, help="file for its stdin (default: ours)")
        parser.add_argument("--time-limit", type=float, default=None, help="CPU seconds (wall: 2x + 1 s)")
        parser.add_argument("--memory-mb", type=int, default=None, help="memory limit in MB")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            source = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        if options["stdin"] is not None:
            try:
                stdin = options["stdin"].read_bytes()
            except OSError as exc:
                raise CommandError(f"cannot read {options['stdin']}: {exc.strerror}") from exc
        elif sys.stdin is None or sys.stdin.isatty():
            stdin = b""
        else:
            stdin = sys.stdin.buffer.read()
        defaults = Limits()
        cpu = options["time_limit"] if options["time_limit"] is not None else defaults.cpu_seconds
        if cpu <= 0:
            raise CommandError("--time-limit must be positive")
        memory = options["memory_mb"] if options["memory_mb"] is not None else defaults.memory_mb
        if memory <= 0:
            raise CommandError("--memory-mb must be positive")
        limits = Limits(
            cpu_seconds=cpu, wall_seconds=max(defaults.wall_seconds, 2 * cpu + 1), memory_mb=memory
        )

        backend = get_backend(getattr(settings, "SANDBOX_BACKEND", "auto"))
        name = path.name if path.suffix == ".py" and "/" not in path.name else "main.py"
        result = backend.run_python(files={name: source}, main=name, stdin=stdin, limits=limits)
        out = {
            "status": str(result.status),
            "exit_code": result.exit_code,
            "stdout": result.stdout.decode("utf-8", "replace"),
            "stderr": result.stderr.decode("utf-8", "replace"),
            "time_ms": result.time_ms,
            "wall_ms": result.wall_ms,
            "memory_kb": result.memory_kb,
            "message": result.message,
            "backend": backend.name,
            "secure": backend.secure,
        }
        self.stdout.write(json.dumps(out))
