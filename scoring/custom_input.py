"""A candidate's own input for "Run with custom input": parsed and checked when the run is created, graded
against the expected value the problem's reference solution gives for it (as LeetCode does)."""

from __future__ import annotations

import json
from typing import Any

from config.errors import ApplicationError
from scoring.judge import codec
from scoring.judge.grader import grade
from scoring.judge.problem import ProblemSpec, TestCase
from scoring.judge.report import GradeReport
from scoring.judge.sandbox_types import SandboxBackend

CUSTOM_INPUT_MAX_CHARS = 20_000


def custom_input_parse(text: str) -> dict[str, Any]:
    """The candidate's arguments for "Run with custom input": a JSON list of positional arguments, or
    {"args": [...], "kwargs": {...}}; arrays as tagged JSON ({"$ndarray": [...], "dtype": "float64"}).
    Raises ApplicationError with a message that says what to fix."""
    text = text.strip()
    if not text:
        raise ApplicationError("Type the arguments as JSON first, e.g. [[1, 2, 3]].", field="custom_input")
    if len(text) > CUSTOM_INPUT_MAX_CHARS:
        raise ApplicationError(
            f"Your input is {len(text):,} characters long; the limit is {CUSTOM_INPUT_MAX_CHARS:,}.",
            field="custom_input",
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApplicationError(
            f"Your input is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            field="custom_input",
        ) from None
    if isinstance(data, list):
        data = {"args": data, "kwargs": {}}
    if not (
        isinstance(data, dict)
        and set(data) <= {"args", "kwargs"}
        and isinstance(data.get("args", []), list)
        and isinstance(data.get("kwargs", {}), dict)
    ):
        raise ApplicationError(
            'Give a list of arguments, e.g. [[1, 2, 3], 2], or {"args": [...], "kwargs": {...}}.',
            field="custom_input",
        )
    data = {"args": data.get("args", []), "kwargs": data.get("kwargs", {})}
    try:
        codec.decode(data["args"], path="args")
        codec.decode(data["kwargs"], path="kwargs")
    except codec.CodecError as exc:
        raise ApplicationError(f"Your input cannot be read: {exc}.", field="custom_input") from None
    return data


class CustomInputRejected(Exception):
    """The problem's own reference solution cannot run on the candidate's input: there is no expected value."""


def grade_custom(spec: ProblemSpec, data: dict[str, Any], code: str, backend: SandboxBackend) -> GradeReport:
    """Run the candidate's arguments through the reference solution (the expected value, as LeetCode
    does), then grade the candidate's code on that one visible test with the problem's checker."""
    test = TestCase(
        index=0, name="Your input", args=data["args"], kwargs=data["kwargs"], expected=None,
        checker=spec.checker, visible=True,
    )  # fmt: skip
    reference = grade(spec=spec, tests=[test], code=spec.reference, mode="examples", backend=backend)
    outcome = reference.tests[0]
    if outcome.actual is None:
        reason = outcome.message or reference.message or outcome.verdict
        raise CustomInputRejected(
            f"The problem's reference solution could not run on this input ({reason}), so it has no "
            "expected output. Check the input against the statement's constraints."
        )
    test.expected = outcome.actual
    return grade(spec=spec, tests=[test], code=code, mode="examples", backend=backend)
