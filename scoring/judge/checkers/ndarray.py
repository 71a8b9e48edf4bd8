"""The "ndarray" checker: a numpy array of the expected shape and dtype policy, close to expected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from scoring.judge.checkers.base import Checker, CheckerConfigError, CheckResult, flag, tolerance
from scoring.judge.checkers.compare import close_arrays
from scoring.judge.checkers.values import DTYPE_HINTS, describe, numeric_array, short

_DTYPE_POLICIES: dict[str, Callable[[np.dtype[Any], np.dtype[Any]], bool]] = {
    "any": lambda exp, act: True,
    "float": lambda exp, act: act.kind == "f",
    "int": lambda exp, act: act.kind in "iu",
    "bool": lambda exp, act: act.kind == "b",
    "exact": lambda exp, act: exp == act,
}


class NdarrayChecker(Checker):
    """A numpy array of the expected shape whose dtype satisfies the policy, ``allclose`` to expected.

    With ``dtype: any`` a rectangular nested list of numbers is accepted too.
    """

    type_name = "ndarray"

    def __init__(
        self, *, atol: float = 1e-6, rtol: float = 1e-6, dtype: str = "any", nan_equal: bool = True
    ) -> None:
        self.atol, self.rtol = tolerance("atol", atol), tolerance("rtol", rtol)
        self.nan_equal = flag("nan_equal", nan_equal)
        if dtype not in _DTYPE_POLICIES:
            raise CheckerConfigError("dtype", f"must be one of {', '.join(_DTYPE_POLICIES)}, got {dtype!r}")
        self.dtype = dtype

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        exp = np.asarray(expected)
        if not isinstance(actual, np.ndarray):
            arr = numeric_array(actual) if self.dtype == "any" else None
            if arr is None:
                hint = " - return one, e.g. `np.asarray(result)`" if isinstance(actual, list) else ""
                return CheckResult(0.0, False, f"expected a numpy array, got {describe(actual)}{hint}")
            actual = arr
        if actual.shape != exp.shape:
            return CheckResult(0.0, False, f"expected shape {exp.shape}, got {actual.shape}")
        if not _DTYPE_POLICIES[self.dtype](exp.dtype, actual.dtype):
            if self.dtype == "exact":
                want = f"dtype {exp.dtype}, got {actual.dtype} - convert it, e.g. `.astype(np.{exp.dtype})`"
            else:
                want = DTYPE_HINTS[self.dtype].format(got=actual.dtype)
            return CheckResult(0.0, False, f"expected {want}")
        if exp.dtype.kind in "biuf" and actual.dtype.kind in "biuf":
            msg = close_arrays(
                exp.astype(np.float64),
                actual.astype(np.float64),
                self.atol,
                self.rtol,
                self.nan_equal,
                as_int=exp.dtype.kind in "biu" and actual.dtype.kind in "biu",
            )
        else:
            msg = None if np.array_equal(exp, actual) else f"expected {short(exp)}, got {short(actual)}"
        return CheckResult(1.0, True, "") if msg is None else CheckResult(0.0, False, msg)
