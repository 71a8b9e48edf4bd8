"""The "exact" checker: equal after decoding."""

from __future__ import annotations

from typing import Any

import numpy as np

from scoring.judge.checkers.base import Checker, CheckResult
from scoring.judge.checkers.compare import exact_equal
from scoring.judge.checkers.values import describe, is_number, short


class ExactChecker(Checker):
    """Equal after decoding: same structure, same values (1 == 1.0, but True != 1; NaN equals NaN)."""

    type_name = "exact"

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        if exact_equal(expected, actual):
            return CheckResult(1.0, True, "")
        if isinstance(expected, list) and isinstance(actual, np.ndarray):
            hint = " - return a Python list, e.g. `.tolist()`"
            if exact_equal(expected, actual.tolist()):
                return CheckResult(0.0, False, f"expected a Python list, got a numpy array{hint}")
            return CheckResult(0.0, False, f"expected a Python list, got {describe(actual)}{hint}")
        if is_number(expected) and isinstance(actual, np.ndarray) and actual.ndim > 0:
            return CheckResult(
                0.0,
                False,
                f"expected a single number, got an array of shape {actual.shape} - return one value",
            )
        return CheckResult(0.0, False, f"expected {short(expected)}, got {short(actual)}")
