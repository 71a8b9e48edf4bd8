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

import builtins
import json
import math
import signal
import time
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from scoring.judge import codec
from scoring.judge.checkers import CheckerConfigError, make_checker, run_check
from scoring.judge.problem import ProblemSpec, TestCase
from scoring.judge.sandbox import (
    Limits,
    RunResult,
    SandboxBackend,
    Status,
    TestRecord,
    TestsResult,
    trusted_bytecode,
)

HARNESS_SOURCE = (Path(__file__).parent / "harness.py").read_bytes()
MAIN_SOURCE = b"import harness\n\nharness.main()\n"
MAX_CODE_BYTES = 256 * 1024
OUT_CHARS = 2000  # captured print output kept per test
RUN_OUTPUT_CHARS = 8000  # raw stdout/stderr kept per group of runs
SHOWN_VALUE_BYTES = 64 * 1024  # a returned value larger than this is checked but not kept in the report
VALUE_BYTES = 8 << 20  # largest encoded return value per test (a 300x300 float matrix is about 2 MB)
CHANNEL_BYTES = 16 << 20  # what one harness process may write to fd 3
STARTUP_CPU_S = 1.5  # interpreter start and supervisor overhead, on top of the per-test limits
CHECKER_TIME_LIMIT_S = 5.0  # a custom checker's CPU time per test
CHECKER_MEMORY_MB = 512
GENERATOR_TIME_LIMIT_S = 10.0
GENERATED_VALUE_BYTES = 16 << 20  # a generated test (inputs and expected value), encoded
BAD_FRAME = 86  # harness.py's exit status for a test's process whose input was not its own
HIDDEN_TIME_STEP_MS = 10  # a hidden test's time is shown rounded to this: a coarser channel for its input
# Exception types a hidden test may name (its exception's type is all it shows): the built-in ones and numpy's.
# Any other name (a class the program defined, named after an input) is shown as a generic phrase.
KNOWN_EXCEPTIONS = frozenset(
    name for name, obj in vars(builtins).items() if isinstance(obj, type) and issubclass(obj, BaseException)
) | {"LinAlgError", "AxisError", "TooHardError", "ComplexWarning", "RankWarning"}


class Verdict(StrEnum):
    AC = "AC"  # accepted
    WA = "WA"  # wrong answer
    TLE = "TLE"  # time limit exceeded
    MLE = "MLE"  # memory limit exceeded
    OLE = "OLE"  # output limit exceeded (printed output or return value too large)
    RE = "RE"  # runtime error
    CE = "CE"  # compile (syntax) error


class SandboxFailure(RuntimeError):
    """The sandbox itself failed (not the candidate's code): grade again later rather than give a verdict."""


@dataclass
class TestResult:
    index: int
    name: str
    visible: bool
    weight: float
    verdict: Verdict
    score: float = 0.0  # 0..1, partial credit from threshold/custom checkers
    message: str = ""
    time_ms: float | None = None  # CPU time of the call, as measured in the box
    wall_ms: float | None = None
    memory_kb: int | None = None  # peak memory of the test's processes (docs/sandbox.md, "Memory")
    args: list[Any] | None = None  # tagged JSON, as stored with the test
    kwargs: dict[str, Any] | None = None
    expected: Any = None
    actual: Any = None  # tagged JSON as returned (None when there was no value)
    output: str = ""  # what the test printed (its own stdout and stderr)
    hidden_message: str = ""  # what a hidden test may show: its limit, or its exception's type; never data

    def to_dict(self) -> dict[str, Any]:
        """The candidate's view: everything for a visible test, only verdict, score and time for a hidden one."""
        if not self.visible:
            return {
                "index": self.index,
                "name": f"Hidden test {self.index + 1}",
                "visible": False,
                "weight": self.weight,
                "verdict": str(self.verdict),
                "score": self.score,
                "time_ms": _coarse(self.time_ms),
                "message": self.hidden_message,
            }
        return self.to_full_dict()

    def to_full_dict(self, *, with_data: bool = True) -> dict[str, Any]:
        """Every field; without the test's inputs and expected value when ``with_data`` is false. Shallow:
        the values are already JSON (a deep copy of a large test's matrices cost more than grading it)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["verdict"] = str(self.verdict)
        if not with_data:
            for key in ("args", "kwargs", "expected"):
                del data[key]
        return data


@dataclass
class GradeReport:
    mode: str
    status: Verdict  # AC when every test passed, CE on a syntax error, else the first failing verdict
    score: float  # weighted share of passed tests, 0..1
    passed: int
    total: int
    tests: list[TestResult]
    message: str = ""  # compile error, import error, missing function...
    stdout: str = ""  # raw output of the runs that held visible tests only (truncated)
    stderr: str = ""
    hidden_stdout: str = ""  # raw output of the runs that held hidden tests: curators only
    hidden_stderr: str = ""
    runs: int = 0  # sandboxes started
    backend: str = ""
    phases: dict[str, float] = field(default_factory=dict)  # where the time went (ms): bench/worker_bench.py

    def to_dict(self) -> dict[str, Any]:
        """The candidate's view: hidden tests reduced to their verdicts, nothing from hidden runs."""
        return {
            "mode": self.mode,
            "status": str(self.status),
            "score": self.score,
            "passed": self.passed,
            "total": self.total,
            "message": self.message,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "tests": [t.to_dict() for t in self.tests],
        }

    def to_full_dict(self, *, with_test_data: bool = True) -> dict[str, Any]:
        """The curator's view: everything, JSON-serialisable; ``from_dict`` reads it back. Without
        ``with_test_data`` the tests' inputs and expected values are left out (stored once per version)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["status"] = str(self.status)
        data["phases"] = dict(self.phases)
        data["tests"] = [t.to_full_dict(with_data=with_test_data) for t in self.tests]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradeReport:
        fields = dict(data)
        fields["status"] = Verdict(data["status"])
        fields["tests"] = [TestResult(**{**t, "verdict": Verdict(t["verdict"])}) for t in data["tests"]]
        return cls(**fields)


def _coarse(ms: float | None) -> float | None:
    if ms is None:
        return None
    return float(round(ms / HIDDEN_TIME_STEP_MS) * HIDDEN_TIME_STEP_MS)


# ---- running tests in the box --------------------------------------------------------------------------


@dataclass
class _Outcome:
    """How one test ended: the supervisor's figures (trusted) and what its process returned (untrusted)."""

    status: str  # ok | error | tle | mle | ole | bad_value | crash
    value: Any = None  # tagged JSON, still untrusted
    message: str = ""  # what a visible test shows
    hidden_message: str = ""  # what a hidden test shows (never data from the test)
    cpu_ms: float | None = None
    wall_ms: float | None = None
    memory_kb: int | None = None
    output: str = ""
    inputs_changed: bool = False
    at_import: bool = False  # the module failed before the function was called: every test would too


def _text(v: Any, limit: int) -> str:
    if not isinstance(v, str):
        return ""
    return v if len(v) <= limit else v[:limit] + "..."


def _error_text(err: Any) -> str:
    if not isinstance(err, dict):
        return ""
    kind, message, tb = (
        _text(err.get("type"), 100),
        _text(err.get("message"), 1000),
        _text(err.get("tb"), 3000),
    )
    head = f"{kind}: {message}" if kind else message
    return f"{head}\n{tb}".strip() if tb else head


def exception_type(err: Any) -> str:
    """The exception's type as a hidden test may show it: a built-in or numpy name, else a generic phrase."""
    kind = err.get("type") if isinstance(err, dict) else None
    if isinstance(kind, str) and kind in KNOWN_EXCEPTIONS:
        return kind
    return "an exception of a type the program defined" if kind else "an error"


def parse_channel(raw: bytes, *, max_line: int = VALUE_BYTES + 64 * 1024) -> dict[str, Any] | None:
    """The last well-formed record a test's process wrote on fd 3 (untrusted: anything else is ignored)."""
    for line in reversed(raw.split(b"\n")):
        if not line.strip() or len(line) > max_line:
            continue
        try:
            rec = codec.parse_json(line, max_bytes=max_line)
        except codec.CodecError:
            continue
        if isinstance(rec, dict) and any(k in rec for k in ("value", "error", "too_large", "bad_value")):
            return rec
    return None


@dataclass
class _Box:
    """What the tests of one module need: the module, the function and the per-test limits."""

    module: str
    source: bytes
    function: str
    cpu_s: float
    memory_mb: int
    check_inputs: bool = False
    value_bytes: int = VALUE_BYTES  # the largest return value (encoded) a test may give

    @property
    def wall_s(self) -> float:
        return max(2 * self.cpu_s, self.cpu_s + 1.0)


def _cpu_message(box: _Box) -> str:
    return f"Time limit: used more than {box.cpu_s:g} s of CPU time"


def _wall_message(box: _Box) -> str:
    return f"Time limit: took more than {box.wall_s:g} s of wall-clock time (waiting counts too)"


def _memory_message(box: _Box) -> str:
    return f"Memory limit: used more than {box.memory_mb} MB (all of the test's processes, shared memory included)"


def _from_record(box: _Box, rec: TestRecord, visible: bool) -> _Outcome:
    """A finished test: the trusted figures decide time and memory verdicts; the channel gives the value."""
    figures = {"cpu_ms": round(rec.cpu_ms, 2), "wall_ms": round(rec.wall_ms, 2), "memory_kb": rec.memory_kb}
    printed = (rec.stdout + rec.stderr).decode("utf-8", "replace")
    if len(printed) > OUT_CHARS:
        printed = printed[:OUT_CHARS] + f"\n... ({len(printed) - OUT_CHARS} more characters not shown)"
    figures["output"] = printed
    by_signal = rec.exit_kind == "signal"
    if rec.killed == "cpu" or rec.cpu_ms > box.cpu_s * 1000 or (by_signal and rec.code == signal.SIGXCPU):
        return _Outcome("tle", message=_cpu_message(box), hidden_message=_cpu_message(box), **figures)
    if rec.killed == "wall":
        return _Outcome("tle", message=_wall_message(box), hidden_message=_wall_message(box), **figures)
    if rec.killed == "memory":
        return _Outcome("mle", message=_memory_message(box), hidden_message=_memory_message(box), **figures)
    record = parse_channel(rec.channel, max_line=box.value_bytes + 64 * 1024)
    at_import = bool(
        record and isinstance(record.get("error"), dict) and record["error"].get("at") == "import"
    )
    if by_signal or rec.code == BAD_FRAME or record is None or (rec.code == 0) != ("value" in record):
        if by_signal:
            try:
                name = signal.Signals(rec.code).name
            except ValueError:
                name = f"signal {rec.code}"
            what = f"the process was killed by {name}"
        else:
            what = f"the process ended with exit status {rec.code} without a result"
        tail = "\n".join(rec.stderr.decode("utf-8", "replace").strip().splitlines()[-3:])
        message = f"{what}\n{tail}".strip() if visible else what
        return _Outcome("crash", message=message, hidden_message="Runtime error: " + what, **figures)
    if "value" in record:
        return _Outcome(
            "ok", value=record["value"], inputs_changed=record.get("inputs_changed") is True, **figures
        )
    if "too_large" in record:
        message = "Output limit: the return value is too large"
        return _Outcome("ole", message=message, hidden_message=message, **figures)
    if "bad_value" in record:
        return _Outcome(
            "bad_value",
            message=f"the return value cannot be read: {_text(record['bad_value'], 500)}",
            **figures,
        )
    err = record["error"]
    if isinstance(err, dict) and err.get("type") == "MemoryError":
        return _Outcome("mle", message=_memory_message(box), hidden_message=_memory_message(box),
                        at_import=at_import, **figures)  # fmt: skip
    return _Outcome(
        "error", message=_error_text(err), hidden_message=exception_type(err), at_import=at_import, **figures
    )


def _from_dead_box(box: _Box, rr: RunResult) -> _Outcome:
    """The test that was running when its whole box ended (a kill for output, the box's own limits, ...)."""
    if rr.status == Status.OLE:
        message = (
            "Output limit: printed more than the limit" if "std" in rr.message else "Output limit exceeded"
        )
        return _Outcome("ole", message=message, hidden_message=message)
    if rr.status == Status.TLE:
        return _Outcome("tle", message=_wall_message(box), hidden_message=_wall_message(box))
    if rr.status == Status.MLE:
        return _Outcome("mle", message=_memory_message(box), hidden_message=_memory_message(box))
    what = rr.message or f"the sandbox ended ({rr.status})"
    return _Outcome("crash", message=f"the test's supervisor was stopped: {what}",
                    hidden_message="Runtime error: the test's supervisor was stopped")  # fmt: skip


@dataclass
class _BoxRun:
    outcomes: dict[int, _Outcome] = field(default_factory=dict)
    runs: int = 0
    start_ms: float = 0.0  # until the first test's process was ready (sandbox start)
    tests_ms: float = 0.0
    stdout: str = ""


def _box_limits(box: _Box, n: int, limits: Limits | None) -> Limits:
    if limits is not None:
        return limits
    cpu = n * (box.cpu_s + 0.1) + STARTUP_CPU_S
    return Limits(
        cpu_seconds=cpu, wall_seconds=n * (box.wall_s + 0.5) + 5.0, memory_mb=box.memory_mb,
        channel_bytes=max(CHANNEL_BYTES, box.value_bytes + (1 << 20)),
    )  # fmt: skip


def run_in_box(
    backend: SandboxBackend,
    box: _Box,
    items: list[tuple[int, bytes, bool]],
    *,
    limits: Limits | None = None,
    stop_early: bool = True,
    stop_on_failure: bool = False,
) -> _BoxRun:
    """Run each (key, input frame, visible) as its own test process; relaunch the box for tests it never reached.

    Raises SandboxFailure when the sandbox itself fails.
    """
    out = _BoxRun()
    pending = list(items)
    job = {
        "module": box.module, "function": box.function, "cpu_s": box.cpu_s, "wall_s": box.wall_s,
        "memory_kb": box.memory_mb * 1024, "value_bytes": box.value_bytes, "value_nodes": codec.MAX_NODES,
        "check_inputs": box.check_inputs, "boxed": backend.secure, "tick_s": 0.005,
    }  # fmt: skip
    # The main file is a one-liner (the boot script compiles the main file); the supervisor itself is imported
    # from its bytecode, compiled once in this process.
    files = {"main.py": MAIN_SOURCE, "harness.py": HARNESS_SOURCE, **trusted_bytecode("harness.py", HARNESS_SOURCE),
             box.module: box.source}  # fmt: skip

    def keep_going(rec: TestRecord) -> bool:
        outcome = _from_record(box, rec, False)
        return not _stops(outcome, stop_early, stop_on_failure)

    while pending:
        files["job.json"] = json.dumps({**job, "count": len(pending)}).encode()
        started = time.monotonic()
        try:
            result: TestsResult = backend.run_tests(
                files=files, main="main.py", inputs=[frame for _, frame, _ in pending],
                limits=_box_limits(box, len(pending), limits), keep_going=keep_going,
            )  # fmt: skip
        except Exception as exc:
            raise SandboxFailure(f"the sandbox failed: {type(exc).__name__}: {exc}") from exc
        rr = result.run
        if rr.status == Status.SE and not result.tests:
            raise SandboxFailure(rr.message or "the sandbox failed")
        if out.runs == 0:
            out.start_ms = result.start_ms
        out.tests_ms += (time.monotonic() - started) * 1000 - result.start_ms
        out.runs += 1
        done = set()
        import_failure: _Outcome | None = None
        for rec in result.tests:
            key, _, visible = pending[rec.index]
            outcome = _from_record(box, rec, visible)
            out.outcomes[key] = outcome
            done.add(rec.index)
            if _stops(outcome, stop_early, stop_on_failure):
                import_failure = outcome
        if import_failure is not None:
            # The module fails before the function is called: every other test would fail the same way.
            for i, (key, _, _) in enumerate(pending):
                if i not in done:
                    out.outcomes[key] = import_failure
            break
        if result.running is not None:
            key = pending[result.running][0]
            out.outcomes[key] = _from_dead_box(box, rr)
            done.add(result.running)
        elif not result.tests and not result.input_left:
            # Nothing started (the supervisor itself could not run): blame the first test so the loop ends.
            out.outcomes[pending[0][0]] = _from_dead_box(box, rr)
            done.add(0)
        if (
            rr.status == Status.SE
            and result.running is None
            and not result.input_left
            and len(done) < len(pending)
        ):
            raise SandboxFailure(rr.message or "the sandbox failed")
        pending = [p for i, p in enumerate(pending) if i not in done]
    return out


def _stops(outcome: _Outcome, stop_early: bool, stop_on_failure: bool) -> bool:
    # An import failure repeats in every test; a checker out of time or memory would too (and take as long).
    return (stop_early and outcome.at_import) or (
        stop_on_failure and outcome.status in ("tle", "mle", "ole", "crash")
    )


def _frame(args: Any, kwargs: Any, **extra: Any) -> bytes:
    # Inputs only: expected values never enter the candidate's box.
    return json.dumps(
        {"args": args, "kwargs": kwargs, **extra}, separators=(",", ":"), allow_nan=False
    ).encode()


# ---- checking ------------------------------------------------------------------------------------------

READ_ONLY_MESSAGE = "modified its input in place; the statement says inputs are read-only - work on a copy"


def _check(spec: ProblemSpec, test: TestCase, outcome: _Outcome) -> tuple[Verdict, float, str, Any]:
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
    spec: ProblemSpec, items: list[tuple[TestCase, _Outcome]], backend: SandboxBackend
) -> dict[int, tuple[Verdict, float, str]]:
    """Run the problem's ``checker.py`` in a sandbox of its own (curator code: never in this process, never
    with the candidate's code), one process per test, under its own time limit."""
    if not items:
        return {}
    box = _Box(module="checker.py", source=(spec.checker_source or "").encode(), function="check",
               cpu_s=CHECKER_TIME_LIMIT_S, memory_mb=CHECKER_MEMORY_MB)  # fmt: skip
    frames = [
        (t.index, _frame([t.args, t.kwargs, t.expected, outcome.value], {}), False) for t, outcome in items
    ]
    run = run_in_box(backend, box, frames, stop_early=False, stop_on_failure=True)
    out: dict[int, tuple[Verdict, float, str]] = {}
    for t, _ in items:
        checked = run.outcomes.get(t.index)
        out[t.index] = _checker_verdict(checked)
    return out


def _checker_verdict(checked: _Outcome | None) -> tuple[Verdict, float, str]:
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
    return (Verdict.AC if score >= 1.0 else Verdict.WA), round(score, 9), _text(str(message), 1000)


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
    box = _Box(module="solution.py", source=source, function=spec.function, cpu_s=spec.time_limit_s,
               memory_mb=spec.memory_mb, check_inputs=spec.inputs_read_only)  # fmt: skip
    run = run_in_box(
        backend, box, [(t.index, _frame(t.args, t.kwargs), t.visible) for t in ordered], limits=limits
    )
    phases = {"sandbox_start_ms": round(run.start_ms, 1), "tests_ms": round(run.tests_ms, 1)}

    checked: dict[int, tuple[Verdict, float, str, Any]] = {}
    custom: list[tuple[TestCase, _Outcome]] = []
    for t in selected:
        outcome = run.outcomes.get(t.index) or _Outcome(status="crash", message="the test did not run")
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
        outcome = run.outcomes.get(t.index) or _Outcome(status="crash", message="the test did not run")
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


def _import_message(selected: list[TestCase], outcomes: dict[int, _Outcome]) -> str:
    """The report's message when the module itself failed (an import error, a missing function)."""
    for t in selected:
        outcome = outcomes.get(t.index)
        if outcome is not None and outcome.at_import:
            if t.visible:
                return outcome.message
            return outcome.hidden_message if outcome.status != "error" else _import_type(outcome)
    return ""


def _import_type(outcome: _Outcome) -> str:
    # Seen only by a hidden test's process: its text could carry the input; the missing-function text cannot.
    if outcome.message.startswith("solution.py does not define "):
        return outcome.message
    return f"solution.py failed to import: {outcome.hidden_message}"


def _truncate(text: str) -> str:
    if len(text) <= RUN_OUTPUT_CHARS:
        return text
    return text[:RUN_OUTPUT_CHARS] + f"\n... ({len(text) - RUN_OUTPUT_CHARS} more characters not shown)"


def _result(
    t: TestCase, verdict: Verdict, score: float, message: str, actual: Any, outcome: _Outcome | None
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


# ---- generated tests -----------------------------------------------------------------------------------

GLOBAL_SEEDS = (12345, 54321)


def run_generator(
    spec: ProblemSpec,
    items: list[tuple[int, dict[str, Any]]],
    backend: SandboxBackend,
    *,
    limits: Limits | None = None,
) -> dict[int, dict[str, Any] | str]:
    """Run ``generate(**params)`` for each (test index, params) in the sandbox, one process per call.

    Each call runs twice, with ``random`` and ``numpy.random`` seeded differently: different results mean some
    randomness was not seeded from ``params["seed"]``. Returns, per index, the generated ``{"args", "kwargs",
    "expected"}`` in canonical tagged JSON, or a message saying why there is none.
    """
    if not items:
        return {}
    if spec.generator is None:
        return {i: "needs generator.py" for i, _ in items}
    box = _Box(module="generator.py", source=spec.generator.encode("utf-8"), function="generate",
               cpu_s=GENERATOR_TIME_LIMIT_S, memory_mb=max(spec.memory_mb, 512),
               value_bytes=GENERATED_VALUE_BYTES)  # fmt: skip
    frames = [
        (i * 2 + k, _frame([], params, global_seed=seed), False)
        for i, params in items
        for k, seed in enumerate(GLOBAL_SEEDS)
    ]
    run = run_in_box(backend, box, frames, limits=limits)
    out: dict[int, dict[str, Any] | str] = {}
    for i, _ in items:
        first, second = run.outcomes.get(i * 2), run.outcomes.get(i * 2 + 1)
        if first is None or first.status != "ok":
            detail = "did not run" if first is None else (first.message or first.status)
            out[i] = f"generator.py failed: {detail}"
        elif second is None or second.status != "ok":
            detail = "did not run" if second is None else (second.message or second.status)
            out[i] = f"generator.py failed on its second call: {detail}"
        elif second.value != first.value:
            out[i] = (
                "gave two different results for the same params: seed every random source from params['seed']"
            )
        else:
            try:
                out[i] = codec.normalise(first.value, path="generated test")
            except codec.CodecError as exc:
                out[i] = f"returned a value that cannot be stored: {exc}"
    return out


def grade_reference(spec: ProblemSpec, tests: list[TestCase], backend: SandboxBackend) -> GradeReport:
    """Grade the problem's reference solution on every test (publishing requires it to pass)."""
    return grade(spec=spec, tests=tests, code=spec.reference, mode="submit", backend=backend)


__all__ = [
    "GradeReport",
    "SandboxFailure",
    "TestResult",
    "Verdict",
    "compile_error",
    "exception_type",
    "grade",
    "grade_reference",
    "parse_channel",
    "run_generator",
    "run_in_box",
]
