"""Checkers: decide whether a decoded actual value matches the expected one.

A checker is one class registered under its type name::

    @register_checker("float")
    class FloatChecker(Checker):
        def __init__(self, *, atol=1e-6, rtol=1e-6, nan_equal=True): ...
        def check(self, *, expected, actual, args, kwargs) -> CheckResult: ...

``make_checker({"type": "float", "atol": 1e-3})`` builds one from a problem's settings (raising
``CheckerConfigError`` on a bad setting) and ``run_check`` calls it. The actual value is untrusted: it came
out of the sandbox, so it can be of any type the codec allows, of any shape, nested up to the codec's depth
cap. ``run_check`` turns any exception a checker raises into a wrong answer with a message, so a weird value
is never a crash.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

Number = int | float


@dataclass(frozen=True)
class CheckResult:
    score: float  # 0..1; partial credit only from threshold and custom checkers
    passed: bool
    message: str = ""


class CheckerConfigError(ValueError):
    """A checker's settings are invalid. ``field`` names the setting."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Checker(ABC):
    type_name: ClassVar[str] = ""

    @abstractmethod
    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        """Compare; may raise on a weird actual value (``run_check`` turns that into a wrong answer)."""


_REGISTRY: dict[str, type[Checker]] = {}


def register_checker(name: str) -> Callable[[type[Checker]], type[Checker]]:
    def deco(cls: type[Checker]) -> type[Checker]:
        if name in _REGISTRY:
            raise ValueError(f"checker {name!r} is already registered")
        cls.type_name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def checker_types() -> list[str]:
    return sorted(_REGISTRY)


def make_checker(config: dict[str, Any], *, custom_source: str | None = None) -> Checker:
    """Build a checker from ``{"type": ..., **settings}``. Raises CheckerConfigError."""
    if not isinstance(config, dict):
        raise CheckerConfigError("checker", "must be a mapping with a 'type'")
    kind = config.get("type")
    if kind not in _REGISTRY:
        raise CheckerConfigError("type", f"unknown checker {kind!r}; one of {', '.join(checker_types())}")
    settings = {k: v for k, v in config.items() if k != "type"}
    cls = _REGISTRY[kind]
    if cls is CustomChecker:
        return CustomChecker(source=custom_source, **settings)
    try:
        return cls(**settings)
    except TypeError as exc:
        raise CheckerConfigError(kind, f"unknown setting ({exc})") from None


def run_check(
    checker: Checker, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]
) -> CheckResult:
    """Run a checker; an exception becomes a wrong answer, never a crash of the grader."""
    try:
        result = checker.check(expected=expected, actual=actual, args=args, kwargs=kwargs)
    except (Exception, RecursionError, MemoryError) as exc:  # untrusted actual values: never crash
        return CheckResult(0.0, False, f"could not compare the output: {type(exc).__name__}: {_short(exc)}")
    score = min(1.0, max(0.0, float(result.score))) if math.isfinite(result.score) else 0.0
    return CheckResult(round(score, 9), bool(result.passed), result.message)


# ---- helpers -------------------------------------------------------------------------------------------


def _short(x: Any, limit: int = 120) -> str:
    try:
        text = repr(x) if not isinstance(x, str) else x
    except Exception:
        text = f"<{type(x).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"a numpy array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, list):
        return f"a list of length {len(x)}"
    if x is None:
        return "None (did the function return anything?)"
    return f"a {type(x).__name__}"


def _integer_valued(x: Any) -> bool:
    """True for an integer array, a Python int, or a (nested) list of ints: values then print as ints."""
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "iu"
    if isinstance(x, list):
        stack: list[Any] = list(x)
        while stack:
            v = stack.pop()
            if isinstance(v, list):
                stack.extend(v)
            elif not _integer_valued(v):
                return False
        return True
    return isinstance(x, int) and not isinstance(x, bool)


def _number_text(v: float, as_int: bool) -> str:
    return str(int(v)) if as_int and math.isfinite(v) and float(v).is_integer() else repr(float(v))


# The fix for the common mismatches, named in the message.
_DTYPE_HINTS = {
    "int": "an integer array, got {got} - convert it, e.g. `.astype(np.int64)`",
    "float": "a float array, got {got} - convert it, e.g. `.astype(np.float64)`",
    "bool": "a boolean array, got {got} - e.g. compare (`x > 0`) or `.astype(bool)`",
}


def _tol(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0 or math.isinf(value):
        raise CheckerConfigError(name, f"must be a non-negative number, got {value!r}")
    return float(value)


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise CheckerConfigError(name, f"must be true or false, got {value!r}")
    return value


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _numeric_array(x: Any) -> np.ndarray[Any, Any] | None:
    """A float64 array if x is a number, a numeric (non-bool) array, or a rectangular nested list of numbers."""
    if isinstance(x, np.ndarray):
        return x.astype(np.float64) if x.dtype.kind in "iuf" else None
    if _is_number(x):
        return np.array(x, dtype=np.float64)
    if not isinstance(x, list):
        return None
    # Only numbers and lists may appear: np.asarray would happily parse "1.5" or True.
    stack: list[Any] = [x]
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, np.ndarray):
            if v.dtype.kind not in "iuf":
                return None
        elif not _is_number(v):
            return None
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (ValueError, TypeError, OverflowError):
        return None
    return arr


def _close_arrays(
    exp: np.ndarray[Any, Any],
    act: np.ndarray[Any, Any],
    atol: float,
    rtol: float,
    nan_equal: bool,
    *,
    as_int: bool = False,
) -> str | None:
    """None if equal within tolerance (same shape assumed), else a message naming the worst element."""
    with np.errstate(all="ignore"):
        exp_nan, act_nan = np.isnan(exp), np.isnan(act)
        both_finite = np.isfinite(exp) & np.isfinite(act)
        diff = np.where(both_finite, np.abs(act - exp), 0.0)
        ok = np.where(both_finite, diff <= atol + rtol * np.abs(exp), exp == act)
        ok = np.where(exp_nan | act_nan, (exp_nan & act_nan) if nan_equal else False, ok)
    if bool(ok.all()):
        return None
    bad = np.argwhere(~ok)
    first = tuple(int(i) for i in bad[0])
    where = f" at index {list(first)}" if exp.ndim else ""
    e, a = exp[first] if exp.ndim else exp, act[first] if act.ndim else act
    detail = f"expected {_number_text(e, as_int)}, got {_number_text(a, as_int)}{where}"
    if math.isnan(float(e)) and math.isnan(float(a)):
        detail += " (NaN never equals NaN for this test)"
    n = len(bad)
    return detail if n == 1 else f"{n} values differ; first: {detail}"


def _float_equal(e: float, a: float, atol: float, rtol: float, nan_equal: bool) -> bool:
    if math.isnan(e) or math.isnan(a):
        return nan_equal and math.isnan(e) and math.isnan(a)
    if math.isinf(e) or math.isinf(a):
        return e == a
    return abs(a - e) <= atol + rtol * abs(e)


def _compare(exp: Any, act: Any, atol: float, rtol: float, nan_equal: bool, path: str = "") -> str | None:
    """Structural comparison with tolerance on numbers; None if equal, else where and why they differ."""
    here = path or "the output"
    exp_arr = _numeric_array(exp)
    if exp_arr is not None:
        act_arr = _numeric_array(act)
        if act_arr is None:
            return f"{here}: expected {'a single number' if exp_arr.ndim == 0 else 'numbers'}, got {_describe(act)}"
        if exp_arr.ndim == 0 and act_arr.ndim > 0:
            return (
                f"{here}: expected a single number, got an array of shape {act_arr.shape} - "
                "return one value, e.g. `float(x)`"
            )
        if act_arr.shape != exp_arr.shape:
            return f"{here}: expected shape {exp_arr.shape}, got {act_arr.shape}"
        as_int = _integer_valued(exp) and _integer_valued(act)
        msg = _close_arrays(exp_arr, act_arr, atol, rtol, nan_equal, as_int=as_int)
        return None if msg is None else f"{here}: {msg}" if path else msg
    if isinstance(exp, list):
        if isinstance(act, np.ndarray):
            act = act.tolist()
        if not isinstance(act, list):
            return f"{here}: expected a list of length {len(exp)}, got {_describe(act)}"
        if len(act) != len(exp):
            return f"{here}: expected length {len(exp)}, got {len(act)}"
        for i, (e, a) in enumerate(zip(exp, act, strict=True)):
            msg = _compare(e, a, atol, rtol, nan_equal, f"{path}[{i}]")
            if msg:
                return msg
        return None
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            return f"{here}: expected a dict, got {_describe(act)}"
        if set(exp) != set(act):
            missing, extra = sorted(set(exp) - set(act)), sorted(set(act) - set(exp))
            return f"{here}: keys differ (missing {missing[:5]}, unexpected {extra[:5]})"
        for k in exp:
            msg = _compare(exp[k], act[k], atol, rtol, nan_equal, f"{path}.{k}" if path else k)
            if msg:
                return msg
        return None
    if isinstance(exp, np.ndarray):  # bool or str arrays
        if not isinstance(act, np.ndarray) or act.shape != exp.shape or not np.array_equal(exp, act):
            return f"{here}: expected {_short(exp)}, got {_short(act)}"
        return None
    if type(exp) is not type(act) or exp != act:
        return f"{here}: expected {_short(exp)}, got {_short(act)}"
    return None


def _exact_equal(exp: Any, act: Any) -> bool:
    if isinstance(exp, np.ndarray):
        return (
            isinstance(act, np.ndarray)
            and act.shape == exp.shape
            and act.dtype.kind == exp.dtype.kind
            and bool(np.array_equal(exp, act, equal_nan=exp.dtype.kind == "f"))
        )
    if isinstance(exp, bool) or isinstance(act, bool):
        return type(exp) is type(act) and exp == act
    if _is_number(exp):
        if not _is_number(act):
            return False
        if isinstance(exp, float) and isinstance(act, float) and math.isnan(exp):
            return math.isnan(act)
        return bool(exp == act)
    if isinstance(exp, list):
        return (
            isinstance(act, list)
            and len(act) == len(exp)
            and all(_exact_equal(e, a) for e, a in zip(exp, act, strict=True))
        )
    if isinstance(exp, dict):
        return (
            isinstance(act, dict) and set(act) == set(exp) and all(_exact_equal(exp[k], act[k]) for k in exp)
        )
    return type(exp) is type(act) and bool(exp == act)


# ---- the checkers --------------------------------------------------------------------------------------


@register_checker("exact")
class ExactChecker(Checker):
    """Equal after decoding: same structure, same values (1 == 1.0, but True != 1; NaN equals NaN)."""

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        if _exact_equal(expected, actual):
            return CheckResult(1.0, True, "")
        if isinstance(expected, list) and isinstance(actual, np.ndarray):
            hint = " - return a Python list, e.g. `.tolist()`"
            if _exact_equal(expected, actual.tolist()):
                return CheckResult(0.0, False, f"expected a Python list, got a numpy array{hint}")
            return CheckResult(0.0, False, f"expected a Python list, got {_describe(actual)}{hint}")
        if _is_number(expected) and isinstance(actual, np.ndarray) and actual.ndim > 0:
            return CheckResult(
                0.0,
                False,
                f"expected a single number, got an array of shape {actual.shape} - return one value",
            )
        return CheckResult(0.0, False, f"expected {_short(expected)}, got {_short(actual)}")


@register_checker("float")
class FloatChecker(Checker):
    """Numbers within ``atol + rtol * |expected|``, anywhere in nested lists/dicts/arrays.

    NaN matches NaN only when ``nan_equal``; an infinity matches only the same infinity.
    """

    def __init__(self, *, atol: float = 1e-6, rtol: float = 1e-6, nan_equal: bool = True) -> None:
        self.atol, self.rtol = _tol("atol", atol), _tol("rtol", rtol)
        self.nan_equal = _flag("nan_equal", nan_equal)

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        msg = _compare(expected, actual, self.atol, self.rtol, self.nan_equal)
        return CheckResult(1.0, True, "") if msg is None else CheckResult(0.0, False, msg)


_DTYPE_POLICIES: dict[str, Callable[[np.dtype[Any], np.dtype[Any]], bool]] = {
    "any": lambda exp, act: True,
    "float": lambda exp, act: act.kind == "f",
    "int": lambda exp, act: act.kind in "iu",
    "bool": lambda exp, act: act.kind == "b",
    "exact": lambda exp, act: exp == act,
}


@register_checker("ndarray")
class NdarrayChecker(Checker):
    """A numpy array of the expected shape whose dtype satisfies the policy, ``allclose`` to expected.

    With ``dtype: any`` a rectangular nested list of numbers is accepted too.
    """

    def __init__(
        self, *, atol: float = 1e-6, rtol: float = 1e-6, dtype: str = "any", nan_equal: bool = True
    ) -> None:
        self.atol, self.rtol = _tol("atol", atol), _tol("rtol", rtol)
        self.nan_equal = _flag("nan_equal", nan_equal)
        if dtype not in _DTYPE_POLICIES:
            raise CheckerConfigError("dtype", f"must be one of {', '.join(_DTYPE_POLICIES)}, got {dtype!r}")
        self.dtype = dtype

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        exp = np.asarray(expected)
        if not isinstance(actual, np.ndarray):
            arr = _numeric_array(actual) if self.dtype == "any" else None
            if arr is None:
                hint = " - return one, e.g. `np.asarray(result)`" if isinstance(actual, list) else ""
                return CheckResult(0.0, False, f"expected a numpy array, got {_describe(actual)}{hint}")
            actual = arr
        if actual.shape != exp.shape:
            return CheckResult(0.0, False, f"expected shape {exp.shape}, got {actual.shape}")
        if not _DTYPE_POLICIES[self.dtype](exp.dtype, actual.dtype):
            if self.dtype == "exact":
                want = f"dtype {exp.dtype}, got {actual.dtype} - convert it, e.g. `.astype(np.{exp.dtype})`"
            else:
                want = _DTYPE_HINTS[self.dtype].format(got=actual.dtype)
            return CheckResult(0.0, False, f"expected {want}")
        if exp.dtype.kind in "biuf" and actual.dtype.kind in "biuf":
            msg = _close_arrays(
                exp.astype(np.float64),
                actual.astype(np.float64),
                self.atol,
                self.rtol,
                self.nan_equal,
                as_int=exp.dtype.kind in "biu" and actual.dtype.kind in "biu",
            )
        else:
            msg = None if np.array_equal(exp, actual) else f"expected {_short(exp)}, got {_short(actual)}"
        return CheckResult(1.0, True, "") if msg is None else CheckResult(0.0, False, msg)


@register_checker("unordered")
class UnorderedChecker(Checker):
    """The two lists are equal as multisets (numbers within ``atol``/``rtol``)."""

    # Beyond this many items, a tolerance mismatch after sorting is not retried with quadratic matching.
    MATCH_LIMIT = 400

    def __init__(self, *, atol: float = 1e-6, rtol: float = 1e-6) -> None:
        self.atol, self.rtol = _tol("atol", atol), _tol("rtol", rtol)

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        exp = expected.tolist() if isinstance(expected, np.ndarray) else expected
        act = actual.tolist() if isinstance(actual, np.ndarray) and actual.ndim >= 1 else actual
        if not isinstance(act, list):
            return CheckResult(0.0, False, f"expected a list, got {_describe(actual)}")
        if len(act) != len(exp):
            return CheckResult(0.0, False, f"expected {len(exp)} items, got {len(act)}")
        exp_sorted, act_sorted = sorted(exp, key=_sort_key), sorted(act, key=_sort_key)
        if _compare(exp_sorted, act_sorted, self.atol, self.rtol, True) is None:
            return CheckResult(1.0, True, "")
        if len(exp) <= self.MATCH_LIMIT and self._match(exp, act):
            return CheckResult(1.0, True, "")
        missing = _first_unmatched(exp_sorted, act_sorted, self.atol, self.rtol)
        return CheckResult(0.0, False, f"the items differ as a multiset; e.g. {missing} has no match")

    def _match(self, exp: list[Any], act: list[Any]) -> bool:
        free = list(act)
        for e in exp:
            for i, a in enumerate(free):
                if _compare(e, a, self.atol, self.rtol, True) is None:
                    del free[i]
                    break
            else:
                return False
        return True


def _sort_key(x: Any) -> tuple[Any, ...]:
    # A total order across types, so lists of mixed or nested items sort the same way on both sides.
    if isinstance(x, bool):
        return (1, int(x))
    if _is_number(x):
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
        if _compare(e, a, atol, rtol, True) is not None:
            return _short(e, 60)
    return "an item"


_LABEL_DTYPES = ("any", "int")


def _label_dtype(value: Any) -> str:
    if value not in _LABEL_DTYPES:
        raise CheckerConfigError("dtype", f"must be one of {', '.join(_LABEL_DTYPES)}, got {value!r}")
    return str(value)


def _label_vector(x: Any, name: str, dtype: str = "any") -> list[Any]:
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise _Wrong(f"{name} labels must be a 1-D array, got shape {x.shape}")
        if dtype == "int" and x.dtype.kind not in "iu":
            raise _Wrong(
                f"expected integer labels, got an array of dtype {x.dtype} - convert it, e.g. `.astype(np.int64)`"
            )
        labels: list[Any] = x.tolist()
        return labels
    if not isinstance(x, list):
        raise _Wrong(f"expected a list of labels, got {_describe(x)}")
    for i, v in enumerate(x):
        if not (isinstance(v, int | str) or (isinstance(v, float) and math.isfinite(v))):
            raise _Wrong(f"labels must be integers or strings, got {_short(v, 40)}")
        if dtype == "int" and (isinstance(v, bool) or not isinstance(v, int)):
            raise _Wrong(
                f"expected integer labels, got {_short(v, 40)} ({type(v).__name__}) at index {i} - "
                "return ints, e.g. `int(label)`"
            )
    return x


class _Wrong(Exception):
    """Raised inside a checker to report a wrong answer with a message."""


@register_checker("labels_permutation")
class LabelsPermutationChecker(Checker):
    """The label vectors agree up to a renaming of labels (a bijection), as for cluster assignments.

    ``dtype: int`` also requires integer labels (an integer array, or a list of ints).
    """

    def __init__(self, *, dtype: str = "any") -> None:
        self.dtype = _label_dtype(dtype)

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        try:
            exp = _label_vector(expected, "expected")
            act = _label_vector(actual, "actual", self.dtype)
        except _Wrong as exc:
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
                    f"item {i} is labelled {_short(a, 20)}, but earlier items of its cluster are labelled "
                    f"{_short(forward[e], 20)}",
                )
            if backward.setdefault(a, e) != e:
                return CheckResult(
                    0.0,
                    False,
                    f"item {i} is labelled {_short(a, 20)}, a label already used for another cluster",
                )
        return CheckResult(1.0, True, "")


def _vector(x: Any, n: int, name: str) -> np.ndarray[Any, Any]:
    arr = x if isinstance(x, np.ndarray) else _numeric_array(x)
    if arr is None and isinstance(x, list) and all(isinstance(v, bool) for v in x):
        arr = np.array(x, dtype=np.float64)
    if arr is None or arr.dtype.kind not in "biuf":
        raise _Wrong(f"{name} must be a list or array of numbers, got {_describe(x)}")
    if arr.ndim != 1 or arr.shape[0] != n:
        raise _Wrong(f"{name} must have shape ({n},), got {arr.shape}")
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


@register_checker("threshold")
class ThresholdChecker(Checker):
    """A metric of actual against expected, with linear partial credit between ``zero`` and ``full``.

    For the label metrics (accuracy, f1_macro), ``dtype: int`` also requires integer labels.
    """

    def __init__(self, *, metric: str, full: float, zero: float, dtype: str = "any") -> None:
        if metric not in _METRIC_NAMES:
            raise CheckerConfigError("metric", f"must be one of {', '.join(_METRIC_NAMES)}, got {metric!r}")
        for name, v in (("full", full), ("zero", zero)):
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise CheckerConfigError(name, f"must be a finite number, got {v!r}")
        self.metric, self.full, self.zero = metric, float(full), float(zero)
        self.dtype = _label_dtype(dtype)
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
                y = _label_vector(expected, "expected")
                p = _label_vector(actual, "actual", self.dtype)
                if len(p) != len(y):
                    raise _Wrong(f"expected {len(y)} labels, got {len(p)}")
                value = _CLASSIFICATION[self.metric](y, p)
            else:
                y_arr = _vector(expected, len(expected), "expected")
                p_arr = _vector(actual, len(y_arr), "the output")
                with np.errstate(all="ignore"):
                    value = _REGRESSION[self.metric][0](y_arr, p_arr)
        except _Wrong as exc:
            return CheckResult(0.0, False, str(exc))
        if not math.isfinite(value):
            return CheckResult(0.0, False, f"{self.metric} is {value}")
        score = min(1.0, max(0.0, (value - self.zero) / (self.full - self.zero)))
        message = f"{self.metric} = {value:.4g} (full credit at {self.full:g}, none at {self.zero:g})"
        return CheckResult(score, score >= 1.0, message)


@register_checker("custom")
class CustomChecker(Checker):
    """The problem's ``checker.py``: ``check(args, kwargs, expected, actual) -> (score, message)``.

    Curator code: it runs in a sandbox of its own (``grader._custom_checks``), never in this process, so this
    class only stands for the setting. Calling it here is a programming error.
    """

    def __init__(self, *, source: str | None = None) -> None:
        if not source:
            raise CheckerConfigError("type", "a custom checker needs the problem's checker.py")
        self.source = source

    def check(self, *, expected: Any, actual: Any, args: list[Any], kwargs: dict[str, Any]) -> CheckResult:
        raise RuntimeError(
            "checker.py runs in the sandbox (grader._custom_checks), never in the grading process"
        )
