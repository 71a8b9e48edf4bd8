from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from questionbank.bankfiles.data import BankError
from questionbank.bankfiles.reading import read_bank
from questionbank.importing import bank_import


class Command(BaseCommand):
    help = (
        "Import a bank folder (docs/bank-format.md), all or nothing. Every file is validated first, and "
        "every new or changed published coding problem must pass its sandbox check (reference passes all "
        "tests, each wrong/*.py fails one). Importing the same folder twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="the bank folder")
        parser.add_argument(
            "--skip-sandbox-check",
            action="store_true",
            help="do not run coding problems in the sandbox now; their checks are queued for the worker "
            "instead (for a machine without a sandbox)",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            bank = read_bank(Path(str(options["dir"])))
            summary = bank_import(bank=bank, check_coding=not options["skip_sandbox_check"])
        except BankError as exc:
            raise CommandError(f"Nothing was imported: {len(exc.problems)} problem(s) found.\n{exc}") from exc
        if summary.changed_nothing:
            self.stdout.write(f"Nothing to do: the bank already matches ({summary}).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Bank imported: {summary}."))
