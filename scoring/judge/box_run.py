"""Running a module's tests in one sandbox: one process per test (``harness.py`` supervises them in the box),
and what each test's end means, from the supervisor's trusted figures and the process's untrusted record.

``run_in_box`` is used for the candidate's solution, the problem's ``checker.py`` and its ``generator.py``
alike (``grader.py``, ``generate.py``); it relaunches the box for the tests a dead box never reached.
"""

from __future__ import annotations

import builtins
import json
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.judge import codec
from scoring.judge.report import SandboxFailure
from scoring.judge.sandbox_common import trusted_bytecode
from scoring.judge.sandbox_types import Limits, RunResult, SandboxBackend, Status, TestRecord, TestsResult

HARNESS_SOURCE = (Path(__file__).parent / "harness.py").read_bytes()
MAIN_SOURCE = b"import harness\n\nharness.main()\n"
OUT_CHARS = 2000  # captured print output kept per test
VALUE_BYTES = 8 << 20  # largest encoded return value per test (a 300x300 float matrix is about 2 MB)
CHANNEL_BYTES = 16 << 20  # what one harness process may write to fd 3
STARTUP_CPU_S = 1.5  # interpreter start and supervisor overhead, on top of the per-test limits
BAD_FRAME = 86  # harness.py's exit status for a test's process whose input was not its own
# Exception types a hidden test may name (its exception's type is all it shows): the built-in ones and numpy's.
# Any other name (a class the program defined, named after an input) is shown as a generic phrase.
KNOWN_EXCEPTIONS = frozenset(
    name for name, obj in vars(builtins).items() if isinstance(obj, type) and issubclass(obj, BaseException)
) | {"LinAlgError", "AxisError", "TooHardError", "ComplexWarning", "RankWarning"}


@dataclass
class TestOutcome:
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


def text(v: Any, limit: int) -> str:
    if not isinstance(v, str):
        return ""
    return v if len(v) <= limit else v[:limit] + "..."


def _error_text(err: Any) -> str:
    if not isinstance(err, dict):
        return ""
    kind, message, tb = (
        text(err.get("type"), 100),
        text(err.get("message"), 1000),
        text(err.get("tb"), 3000),
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
class BoxSpec:
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


def _cpu_message(box: BoxSpec) -> str:
    return f"Time limit: used more than {box.cpu_s:g} s of CPU time"


def _wall_message(box: BoxSpec) -> str:
    return f"Time limit: took more than {box.wall_s:g} s of wall-clock time (waiting counts too)"


def _memory_message(box: BoxSpec) -> str:
    return f"Memory limit: used more than {box.memory_mb} MB (all of the test's processes, shared memory included)"


def _from_record(box: BoxSpec, rec: TestRecord, visible: bool) -> TestOutcome:
    """A finished test: the trusted figures decide time and memory verdicts; the channel gives the value."""
    figures: dict[str, Any] = {
        "cpu_ms": round(rec.cpu_ms, 2), "wall_ms": round(rec.wall_ms, 2), "memory_kb": rec.memory_kb,
    }  # fmt: skip
    printed = (rec.stdout + rec.stderr).decode("utf-8", "replace")
    if len(printed) > OUT_CHARS:
        printed = printed[:OUT_CHARS] + f"\n... ({len(printed) - OUT_CHARS} more characters not shown)"
    figures["output"] = printed
    by_signal = rec.exit_kind == "signal"
    if rec.killed == "cpu" or rec.cpu_ms > box.cpu_s * 1000 or (by_signal and rec.code == signal.SIGXCPU):
        return TestOutcome("tle", message=_cpu_message(box), hidden_message=_cpu_message(box), **figures)
    if rec.killed == "wall":
        return TestOutcome("tle", message=_wall_message(box), hidden_message=_wall_message(box), **figures)
    if rec.killed == "memory":
        return TestOutcome(
            "mle", message=_memory_message(box), hidden_message=_memory_message(box), **figures
        )
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
        return TestOutcome("crash", message=message, hidden_message="Runtime error: " + what, **figures)
    if "value" in record:
        return TestOutcome(
            "ok", value=record["value"], inputs_changed=record.get("inputs_changed") is True, **figures
        )
    if "too_large" in record:
        message = "Output limit: the return value is too large"
        return TestOutcome("ole", message=message, hidden_message=message, **figures)
    if "bad_value" in record:
        return TestOutcome(
            "bad_value",
            message=f"the return value cannot be read: {text(record['bad_value'], 500)}",
            **figures,
        )
    err = record["error"]
    if isinstance(err, dict) and err.get("type") == "MemoryError":
        return TestOutcome("mle", message=_memory_message(box), hidden_message=_memory_message(box),
                        at_import=at_import, **figures)  # fmt: skip
    return TestOutcome(
        "error", message=_error_text(err), hidden_message=exception_type(err), at_import=at_import, **figures
    )


def _from_dead_box(box: BoxSpec, rr: RunResult) -> TestOutcome:
    """The test that was running when its whole box ended (a kill for output, the box's own limits, ...)."""
    if rr.status == Status.OLE:
        message = (
            "Output limit: printed more than the limit" if "std" in rr.message else "Output limit exceeded"
        )
        return TestOutcome("ole", message=message, hidden_message=message)
    if rr.status == Status.TLE:
        return TestOutcome("tle", message=_wall_message(box), hidden_message=_wall_message(box))
    if rr.status == Status.MLE:
        return TestOutcome("mle", message=_memory_message(box), hidden_message=_memory_message(box))
    what = rr.message or f"the sandbox ended ({rr.status})"
    return TestOutcome("crash", message=f"the test's supervisor was stopped: {what}",
                    hidden_message="Runtime error: the test's supervisor was stopped")  # fmt: skip


@dataclass
class BoxRun:
    outcomes: dict[int, TestOutcome] = field(default_factory=dict)
    runs: int = 0
    start_ms: float = 0.0  # until the first test's process was ready (sandbox start)
    tests_ms: float = 0.0
    stdout: str = ""


def _box_limits(box: BoxSpec, n: int, limits: Limits | None) -> Limits:
    if limits is not None:
        return limits
    cpu = n * (box.cpu_s + 0.1) + STARTUP_CPU_S
    return Limits(
        cpu_seconds=cpu, wall_seconds=n * (box.wall_s + 0.5) + 5.0, memory_mb=box.memory_mb,
        channel_bytes=max(CHANNEL_BYTES, box.value_bytes + (1 << 20)),
    )  # fmt: skip


def run_in_box(
    backend: SandboxBackend,
    box: BoxSpec,
    items: list[tuple[int, bytes, bool]],
    *,
    limits: Limits | None = None,
    stop_early: bool = True,
    stop_on_failure: bool = False,
) -> BoxRun:
    """Run each (key, input frame, visible) as its own test process; relaunch the box for tests it never reached.

    Raises SandboxFailure when the sandbox itself fails.
    """
    out = BoxRun()
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
        done, import_failure = _take_results(out, box, pending, result, stop_early, stop_on_failure)
        if import_failure is not None:
            # The module fails before the function is called: every other test would fail the same way.
            for i, (key, _, _) in enumerate(pending):
                if i not in done:
                    out.outcomes[key] = import_failure
            break
        _blame_dead_box(out, box, pending, result, done)
        pending = [p for i, p in enumerate(pending) if i not in done]
    return out


def _take_results(
    out: BoxRun, box: BoxSpec, pending: list[tuple[int, bytes, bool]], result: TestsResult, stop_early: bool,
    stop_on_failure: bool,
) -> tuple[set[int], TestOutcome | None]:  # fmt: skip
    """Record the finished tests' outcomes; (their positions in ``pending``, an outcome that stops the run)."""
    done = set()
    import_failure: TestOutcome | None = None
    for rec in result.tests:
        key, _, visible = pending[rec.index]
        outcome = _from_record(box, rec, visible)
        out.outcomes[key] = outcome
        done.add(rec.index)
        if _stops(outcome, stop_early, stop_on_failure):
            import_failure = outcome
    return done, import_failure


def _blame_dead_box(
    out: BoxRun, box: BoxSpec, pending: list[tuple[int, bytes, bool]], result: TestsResult, done: set[int]
) -> None:
    """The test running when the box ended gets the box's verdict (positions it adds to ``done``)."""
    rr = result.run
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


def _stops(outcome: TestOutcome, stop_early: bool, stop_on_failure: bool) -> bool:
    # An import failure repeats in every test; a checker out of time or memory would too (and take as long).
    return (stop_early and outcome.at_import) or (
        stop_on_failure and outcome.status in ("tle", "mle", "ole", "crash")
    )


def frame(args: Any, kwargs: Any, **extra: Any) -> bytes:
    # Inputs only: expected values never enter the candidate's box.
    return json.dumps(
        {"args": args, "kwargs": kwargs, **extra}, separators=(",", ":"), allow_nan=False
    ).encode()
