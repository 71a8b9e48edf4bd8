"""The "threshold" checker: a metric of actual against expected, with linear partial credit."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from scoring.judge.checkers.base import Checker, CheckerConfigError, CheckResult, WrongAnswer, label_dtype
from scoring.judge.checkers.values import describe, label_vector, numeric_array


def _vector(x: Any, n: int, name: str) -> np.ndarray[Any, Any]:
    arr = x if isinstance(x, np.ndarray) else numeric_array(x)
    if arr is None and isinstance(x, list) and all(isinstance(v, bool) for v in x):
        arr = np.array(x, dtype=np.float64)
    if arr is None or arr.dtype.kind not in "biuf":
        raise WrongAnswer(f"{name} must be a list or array of numbers, got {describe(x)}")
    if arr.ndim != 1 or arr.shape[0] != n:
        raise WrongAnswer(f"{name} must have shape ({n},), got {arr.shape}")
    return arr.astype(np.float64)


def _f1_macro(y: list[Any], p: list[Any]) -> float:
    labels = set(y) | set(p)
    scores = []
    for c in labels:
        tp = sum(1 for a, b in zip(y, p, strict=True) if a == c and b == c)
        fp = sum(1 for a, b in zip(y, p, strict=True) if a != c and b == c)
        fn = sum(1 for a, b in zip(y, p, strict=True) if a == c and b != c)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 1.0


def _accuracy(y: list[Any], p: list[Any]) -> float:
    return sum(1 for a, b in zip(y, p, strict=True) if a == b) / len(y) if y else 1.0


def _r2(y: np.ndarray[Any, Any], p: np.ndarray[Any, Any]) -> float:
    ss_res = float(np.sum((y - p) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return 1.0 - ss_res / ss_tot


_CLASSIFICATION = {"accuracy": _accuracy, "f1_macro": _f1_macro}  # on label vectors, higher is better
_REGRESSION: dict[str, tuple[Callable[[np.ndarray[Any, Any], np.ndarray[Any, Any]], float], bool]] = {
    # name: (function(y_true, y_pred), higher is better)
    "r2": (_r2, True),
    "mae": (lambda y, p: float(np.mean(np.abs(y - p))) if len(y) else 0.0, False),
    "mse": (lambda y, p: float(np.mean((y - p) ** 2)) if len(y) else 0.0, False),
}
_METRIC_NAMES = ["accuracy", "r2", "mae", "mse", "f1_macro"]


class ThresholdChecker(Checker):
    """A metric of actual against expected, with linear partial credit between ``zero`` and ``full``.

    For the label metrics (accuracy, f1_macro), ``dtype: int`` also requires integer labels.
    """

    type_name = "threshold"

    def __init__(self, *, metric: str, full: float, zero: float, dtype: str = "any") -> None:
        if metric not in _METRIC_NAMES:
            raise CheckerConfigError("metric", f"must be one of {', '.join(_METRIC_NAMES)}, got {metric!r}")
        for name, v in (("full", full), ("zero", zero)):
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise CheckerConfigError(name, f"must be a finite number, got {v!r}")
        self.metric, self.full, self.zero = metric, float(full), float(zero)
        self.dtype = label_dtype(dtype)
        if self.dtype != "any" and metric not in _CLASSIFICATION:
            raise CheckerConfigError(
                "dtype", f"only the label metrics (accuracy, f1_macro) take a dtype, not {metric}"
            )
        higher = metric in _CLASSIFICATION or _REGRESSION[metric][1]
        if higher and not self.full > self.zero:
            raise CheckerConfigError("full", f"{metric}: higher is better, so full must be greater than zero")
        if not higher and not self.full < self.zero:
            raise CheckerConfigError("full", f"{metric}: lower is better, so full must be less than zero")

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        try:
            if self.metric in _CLASSIFICATION:
                y = label_vector(expected, "expected")
                p = label_vector(actual, "actual", self.dtype)
                if len(p) != len(y):
                    raise WrongAnswer(f"expected {len(y)} labels, got {len(p)}")
                value = _CLASSIFICATION[self.metric](y, p)
            else:
                y_arr = _vector(expected, len(expected), "expected")
                p_arr = _vector(actual, len(y_arr), "the output")
                with np.errstate(all="ignore"):
                    value = _REGRESSION[self.metric][0](y_arr, p_arr)
        except WrongAnswer as exc:
            return CheckResult(0.0, False, str(exc))
        if not math.isfinite(value):
            return CheckResult(0.0, False, f"{self.metric} is {value}")
        score = min(1.0, max(0.0, (value - self.zero) / (self.full - self.zero)))
        message = f"{self.metric} = {value:.4g} (full credit at {self.full:g}, none at {self.zero:g})"
        return CheckResult(score, score >= 1.0, message)
