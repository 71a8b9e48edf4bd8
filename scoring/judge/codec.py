"""The tagged JSON that carries values between problem files, the sandbox and the checkers.

A value is JSON-like: None, bool, int, float, str, list and dict with string keys, plus two tags:

- ``{"$ndarray": <nested list>, "dtype": "<numpy dtype name>"}`` for a numpy array (``"shape"`` is added
  when the nested list cannot carry it, i.e. an array with a zero-length axis);
- ``{"$float": "nan" | "inf" | "-inf"}`` for a non-finite float, also inside an ``$ndarray`` list.

Tuples become lists and numpy scalars become Python numbers. ``encode`` turns a Python value into this form,
``decode`` turns it back. The harness (``harness.py``) carries its own copy of the encoder because it runs
alone inside the sandbox; ``tests/judge/test_codec.py`` checks the two agree.

``decode`` and ``loads`` are used on data that came out of the sandbox, so they never trust it: the text
size, the nesting depth and the number of nodes are capped, dtypes come from an allow-list, and every
failure is a ``CodecError`` (never a crash of another kind).
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

MAX_DEPTH = 64
MAX_NODES = 2_000_000
MAX_TEXT_BYTES = 8 << 20

# dtypes a value may carry; anything else (object, structured, datetime, complex) is refused.
ALLOWED_DTYPES = frozenset(
    {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
    | {"float16", "float32", "float64", "str"}
)
_NONFINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class CodecError(ValueError):
    """A value cannot be encoded or decoded; the message says where and why."""


def _float_tag(x: float) -> Any:
    if math.isnan(x):
        return {"$float": "nan"}
    if math.isinf(x):
        return {"$float": "inf" if x > 0 else "-inf"}
    return x


def _dtype_name(dt: np.dtype[Any]) -> str:
    if dt.kind == "U":
        return "str"
    return dt.name


def _tag_nonfinite(data: Any) -> Any:
    if isinstance(data, list):
        return [_tag_nonfinite(x) for x in data]
    if isinstance(data, float):
        return _float_tag(data)
    return data


def _encode_array(arr: np.ndarray[Any, Any]) -> dict[str, Any]:
    if arr.dtype.kind not in "biufU" or _dtype_name(arr.dtype) not in ALLOWED_DTYPES:
        raise CodecError(f"unsupported array dtype {arr.dtype}")
    data = arr.tolist()
    if arr.dtype.kind == "f" and not bool(np.isfinite(arr).all()):
        data = _tag_nonfinite(data)
    out: dict[str, Any] = {"$ndarray": data, "dtype": _dtype_name(arr.dtype)}
    if arr.size == 0 and arr.ndim > 1:
        out["shape"] = list(arr.shape)
    return out


_NOT_SCALAR: Any = object()
_EXACT = frozenset({bool, str, int})


def _encode_scalar(v: Any) -> Any:
    """A scalar's tagged form (numpy scalars become Python ones), or ``_NOT_SCALAR``."""
    if v is None or isinstance(v, bool | str):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return _float_tag(float(v))
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return _float_tag(float(v))
    if isinstance(v, np.str_):
        return str(v)
    return _NOT_SCALAR


def encode(value: Any, *, max_depth: int = MAX_DEPTH) -> Any:
    """Python value -> tagged JSON-able value. Raises CodecError for anything not representable."""

    def enc(v: Any, depth: int) -> Any:
        if depth > max_depth:
            raise CodecError(f"value nested deeper than {max_depth} levels")
        scalar = _encode_scalar(v)
        if scalar is not _NOT_SCALAR:
            return scalar
        if isinstance(v, np.ndarray):
            return _encode_array(v)
        if isinstance(v, list | tuple):
            if (
                type(v) in (list, tuple)
                and depth < max_depth
                and all(x is None or type(x) in _EXACT for x in v)
            ):
                return list(v)  # None, bools, ints and strings only: each is its own encoding
            return [enc(x, depth + 1) for x in v]
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                if not isinstance(k, str):
                    raise CodecError(f"dict keys must be strings, got {type(k).__name__}")
                out[str(k)] = enc(x, depth + 1)
            return out
        raise CodecError(f"unsupported type {type(v).__name__}")

    return enc(value, 0)


def _array_from(data: Any, dtype: str, shape: Any, where: str) -> np.ndarray[Any, Any]:
    if dtype not in ALLOWED_DTYPES:
        raise CodecError(f"{where}: dtype {dtype!r} is not one of {', '.join(sorted(ALLOWED_DTYPES))}")
    np_dtype = np.dtype(str) if dtype == "str" else np.dtype(dtype)
    if not isinstance(data, list | int | float | str | bool):
        raise CodecError(f"{where}: $ndarray data must be a (nested) list or a scalar")
    try:
        arr = np.array(data, dtype=np_dtype)
    except (TypeError, ValueError, OverflowError):
        # Non-finite values are tagged dicts; replace them and retry once.
        try:
            arr = np.array(_untag_floats(data), dtype=np_dtype)
        except (TypeError, ValueError, OverflowError, RecursionError) as exc:
            raise CodecError(f"{where}: $ndarray data is not a rectangular {dtype} array ({exc})") from None
    if arr.dtype.kind == "O":
        raise CodecError(f"{where}: $ndarray data is not a rectangular {dtype} array")
    if shape is not None:
        if not (
            isinstance(shape, list) and all(type(s) is int and s >= 0 for s in shape) and len(shape) <= 32
        ):
            raise CodecError(f"{where}: shape must be a list of non-negative integers")
        if math.prod(shape) != arr.size:
            raise CodecError(f"{where}: shape {shape} does not match {arr.size} elements")
        arr = arr.reshape(shape)
    return arr


def _untag_floats(data: Any) -> Any:
    if isinstance(data, list):
        return [_untag_floats(x) for x in data]
    if isinstance(data, dict):
        return _nonfinite(data, "$ndarray")
    return data


def _nonfinite(d: dict[str, Any], where: str) -> float:
    if set(d) != {"$float"}:
        raise CodecError(f"{where}: a $float tag has exactly one key")
    raw = d["$float"]
    if isinstance(raw, float) and (math.isnan(raw) or math.isinf(raw)):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _NONFINITE:
        return _NONFINITE[raw.strip().lower()]
    raise CodecError(f"{where}: $float must be nan, inf or -inf, got {raw!r}")


def decode(value: Any, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES, path: str = "value") -> Any:
    """Tagged JSON-able value -> Python value (numpy arrays for ``$ndarray``).

    Safe on untrusted input: raises CodecError on anything malformed, too deep or too large.
    """
    try:
        return _Decoder(max_depth, max_nodes, path).dec(value, 0, path)
    except RecursionError:
        raise CodecError(f"{path}: nested too deeply") from None


_PLAIN = frozenset({bool, str, int, float})


class _Decoder:
    """One ``decode`` call: its caps and what is left of its node budget."""

    def __init__(self, max_depth: int, max_nodes: int, path: str) -> None:
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.path = path
        self.budget = [max_nodes]

    def dec(self, v: Any, depth: int, where: str) -> Any:
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise CodecError(f"{self.path}: more than {self.max_nodes} values")
        if depth > self.max_depth:
            raise CodecError(f"{where}: nested deeper than {self.max_depth} levels")
        if v is None or isinstance(v, bool | str | int | float):
            return v
        if isinstance(v, list):
            if type(v) is list and depth < self.max_depth and all(x is None or type(x) in _PLAIN for x in v):
                # Plain numbers and strings (as a large input's rows are): what ``dec`` would do for each.
                self.budget[0] -= len(v)
                if self.budget[0] < 0:
                    raise CodecError(f"{self.path}: more than {self.max_nodes} values")
                return list(v)
            return [self.dec(x, depth + 1, f"{where}[{i}]") for i, x in enumerate(v)]
        if isinstance(v, dict):
            return self.dec_dict(v, depth, where)
        raise CodecError(f"{where}: unsupported type {type(v).__name__}")

    def dec_dict(self, v: dict[Any, Any], depth: int, where: str) -> Any:
        if "$ndarray" in v:
            extra = set(v) - {"$ndarray", "dtype", "shape"}
            if extra or "dtype" not in v:
                raise CodecError(f"{where}: an $ndarray has the keys $ndarray, dtype and optional shape")
            if not isinstance(v["dtype"], str):
                raise CodecError(f"{where}: dtype must be a string")
            _check_nesting(
                v["$ndarray"], depth + 1, self.max_depth, where, self.budget, self.path, self.max_nodes
            )
            return _array_from(v["$ndarray"], v["dtype"], v.get("shape"), where)
        if "$float" in v:
            return _nonfinite(v, where)
        out = {}
        for k, x in v.items():
            if not isinstance(k, str):
                raise CodecError(f"{where}: dict keys must be strings")
            if k.startswith("$"):
                raise CodecError(f"{where}: unknown tag {k!r}")
            out[k] = self.dec(x, depth + 1, f"{where}.{k}")
        return out


def _check_nesting(
    data: Any, depth: int, max_depth: int, where: str, budget: list[int], path: str, cap: int
) -> None:
    # Walks an $ndarray payload iteratively so depth and size are bounded before numpy sees it.
    stack = [(data, depth)]
    while stack:
        v, d = stack.pop()
        if d > max_depth:
            raise CodecError(f"{where}: nested deeper than {max_depth} levels")
        if isinstance(v, list):
            budget[0] -= len(v)
            if budget[0] < 0:
                raise CodecError(f"{path}: more than {cap} values")
            stack.extend((x, d + 1) for x in v if isinstance(x, list))


def normalise(value: Any, *, path: str = "value") -> Any:
    """Decode then encode: the canonical tagged form (e.g. YAML ``.nan`` becomes ``{"$float": "nan"}``)."""
    return encode(decode(value, path=path))


def dumps(value: Any) -> str:
    """Python value -> tagged JSON text."""
    return json.dumps(encode(value), allow_nan=False, separators=(",", ":"))


def loads(text: str | bytes, *, max_bytes: int = MAX_TEXT_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Tagged JSON text -> Python value; safe on untrusted text (see ``decode``)."""
    return decode(parse_json(text, max_bytes=max_bytes), max_depth=max_depth)


def parse_json(text: str | bytes, *, max_bytes: int = MAX_TEXT_BYTES) -> Any:
    """``json.loads`` for untrusted text: size-capped, NaN/Infinity literals refused, every error a CodecError."""
    if len(text) > max_bytes:
        raise CodecError(f"JSON text is {len(text)} bytes, more than {max_bytes}")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise CodecError("JSON nested too deeply") from None
    except (ValueError, TypeError) as exc:  # JSONDecodeError, UnicodeDecodeError, int too long
        raise CodecError(f"invalid JSON: {exc}") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON; use {{'$float': ...}}")
