"""``python manage.py grade_file SLUG FILE [--mode examples|submit]``: grade a file against a problem's published
version, exactly as the worker grades a submission, and print the report as JSON.

For curators (does my wrong solution fail, and how?) and scripts. Same backend choice (``grading_backend``,
which refuses the insecure one unless DEBUG is on), same stored tests (``tests_for_version``), same ``grade``.
Exit status 0 when it graded (whatever the verdict), 2 for an unknown slug, a problem that is not a published
coding problem, or a file that cannot be read, 3 when the sandbox could not run it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from questionbank.models import Question, QuestionVersion, RoundKind, Status
from scoring.grading import problem_spec, tests_for_version
from scoring.judge.grader import grade
from scoring.judge.problem import BankError
from scoring.judge.report import SandboxFailure
from scoring.sandboxing import SandboxRefused, grading_backend


def published_version(slug: str) -> QuestionVersion:
    """The version submissions are graded against; CommandError (exit 2) when there is none."""
    question = Question.objects.filter(slug=slug).first()
    if question is None:
        raise CommandError(f"no problem with the slug {slug!r}", returncode=2)
    if question.round_kind != RoundKind.CODING:
        raise CommandError(
            f"{slug!r} is a {question.round_kind} question, not a coding problem", returncode=2
        )
    version = (
        QuestionVersion.objects.filter(
            question=question, approved_at__isnull=False, coding_spec__isnull=False
        )
        .order_by("-number")
        .first()
    )
    if question.status != Status.PUBLISHED or version is None:
        raise CommandError(f"{slug!r} has no published version yet ({question.status})", returncode=2)
    return version


class Command(BaseCommand):
    help = "Grade a file against a coding problem's published version, as the worker does; print the report as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the problem's slug, e.g. scaled-dot-product-attention")
        parser.add_argument("file", type=Path, help="the solution to grade (a Python file)")
        parser.add_argument("--mode", choices=["examples", "submit"], default="submit",
                            help="examples: the visible tests only; submit (default): every test")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        version = published_version(options["slug"])
        try:
            code = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"no such file: {path}", returncode=2) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}", returncode=2) from None
        try:
            backend = grading_backend()
            tests = tests_for_version(version, backend)
            report = grade(spec=problem_spec(version), tests=tests, code=code,
                           mode=options["mode"], backend=backend)  # fmt: skip
        except (SandboxRefused, SandboxFailure) as exc:
            raise CommandError(f"the sandbox could not run it: {exc}", returncode=3) from None
        except BankError as exc:
            raise CommandError(f"this problem's tests could not be built: {exc}", returncode=2) from None
        out = {
            "slug": options["slug"],
            "version": version.number,
            "mode": report.mode,
            "status": str(report.status),
            "score": report.score,
            "passed": report.passed,
            "total": report.total,
            "message": report.message,
            "tests": [
                {
                    "name": t.name,
                    "hidden": not t.visible,
                    "status": str(t.verdict),
                    "time_ms": t.time_ms,
                    "message": t.message,
                }
                for t in report.tests
            ],
        }
        self.stdout.write(json.dumps(out, indent=2))
