"""The "unordered" checker: two lists equal as multisets."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from scoring.judge.checkers.base import Checker, CheckResult, tolerance
from scoring.judge.checkers.compare import compare
from scoring.judge.checkers.values import describe, is_number, short


class UnorderedChecker(Checker):
    """The two lists are equal as multisets (numbers within ``atol``/``rtol``)."""

    type_name = "unordered"

    # Beyond this many items, a tolerance mismatch after sorting is not retried with quadratic matching.
    MATCH_LIMIT = 400

    def __init__(self, *, atol: float = 1e-6, rtol: float = 1e-6) -> None:
        self.atol, self.rtol = tolerance("atol", atol), tolerance("rtol", rtol)

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        exp = expected.tolist() if isinstance(expected, np.ndarray) else expected
        act = actual.tolist() if isinstance(actual, np.ndarray) and actual.ndim >= 1 else actual
        if not isinstance(act, list):
            return CheckResult(0.0, False, f"expected a list, got {describe(actual)}")
        if len(act) != len(exp):
            return CheckResult(0.0, False, f"expected {len(exp)} items, got {len(act)}")
        exp_sorted, act_sorted = sorted(exp, key=_sort_key), sorted(act, key=_sort_key)
        if compare(exp_sorted, act_sorted, self.atol, self.rtol, True) is None:
            return CheckResult(1.0, True, "")
        if len(exp) <= self.MATCH_LIMIT and self._match(exp, act):
            return CheckResult(1.0, True, "")
        missing = _first_unmatched(exp_sorted, act_sorted, self.atol, self.rtol)
        return CheckResult(0.0, False, f"the items differ as a multiset; e.g. {missing} has no match")

    def _match(self, exp: list[Any], act: list[Any]) -> bool:
        free = list(act)
        for e in exp:
            for i, a in enumerate(free):
                if compare(e, a, self.atol, self.rtol, True) is None:
                    del free[i]
                    break
            else:
                return False
        return True


def _sort_key(x: Any) -> tuple[Any, ...]:
    # A total order across types, so lists of mixed or nested items sort the same way on both sides.
    if isinstance(x, bool):
        return (1, int(x))
    if is_number(x):
        return (2, -math.inf if math.isnan(x) else x)
    if isinstance(x, str):
        return (3, x)
    if isinstance(x, np.ndarray):
        return (4, tuple(_sort_key(v) for v in x.tolist())) if x.ndim else (2, float(x))
    if isinstance(x, list):
        return (4, tuple(_sort_key(v) for v in x))
    if isinstance(x, dict):
        return (5, tuple(sorted((k, _sort_key(v)) for k, v in x.items())))
    return (0, 0)


def _first_unmatched(exp: list[Any], act: list[Any], atol: float, rtol: float) -> str:
    for e, a in zip(exp, act, strict=True):
        if compare(e, a, atol, rtol, True) is not None:
            return short(e, 60)
    return "an item"
