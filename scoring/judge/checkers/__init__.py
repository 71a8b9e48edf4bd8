"""Checkers: decide whether a decoded actual value matches the expected one.

One module per checker, each a ``Checker`` class with its ``type_name``, and this registry mapping the names a
problem's settings use to the classes (as DMOJ's ``dmoj/checkers/`` does)::

    class FloatChecker(Checker):  # floats.py
        type_name = "float"
        def __init__(self, *, atol=1e-6, rtol=1e-6, nan_equal=True): ...
        def check(self, *, expected, actual, args, kwargs) -> CheckResult: ...

``make_checker({"type": "float", "atol": 1e-3})`` builds one from a problem's settings (raising
``CheckerConfigError`` on a bad setting) and ``run_check`` calls it. The actual value is untrusted: it came
out of the sandbox, so it can be of any type the codec allows, of any shape, nested up to the codec's depth
cap. ``run_check`` turns any exception a checker raises into a wrong answer with a message, so a weird value
is never a crash. The shared pieces: ``base.py`` (result, interface, settings), ``values.py`` (reading and
describing untrusted values), ``compare.py`` (structural and exact comparison).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from scoring.judge.checkers.base import Checker, CheckerConfigError, CheckResult
from scoring.judge.checkers.custom import CustomChecker
from scoring.judge.checkers.exact import ExactChecker
from scoring.judge.checkers.floats import FloatChecker
from scoring.judge.checkers.labels_permutation import LabelsPermutationChecker
from scoring.judge.checkers.ndarray import NdarrayChecker
from scoring.judge.checkers.threshold import ThresholdChecker
from scoring.judge.checkers.unordered import UnorderedChecker
from scoring.judge.checkers.values import short

_REGISTRY: dict[str, type[Checker]] = {
    cls.type_name: cls
    for cls in (
        ExactChecker,
        FloatChecker,
        NdarrayChecker,
        UnorderedChecker,
        LabelsPermutationChecker,
        ThresholdChecker,
        CustomChecker,
    )
}


def register_checker(name: str) -> Callable[[type[Checker]], type[Checker]]:
    """Add a checker class under ``name`` (a class decorator)."""

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
        return CheckResult(0.0, False, f"could not compare the output: {type(exc).__name__}: {short(exc)}")
    score = min(1.0, max(0.0, float(result.score))) if math.isfinite(result.score) else 0.0
    return CheckResult(round(score, 9), bool(result.passed), result.message)
