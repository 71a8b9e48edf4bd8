from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from questionbank.bankfiles.data import BankError
from questionbank.importing import BANK_DIR, bank_load


class Command(BaseCommand):
    help = (
        "Import the question bank from plain files (all-or-nothing). Defaults to the bank in the repository."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(BANK_DIR), help="the bank folder")

    def handle(self, *args: object, **options: object) -> None:
        try:
            summary = bank_load(root=Path(str(options["path"])))
        except BankError as exc:
            raise CommandError(f"Nothing was imported: {len(exc.problems)} problem(s) found.\n{exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Bank loaded: {summary}."))
