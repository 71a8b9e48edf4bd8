"""The "labels_permutation" checker: label vectors equal up to a renaming (cluster assignments)."""

from __future__ import annotations

from typing import Any

from scoring.judge.checkers.base import Checker, CheckResult, WrongAnswer, label_dtype
from scoring.judge.checkers.values import label_vector, short


class LabelsPermutationChecker(Checker):
    """The label vectors agree up to a renaming of labels (a bijection), as for cluster assignments.

    ``dtype: int`` also requires integer labels (an integer array, or a list of ints).
    """

    type_name = "labels_permutation"

    def __init__(self, *, dtype: str = "any") -> None:
        self.dtype = label_dtype(dtype)

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        try:
            exp = label_vector(expected, "expected")
            act = label_vector(actual, "actual", self.dtype)
        except WrongAnswer as exc:
            return CheckResult(0.0, False, str(exc))
        if len(act) != len(exp):
            return CheckResult(0.0, False, f"expected {len(exp)} labels, got {len(act)}")
        forward: dict[Any, Any] = {}
        backward: dict[Any, Any] = {}
        for i, (e, a) in enumerate(zip(exp, act, strict=True)):
            if forward.setdefault(e, a) != a:
                return CheckResult(
                    0.0,
                    False,
                    f"item {i} is labelled {short(a, 20)}, but earlier items of its cluster are labelled "
                    f"{short(forward[e], 20)}",
                )
            if backward.setdefault(a, e) != e:
                return CheckResult(
                    0.0,
                    False,
                    f"item {i} is labelled {short(a, 20)}, a label already used for another cluster",
                )
        return CheckResult(1.0, True, "")
