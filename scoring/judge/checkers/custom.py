"""The "custom" checker: stands for the problem's own ``checker.py``, which runs in the sandbox."""

from __future__ import annotations

from typing import Any

from scoring.judge.checkers.base import Checker, CheckerConfigError, CheckResult


class CustomChecker(Checker):
    """The problem's ``checker.py``: ``check(args, kwargs, expected, actual) -> (score, message)``.

    Curator code: it runs in a sandbox of its own (``grader._custom_checks``), never in this process, so this
    class only stands for the setting. Calling it here is a programming error.
    """

    type_name = "custom"

    def __init__(self, *, source: str | None = None) -> None:
        if not source:
            raise CheckerConfigError("type", "a custom checker needs the problem's checker.py")
        self.source = source

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        raise RuntimeError(
            "checker.py runs in the sandbox (grader._custom_checks), never in the grading process"
        )
