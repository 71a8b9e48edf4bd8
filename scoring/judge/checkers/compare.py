"""Comparing an untrusted actual value with the expected one: arrays within a tolerance, nested structures,
exact equality after decoding."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from scoring.judge.checkers.values import (
    describe,
    integer_valued,
    is_number,
    number_text,
    numeric_array,
    short,
)


def close_arrays(
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
    e = float(exp[first] if exp.ndim else exp)
    a = float(act[first] if act.ndim else act)
    detail = f"expected {number_text(e, as_int)}, got {number_text(a, as_int)}{where}"
    if math.isnan(e) and math.isnan(a):
        detail += " (NaN never equals NaN for this test)"
    n = len(bad)
    return detail if n == 1 else f"{n} values differ; first: {detail}"


def compare(exp: Any, act: Any, atol: float, rtol: float, nan_equal: bool, path: str = "") -> str | None:
    """Structural comparison with tolerance on numbers; None if equal, else where and why they differ."""
    here = path or "the output"
    exp_arr = numeric_array(exp)
    if exp_arr is not None:
        return _compare_numbers(exp, exp_arr, act, atol, rtol, nan_equal, path)
    if isinstance(exp, list):
        return _compare_list(exp, act, atol, rtol, nan_equal, path)
    if isinstance(exp, dict):
        return _compare_dict(exp, act, atol, rtol, nan_equal, path)
    if isinstance(exp, np.ndarray):  # bool or str arrays
        if not isinstance(act, np.ndarray) or act.shape != exp.shape or not np.array_equal(exp, act):
            return f"{here}: expected {short(exp)}, got {short(act)}"
        return None
    if type(exp) is not type(act) or exp != act:
        return f"{here}: expected {short(exp)}, got {short(act)}"
    return None


def _compare_numbers(
    exp: Any, exp_arr: np.ndarray[Any, Any], act: Any, atol: float, rtol: float, nan_equal: bool, path: str
) -> str | None:
    here = path or "the output"
    act_arr = numeric_array(act)
    if act_arr is None:
        return (
            f"{here}: expected {'a single number' if exp_arr.ndim == 0 else 'numbers'}, got {describe(act)}"
        )
    if exp_arr.ndim == 0 and act_arr.ndim > 0:
        return (
            f"{here}: expected a single number, got an array of shape {act_arr.shape} - "
            "return one value, e.g. `float(x)`"
        )
    if act_arr.shape != exp_arr.shape:
        return f"{here}: expected shape {exp_arr.shape}, got {act_arr.shape}"
    as_int = integer_valued(exp) and integer_valued(act)
    msg = close_arrays(exp_arr, act_arr, atol, rtol, nan_equal, as_int=as_int)
    return None if msg is None else f"{here}: {msg}" if path else msg


def _compare_list(
    exp: list[Any], act: Any, atol: float, rtol: float, nan_equal: bool, path: str
) -> str | None:
    here = path or "the output"
    if isinstance(act, np.ndarray):
        act = act.tolist()
    if not isinstance(act, list):
        return f"{here}: expected a list of length {len(exp)}, got {describe(act)}"
    if len(act) != len(exp):
        return f"{here}: expected length {len(exp)}, got {len(act)}"
    for i, (e, a) in enumerate(zip(exp, act, strict=True)):
        msg = compare(e, a, atol, rtol, nan_equal, f"{path}[{i}]")
        if msg:
            return msg
    return None


def _compare_dict(
    exp: dict[Any, Any], act: Any, atol: float, rtol: float, nan_equal: bool, path: str
) -> str | None:
    here = path or "the output"
    if not isinstance(act, dict):
        return f"{here}: expected a dict, got {describe(act)}"
    if set(exp) != set(act):
        missing, extra = sorted(set(exp) - set(act)), sorted(set(act) - set(exp))
        return f"{here}: keys differ (missing {missing[:5]}, unexpected {extra[:5]})"
    for k in exp:
        msg = compare(exp[k], act[k], atol, rtol, nan_equal, f"{path}.{k}" if path else k)
        if msg:
            return msg
    return None


def exact_equal(exp: Any, act: Any) -> bool:
    if isinstance(exp, np.ndarray):
        return (
            isinstance(act, np.ndarray)
            and act.shape == exp.shape
            and act.dtype.kind == exp.dtype.kind
            and bool(np.array_equal(exp, act, equal_nan=exp.dtype.kind == "f"))
        )
    if isinstance(exp, bool) or isinstance(act, bool):
        return type(exp) is type(act) and exp == act
    if is_number(exp):
        if not is_number(act):
            return False
        if isinstance(exp, float) and isinstance(act, float) and math.isnan(exp):
            return math.isnan(act)
        return bool(exp == act)
    if isinstance(exp, list):
        return (
            isinstance(act, list)
            and len(act) == len(exp)
            and all(exact_equal(e, a) for e, a in zip(exp, act, strict=True))
        )
    if isinstance(exp, dict):
        return (
            isinstance(act, dict) and set(act) == set(exp) and all(exact_equal(exp[k], act[k]) for k in exp)
        )
    return type(exp) is type(act) and bool(exp == act)
