from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from questionbank.exporting import bank_export


class Command(BaseCommand):
    help = (
        "Write the bank as plain files into DIR (new or empty): the live version and status of every "
        "question, coding problem and rubric, plus topics, red flags and candidate questions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="the folder to write (created if missing; must be empty)")

    def handle(self, *args: object, **options: object) -> None:
        root = Path(str(options["dir"]))
        try:
            written = bank_export(root=root)
        except FileExistsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Bank exported: {len(written)} files in {root}."))
