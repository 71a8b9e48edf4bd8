"""The "float" checker: numbers within a tolerance, anywhere in nested values."""

from __future__ import annotations

from typing import Any

from scoring.judge.checkers.base import Checker, CheckResult, flag, tolerance
from scoring.judge.checkers.compare import compare


class FloatChecker(Checker):
    """Numbers within ``atol + rtol * |expected|``, anywhere in nested lists/dicts/arrays.

    NaN matches NaN only when ``nan_equal``; an infinity matches only the same infinity.
    """

    type_name = "float"

    def __init__(self, *, atol: float = 1e-6, rtol: float = 1e-6, nan_equal: bool = True) -> None:
        self.atol, self.rtol = tolerance("atol", atol), tolerance("rtol", rtol)
        self.nan_equal = flag("nan_equal", nan_equal)

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        msg = compare(expected, actual, self.atol, self.rtol, self.nan_equal)
        return CheckResult(1.0, True, "") if msg is None else CheckResult(0.0, False, msg)
