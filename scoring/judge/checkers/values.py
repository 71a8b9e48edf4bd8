"""Reading and describing untrusted values: what a message says about a value, and numbers or labels out of it.

The actual value came out of the sandbox: any type the codec allows, of any shape, nested up to the codec's
depth cap. These helpers never trust its type.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from scoring.judge.checkers.base import WrongAnswer


def short(x: Any, limit: int = 120) -> str:
    try:
        text = repr(x) if not isinstance(x, str) else x
    except Exception:
        text = f"<{type(x).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"a numpy array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, list):
        return f"a list of length {len(x)}"
    if x is None:
        return "None (did the function return anything?)"
    return f"a {type(x).__name__}"


def integer_valued(x: Any) -> bool:
    """True for an integer array, a Python int, or a (nested) list of ints: values then print as ints."""
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "iu"
    if isinstance(x, list):
        stack: list[Any] = list(x)
        while stack:
            v = stack.pop()
            if isinstance(v, list):
                stack.extend(v)
            elif not integer_valued(v):
                return False
        return True
    return isinstance(x, int) and not isinstance(x, bool)


def number_text(v: float, as_int: bool) -> str:
    return str(int(v)) if as_int and math.isfinite(v) and float(v).is_integer() else repr(float(v))


# The fix for the common mismatches, named in the message.
DTYPE_HINTS = {
    "int": "an integer array, got {got} - convert it, e.g. `.astype(np.int64)`",
    "float": "a float array, got {got} - convert it, e.g. `.astype(np.float64)`",
    "bool": "a boolean array, got {got} - e.g. compare (`x > 0`) or `.astype(bool)`",
}


def is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def numeric_array(x: Any) -> np.ndarray[Any, Any] | None:
    """A float64 array if x is a number, a numeric (non-bool) array, or a rectangular nested list of numbers."""
    if isinstance(x, np.ndarray):
        return x.astype(np.float64) if x.dtype.kind in "iuf" else None
    if is_number(x):
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
        elif not is_number(v):
            return None
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (ValueError, TypeError, OverflowError):
        return None
    return arr


def label_vector(x: Any, name: str, dtype: str = "any") -> list[Any]:
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise WrongAnswer(f"{name} labels must be a 1-D array, got shape {x.shape}")
        if dtype == "int" and x.dtype.kind not in "iu":
            raise WrongAnswer(
                f"expected integer labels, got an array of dtype {x.dtype} - convert it, e.g. `.astype(np.int64)`"
            )
        labels: list[Any] = x.tolist()
        return labels
    if not isinstance(x, list):
        raise WrongAnswer(f"expected a list of labels, got {describe(x)}")
    for i, v in enumerate(x):
        if not (isinstance(v, int | str) or (isinstance(v, float) and math.isfinite(v))):
            raise WrongAnswer(f"labels must be integers or strings, got {short(v, 40)}")
        if dtype == "int" and (isinstance(v, bool) or not isinstance(v, int)):
            raise WrongAnswer(
                f"expected integer labels, got {short(v, 40)} ({type(v).__name__}) at index {i} - "
                "return ints, e.g. `int(label)`"
            )
    return x
