"""What every checker shares: the result, the interface, the settings error and the settings' validators."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar


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


class WrongAnswer(Exception):
    """Raised inside a checker to report a wrong answer with a message."""


def tolerance(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0 or math.isinf(value):
        raise CheckerConfigError(name, f"must be a non-negative number, got {value!r}")
    return float(value)


def flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise CheckerConfigError(name, f"must be true or false, got {value!r}")
    return value


LABEL_DTYPES = ("any", "int")


def label_dtype(value: Any) -> str:
    if value not in LABEL_DTYPES:
        raise CheckerConfigError("dtype", f"must be one of {', '.join(LABEL_DTYPES)}, got {value!r}")
    return str(value)
