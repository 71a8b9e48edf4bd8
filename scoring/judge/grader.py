"""Grade a candidate's solution against a problem's tests, in the sandbox, deciding verdicts outside it.

``grade()`` is the whole pipeline for one submission (``docs/judge.md``):

1. compile the code once, outside the box (a syntax error is CE for every test, nothing runs);
2. run the tests in one sandbox whose supervisor (``harness.py``, numpy preloaded) forks one process per test;
   each test's process receives only its own input, imports ``solution.py`` and calls the function. Visible
   tests run first, hidden ones after;
3. take each test's CPU time, wall time, memory and how it ended from the supervisor (trusted); take from the
   test's own output only a value or an error description (untrusted, size and depth checked);
4. if the box itself died mid-test, give that test the verdict and run the tests it never reached in a new box;
5. compare each returned value with the expected one here, with the test's checker; a custom ``checker.py`` is
   curator code and runs in a sandbox of its own, never in this process.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any, Literal

from scoring.judge import codec
from scoring.judge.box_run import BoxSpec, TestOutcome, frame, run_in_box, text
from scoring.judge.checkers import make_checker, run_check
from scoring.judge.checkers.base import CheckerConfigError
from scoring.judge.problem import ProblemSpec, TestCase
from scoring.judge.report import GradeReport, TestResult, Verdict
from scoring.judge.sandbox_types import Limits, SandboxBackend

MAX_CODE_BYTES = 256 * 1024
RUN_OUTPUT_CHARS = 8000  # raw stdout/stderr kept per group of runs
SHOWN_VALUE_BYTES = 64 * 1024  # a returned value larger than this is checked but not kept in the report
CHECKER_TIME_LIMIT_S = 5.0  # a custom checker's CPU time per test
CHECKER_MEMORY_MB = 512

READ_ONLY_MESSAGE = "modified its input in place; the statement says inputs are read-only - work on a copy"


def _check(spec: ProblemSpec, test: TestCase, outcome: TestOutcome) -> tuple[Verdict, float, str, Any]:
    """(verdict, score, message, actual as tagged JSON) for one test, decided outside the box.

    Custom checkers are not run here (``_custom_checks`` runs them in a sandbox): their tests come back
    with verdict None."""
    verdicts = {"crash": Verdict.RE, "error": Verdict.RE, "tle": Verdict.TLE, "mle": Verdict.MLE,
                "ole": Verdict.OLE, "bad_value": Verdict.WA}  # fmt: skip
    if outcome.status in verdicts:
        return verdicts[outcome.status], 0.0, outcome.message, None
    try:
        actual = codec.decode(outcome.value, path="the return value")
    except codec.CodecError as exc:
        return Verdict.WA, 0.0, f"the return value cannot be read: {exc}", None
    if outcome.inputs_changed and spec.inputs_read_only:
        return Verdict.WA, 0.0, READ_ONLY_MESSAGE, outcome.value
    if test.checker.get("type") == "custom":
        return Verdict.AC, 1.0, "", outcome.value  # provisional: _custom_checks decides, in its own sandbox
    try:
        checker = make_checker(test.checker, custom_source=spec.checker_source)
        expected = codec.decode(test.expected, path="expected")
    except (CheckerConfigError, codec.CodecError) as exc:
        raise ValueError(f"test {test.index} ({test.name}) is invalid: {exc}") from None
    result = run_check(checker, expected=expected, actual=actual, args=[], kwargs={})
    verdict = Verdict.AC if result.passed else Verdict.WA
    return verdict, result.score if not result.passed else 1.0, result.message, outcome.value


def _custom_checks(
    spec: ProblemSpec, items: list[tuple[TestCase, TestOutcome]], backend: SandboxBackend
) -> dict[int, tuple[Verdict, float, str]]:
    """Run the problem's ``checker.py`` in a sandbox of its own (curator code: never in this process, never
    with the candidate's code), one process per test, under its own time limit."""
    if not items:
        return {}
    box = BoxSpec(module="checker.py", source=(spec.checker_source or "").encode(), function="check",
               cpu_s=CHECKER_TIME_LIMIT_S, memory_mb=CHECKER_MEMORY_MB)  # fmt: skip
    frames = [
        (t.index, frame([t.args, t.kwargs, t.expected, outcome.value], {}), False) for t, outcome in items
    ]
    run = run_in_box(backend, box, frames, stop_early=False, stop_on_failure=True)
    out: dict[int, tuple[Verdict, float, str]] = {}
    for t, _ in items:
        checked = run.outcomes.get(t.index)
        out[t.index] = _checker_verdict(checked)
    return out


def _checker_verdict(checked: TestOutcome | None) -> tuple[Verdict, float, str]:
    if checked is None or checked.status != "ok":
        why = "did not run" if checked is None else (checked.message or checked.status).splitlines()[0]
        return Verdict.WA, 0.0, f"the problem's checker.py failed on this test: {why}"
    try:
        out = codec.decode(checked.value, path="checker.py's result")
    except codec.CodecError as exc:
        return Verdict.WA, 0.0, f"the problem's checker.py returned an unreadable result: {exc}"
    if not (isinstance(out, list) and len(out) == 2):
        return Verdict.WA, 0.0, "the problem's checker.py returned something other than (score, message)"
    score, message = out
    if isinstance(score, bool) or not isinstance(score, int | float):
        return Verdict.WA, 0.0, "the problem's checker.py returned a non-numeric score"
    score = min(1.0, max(0.0, float(score))) if math.isfinite(score) else 0.0
    return (Verdict.AC if score >= 1.0 else Verdict.WA), round(score, 9), text(str(message), 1000)


def compile_error(code: bytes) -> str | None:
    """None if the code compiles, else a message with the line. Compiling runs nothing."""
    if len(code) > MAX_CODE_BYTES:
        return f"solution.py is {len(code)} bytes; the limit is {MAX_CODE_BYTES}"
    try:
        compile(code, "solution.py", "exec", dont_inherit=True)
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        text = f"\n    {exc.text.rstrip()}" if exc.text else ""
        return f"{where}{type(exc).__name__}: {exc.msg}{text}"
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return f"solution.py cannot be compiled: {type(exc).__name__}: {exc}"
    return None


def grade(
    *,
    spec: ProblemSpec,
    tests: list[TestCase],
    code: str | bytes,
    mode: Literal["examples", "submit"],
    backend: SandboxBackend,
    limits: Limits | None = None,
) -> GradeReport:
    """Grade ``code`` on the visible tests ("examples") or on every test ("submit").

    ``limits`` replaces the sandbox limits derived from the problem (per-test limits always come from
    ``spec.time_limit_s`` and ``spec.memory_mb``). Raises SandboxFailure if the sandbox itself fails.
    """
    if mode not in ("examples", "submit"):
        raise ValueError(f"mode must be 'examples' or 'submit', got {mode!r}")
    source = code.encode("utf-8") if isinstance(code, str) else code
    selected = [t for t in tests if t.visible] if mode == "examples" else list(tests)

    error = compile_error(source)
    if error is not None:
        results = [_result(t, Verdict.CE, 0.0, error, None, None) for t in selected]
        return GradeReport(
            mode=mode, status=Verdict.CE, score=0.0, passed=0, total=len(selected), tests=results, message=error,
            backend=backend.name,
        )  # fmt: skip

    # Visible tests first: a process that could show anything (prints, errors, values) never runs after one
    # that held a hidden input.
    ordered = [t for t in selected if t.visible] + [t for t in selected if not t.visible]
    box = BoxSpec(module="solution.py", source=source, function=spec.function, cpu_s=spec.time_limit_s,
               memory_mb=spec.memory_mb, check_inputs=spec.inputs_read_only)  # fmt: skip
    run = run_in_box(
        backend, box, [(t.index, frame(t.args, t.kwargs), t.visible) for t in ordered], limits=limits
    )
    phases = {"sandbox_start_ms": round(run.start_ms, 1), "tests_ms": round(run.tests_ms, 1)}

    checked: dict[int, tuple[Verdict, float, str, Any]] = {}
    custom: list[tuple[TestCase, TestOutcome]] = []
    for t in selected:
        outcome = run.outcomes.get(t.index) or TestOutcome(status="crash", message="the test did not run")
        verdict, score, message, actual = _check(spec, t, outcome)
        if outcome.status == "ok" and verdict == Verdict.AC and t.checker.get("type") == "custom":
            custom.append((t, outcome))
        checked[t.index] = (verdict, score, message, actual)
    if custom:
        started = time.monotonic()
        for index, (verdict, score, message) in _custom_checks(spec, custom, backend).items():
            checked[index] = (verdict, score, message, checked[index][3])
        phases["checker_ms"] = round((time.monotonic() - started) * 1000, 1)

    results = []
    for t in selected:
        outcome = run.outcomes.get(t.index) or TestOutcome(status="crash", message="the test did not run")
        verdict, score, message, actual = checked[t.index]
        if actual is not None:
            size = len(json.dumps(actual, separators=(",", ":")))
            if size > SHOWN_VALUE_BYTES:
                actual = None
                note = f"(the returned value, {size} bytes of JSON, is too large to show)"
                message = f"{message} {note}" if message else note
        results.append(_result(t, verdict, score, message, actual, outcome))

    total_weight = sum(t.weight for t in selected)
    if total_weight > 0:
        score = sum(r.weight * r.score for r in results) / total_weight
    else:
        score = sum(r.score for r in results) / len(results) if results else 0.0
    failing = [r.verdict for r in results if r.verdict != Verdict.AC]
    return GradeReport(
        mode=mode,
        status=failing[0] if failing else Verdict.AC,
        score=round(score, 6),
        passed=sum(r.verdict == Verdict.AC for r in results),
        total=len(selected),
        tests=results,
        message=_import_message(selected, run.outcomes),
        stdout=_truncate("".join(r.output for r in results if r.visible)),
        hidden_stdout=_truncate("".join(r.output for r in results if not r.visible)),
        runs=run.runs,
        backend=backend.name,
        phases=phases,
    )


def _import_message(selected: list[TestCase], outcomes: dict[int, TestOutcome]) -> str:
    """The report's message when the module itself failed (an import error, a missing function)."""
    for t in selected:
        outcome = outcomes.get(t.index)
        if outcome is not None and outcome.at_import:
            if t.visible:
                return outcome.message
            return outcome.hidden_message if outcome.status != "error" else _import_type(outcome)
    return ""


def _import_type(outcome: TestOutcome) -> str:
    # Seen only by a hidden test's process: its text could carry the input; the missing-function text cannot.
    if outcome.message.startswith("solution.py does not define "):
        return outcome.message
    return f"solution.py failed to import: {outcome.hidden_message}"


def _truncate(text: str) -> str:
    if len(text) <= RUN_OUTPUT_CHARS:
        return text
    return text[:RUN_OUTPUT_CHARS] + f"\n... ({len(text) - RUN_OUTPUT_CHARS} more characters not shown)"


def _result(
    t: TestCase, verdict: Verdict, score: float, message: str, actual: Any, outcome: TestOutcome | None
) -> TestResult:
    hidden_message = ""
    if outcome is not None and verdict not in (Verdict.AC, Verdict.WA):
        hidden_message = outcome.hidden_message
    elif verdict == Verdict.WA and message == READ_ONLY_MESSAGE:
        hidden_message = message  # a fixed sentence: it tells nothing of the input
    return TestResult(
        index=t.index,
        name=t.name,
        visible=t.visible,
        weight=t.weight,
        verdict=verdict,
        score=score,
        message=message,
        time_ms=outcome.cpu_ms if outcome else None,
        wall_ms=outcome.wall_ms if outcome else None,
        memory_kb=outcome.memory_kb if outcome else None,
        args=t.args,
        kwargs=t.kwargs,
        expected=t.expected,
        actual=actual,
        output=outcome.output if outcome else "",
        hidden_message=hidden_message,
    )
