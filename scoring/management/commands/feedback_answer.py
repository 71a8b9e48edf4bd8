"""``python manage.py feedback_answer QUESTION_SLUG FILE``: the automatic feedback on one answer, as JSON.

For curators and scripts: reads the answer from FILE (``-`` for stdin), analyses it against the question's
published version with the same engine the worker uses, and prints one JSON object. A system-design answer
may be given as a JSON object {section key: text}; plain text is then read as one block.
Exit status 2 for an unknown slug, a question with no published version, a coding question, or a database
that cannot be read (not migrated, unreachable).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.utils import OperationalError, ProgrammingError

from questionbank.models import Question, RoundKind, Status
from scoring.feedback import AnswerInput, analyse
from scoring.machine_feedback import question_input_for, shared_red_flags


class Command(BaseCommand):
    help = "Analyse one written answer against a published question; print one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the question's slug")
        parser.add_argument("file", help="a UTF-8 text file with the answer, or - for stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        try:
            question = Question.objects.filter(slug=slug).select_related("current_version").first()
        except (OperationalError, ProgrammingError) as exc:
            raise CommandError(
                f"cannot read the question bank ({exc}): is the database reachable and migrated "
                "(python manage.py migrate, then load_demo or import_bank)?",
                returncode=2,
            ) from exc
        if question is None:
            raise CommandError(f"unknown question slug {slug!r}", returncode=2)
        if question.round_kind == RoundKind.CODING:
            raise CommandError(
                f"{slug!r} is a coding question; automatic feedback reads written answers only", returncode=2
            )
        version = question.current_version
        if version is None or question.status != Status.PUBLISHED:
            raise CommandError(f"{slug!r} has no published version", returncode=2)
        text = self._read(options["file"])
        answer = AnswerInput(text=text)
        if version.round_kind == RoundKind.ML_SYSTEM_DESIGN and text.lstrip().startswith("{"):
            try:
                sections = json.loads(text)
            except ValueError as exc:
                raise CommandError(f"the answer looks like JSON but is not: {exc}") from exc
            if not isinstance(sections, dict) or not all(isinstance(v, str) for v in sections.values()):
                raise CommandError("a design answer in JSON must map section keys to text")
            answer = AnswerInput(sections=sections)
        result = analyse(question_input_for(version), answer, shared_red_flags())
        out = {
            "engine": result.engine,
            "overall": result.overall if result.overall is not None else 0.0,
            "key_points": [
                {
                    "text": kp.text,
                    "status": kp.status,
                    "score": kp.score,
                    "evidence": kp.evidence.text if kp.evidence else "",
                }
                for kp in result.key_points
            ],
            "red_flags": [{"slug": f.slug, "evidence": f.evidence.text} for f in result.red_flags],
        }
        if result.status != "analysed":
            self.stderr.write(result.message)
        self.stdout.write(json.dumps(out, ensure_ascii=False))

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        try:
            return Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {name}: {exc.strerror}", returncode=2) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{name} is not UTF-8 text: {exc}", returncode=2) from exc
