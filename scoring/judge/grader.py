"""Grade a candidate's solution against a problem's tests, in the sandbox, deciding verdicts outside it.

``grade()`` is the whole pipeline for one submission:

1. compile the code once, outside the box (a syntax error is CE for every test, nothing runs);
2. send only the inputs into the box: ``harness.py`` + ``solution.py``, the job on stdin. Every test of a
   group runs in one process (one interpreter start, one numpy import), each under its own time limit;
3. read the harness's records from fd 3 as untrusted data (size, depth and schema checked);
4. if the process died mid-test (segfault, hard memory kill, ``os._exit``), give the test that was running
   the process's verdict and relaunch the harness for the tests it never reached;
5. compare each returned value with the expected one here, with the test's checker.

Hidden tests never share a process with visible ones: in "submit" mode the visible tests and the hidden
tests run in two processes (side by side), so nothing a candidate can see (printed output, error messages,
returned values) comes from a process that held hidden inputs.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from scoring.judge import codec
from scoring.judge.checkers import CheckerConfigError, make_checker, run_check
from scoring.judge.problem import ProblemSpec, TestCase
from scoring.judge.sandbox import Limits, RunResult, SandboxBackend, Status

HARNESS_SOURCE = (Path(__file__).parent / "harness.py").read_bytes()
MAX_CODE_BYTES = 256 * 1024
OUT_CHARS = 2000  # captured print output kept per test
RUN_OUTPUT_CHARS = 8000  # raw stdout/stderr kept per group of runs
SHOWN_VALUE_BYTES = 64 * 1024  # a returned value larger than this is checked but not kept in the report
VALUE_BYTES = 8 << 20  # largest encoded return value per test (a 300x300 float matrix is about 2 MB)
CHANNEL_BYTES = 16 << 20  # what one harness process may write to fd 3
STARTUP_CPU_S = 1.5  # interpreter start and harness overhead, on top of the per-test limits
# Backends whose run_python must not be called from two threads at once: local-insecure closes descriptors
# another thread's run is still using (seen as EBADF), so its groups run one after the other.
SERIAL_BACKENDS = frozenset({"local-insecure"})
RESULT_STATUSES = {"ok", "error", "tle", "mle", "ole", "bad_value"}


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
    memory_kb: int | None = None  # peak resident memory of the process so far
    args: list[Any] | None = None  # tagged JSON, as stored with the test
    kwargs: dict[str, Any] | None = None
    expected: Any = None
    actual: Any = None  # tagged JSON as returned (None when there was no value)
    output: str = ""  # what the test printed (captured by the harness)

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
                "time_ms": self.time_ms,
            }
        return self.to_full_dict()

    def to_full_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = str(self.verdict)
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
    runs: int = 0  # sandbox processes started
    backend: str = ""

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

    def to_full_dict(self) -> dict[str, Any]:
        """The curator's view: everything, JSON-serialisable; ``from_dict`` reads it back."""
        data = asdict(self)
        data["status"] = str(self.status)
        data["tests"] = [t.to_full_dict() for t in self.tests]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradeReport:
        fields = dict(data)
        fields["status"] = Verdict(data["status"])
        fields["tests"] = [TestResult(**{**t, "verdict": Verdict(t["verdict"])}) for t in data["tests"]]
        return cls(**fields)


# ---- reading the channel -------------------------------------------------------------------------------


@dataclass
class _Outcome:
    """What the box said (or what its death implies) about one test, before checking."""

    status: str  # ok | error | tle | mle | ole | bad_value | crash
    value: Any = None  # tagged JSON, still untrusted
    message: str = ""
    cpu_ms: float | None = None
    wall_ms: float | None = None
    rss_kb: int | None = None
    output: str = ""
    crash_verdict: Verdict | None = None


@dataclass
class _Channel:
    ready: bool = False
    import_status: str | None = None
    import_error: str = ""
    done: bool = False
    last_start: int | None = None
    results: dict[int, _Outcome] = field(default_factory=dict)


def _text(v: Any, limit: int) -> str:
    if not isinstance(v, str):
        return ""
    return v if len(v) <= limit else v[:limit] + "..."


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
        return None
    return float(v)


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


def parse_channel(
    raw: bytes, expected_ids: Iterable[int], *, max_line: int = VALUE_BYTES + 64 * 1024
) -> _Channel:
    """Read the harness's JSON lines. Untrusted: anything malformed, unknown or repeated is ignored.

    The first well-formed result for a test wins; a value is kept as tagged JSON and decoded only when
    checked (with the codec's caps).
    """
    ids = set(expected_ids)
    ch = _Channel()
    for line in raw.split(b"\n"):
        if not line.strip() or len(line) > max_line:
            continue
        try:
            rec = codec.parse_json(line, max_bytes=max_line)
        except codec.CodecError:
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("t"), str):
            continue
        kind = rec["t"]
        if kind == "ready":
            ch.ready = True
        elif kind == "import" and not ch.ready and ch.import_status is None:
            status = rec.get("status")
            if status in ("error", "tle", "mle", "missing"):
                ch.import_status = status
                ch.import_error = _error_text(rec.get("error"))
        elif kind == "done":
            ch.done = True
        elif kind in ("start", "result"):
            i = rec.get("i")
            if type(i) is not int or i not in ids:
                continue
            if kind == "start":
                ch.last_start = i
                continue
            status = rec.get("status")
            if i in ch.results or status not in RESULT_STATUSES:
                continue
            if status == "ok" and "value" not in rec:
                continue
            cpu = _num(rec.get("cpu_ms"))
            rss = _num(rec.get("rss_kb"))
            ch.results[i] = _Outcome(
                status=status,
                value=rec.get("value"),
                message=_error_text(rec.get("error")) or _text(rec.get("what"), 100),
                cpu_ms=cpu,
                wall_ms=_num(rec.get("wall_ms")),
                rss_kb=int(rss) if rss is not None else None,
                output=_text(rec.get("out"), OUT_CHARS + 100),
            )
    return ch


# ---- running a group of tests --------------------------------------------------------------------------

_CRASH_VERDICTS = {Status.TLE: Verdict.TLE, Status.MLE: Verdict.MLE, Status.OLE: Verdict.OLE}


def _crash_message(rr: RunResult) -> str:
    tail = rr.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    what = {
        Status.TLE: "the process ran out of time",
        Status.MLE: "the process ran out of memory",
        Status.OLE: "the process printed too much",
    }.get(rr.status, f"the process died (exit code {rr.exit_code})")
    detail = f"{what} during this test"
    if rr.message:
        detail += f": {rr.message}"
    if tail:
        detail += "\n" + "\n".join(tail)
    return detail


@dataclass
class _GroupRun:
    outcomes: dict[int, _Outcome] = field(default_factory=dict)
    import_message: str = ""
    stdout: str = ""
    stderr: str = ""
    runs: int = 0


def _launch(backend: SandboxBackend, *, files: dict[str, bytes], stdin: bytes, limits: Limits) -> RunResult:
    """One harness process. A failure of the sandbox itself (SE, or an exception) is a SandboxFailure."""
    try:
        rr = backend.run_python(files=files, main="harness.py", stdin=stdin, limits=limits)
    except Exception as exc:
        raise SandboxFailure(f"the sandbox failed: {type(exc).__name__}: {exc}") from exc
    if rr.status == Status.SE:
        raise SandboxFailure(rr.message or "the sandbox failed")
    return rr


def _process_limits(spec: ProblemSpec, n_tests: int, limits: Limits | None) -> Limits:
    if limits is not None:
        return limits
    tl = spec.time_limit_s
    cpu = n_tests * (tl + 0.1) + max(tl, 2.0) + STARTUP_CPU_S
    return Limits(
        cpu_seconds=cpu, wall_seconds=cpu * 1.5 + 2.0, memory_mb=spec.memory_mb, channel_bytes=CHANNEL_BYTES
    )


def _run_group(
    spec: ProblemSpec, tests: list[TestCase], code: bytes, backend: SandboxBackend, limits: Limits | None
) -> _GroupRun:
    group = _GroupRun()
    pending = list(tests)
    tl = spec.time_limit_s
    while pending:
        lim = _process_limits(spec, len(pending), limits)
        job = {
            "mode": "grade",
            "function": spec.function,
            "time_limit_s": tl,
            "wall_limit_s": max(2 * tl, tl + 1.0),
            "value_bytes": min(VALUE_BYTES, lim.channel_bytes // 2),
            "value_nodes": codec.MAX_NODES,
            "out_chars": OUT_CHARS,
            "output_bytes": lim.output_bytes,
            "channel_bytes": lim.channel_bytes,
            # Inputs only: expected values never enter the box.
            "tests": [{"i": t.index, "args": t.args, "kwargs": t.kwargs} for t in pending],
        }
        rr = _launch(
            backend,
            files={"harness.py": HARNESS_SOURCE, "solution.py": code},
            stdin=json.dumps(job, separators=(",", ":"), allow_nan=False).encode(),
            limits=lim,
        )
        group.runs += 1
        group.stdout += rr.stdout.decode("utf-8", "replace")
        group.stderr += rr.stderr.decode("utf-8", "replace")
        ch = parse_channel(rr.channel, (t.index for t in pending))

        if not ch.ready:
            # The module never finished importing: every remaining test shares the import's fate.
            if ch.import_status is not None:
                status = {"error": "error", "missing": "error"}.get(ch.import_status, ch.import_status)
                message = ch.import_error or f"solution.py failed to import ({ch.import_status})"
                if ch.import_status == "error" and not message.startswith("solution.py"):
                    message = f"solution.py raised an exception while being imported: {message}"
                outcome = _Outcome(status=status, message=message)
            else:
                outcome = _Outcome(
                    status="crash",
                    message=_crash_message(rr).replace("during this test", "while importing solution.py"),
                    crash_verdict=_CRASH_VERDICTS.get(rr.status, Verdict.RE),
                )
            group.import_message = outcome.message
            for t in pending:
                group.outcomes[t.index] = outcome
            break

        group.outcomes.update(ch.results)
        still = [t for t in pending if t.index not in ch.results]
        if not still:
            break
        if ch.done:
            for t in still:
                group.outcomes[t.index] = _Outcome(
                    status="crash", message="no result was reported for this test"
                )
            break
        # The process died mid-test: the test it was running takes the blame, the rest run again. When the
        # last test to start did report (the harness gave up on a test that swallowed its timeout and
        # exited), nobody is blamed; a run that reported nothing blames its first test, so each run
        # settles at least one test and the loop ends.
        running = ch.last_start if ch.last_start in {t.index for t in still} else None
        if running is None and not ch.results:
            running = still[0].index
        if running is not None:
            group.outcomes[running] = _Outcome(
                status="crash",
                message=_crash_message(rr),
                crash_verdict=_CRASH_VERDICTS.get(rr.status, Verdict.RE),
            )
        pending = [t for t in still if t.index != running]
    return group


# ---- checking ------------------------------------------------------------------------------------------


def _check(spec: ProblemSpec, test: TestCase, outcome: _Outcome) -> tuple[Verdict, float, str, Any]:
    """(verdict, score, message, actual as tagged JSON) for one test, decided outside the box."""
    if outcome.status == "crash":
        return outcome.crash_verdict or Verdict.RE, 0.0, outcome.message, None
    simple = {"error": Verdict.RE, "tle": Verdict.TLE, "mle": Verdict.MLE, "ole": Verdict.OLE}
    if outcome.status in simple:
        default = {
            "tle": f"took longer than {spec.time_limit_s:g} s",
            "mle": f"ran out of memory ({spec.memory_mb} MB)",
            "ole": "output too large",
        }.get(outcome.status, "")
        message = outcome.message
        if outcome.status == "ole" and message:
            message = f"{message} too large"
        return simple[outcome.status], 0.0, message or default, None
    if outcome.status == "bad_value":
        return Verdict.WA, 0.0, f"the return value cannot be read: {outcome.message}", None
    try:
        actual = codec.decode(outcome.value, path="the return value")
    except codec.CodecError as exc:
        return Verdict.WA, 0.0, f"the return value cannot be read: {exc}", None
    try:
        checker = make_checker(test.checker, custom_source=spec.checker_source)
        expected = codec.decode(test.expected, path="expected")
        args = codec.decode(test.args, path="args") if test.checker.get("type") == "custom" else []
        kwargs = codec.decode(test.kwargs, path="kwargs") if test.checker.get("type") == "custom" else {}
    except (CheckerConfigError, codec.CodecError) as exc:
        raise ValueError(f"test {test.index} ({test.name}) is invalid: {exc}") from None
    result = run_check(checker, expected=expected, actual=actual, args=args, kwargs=kwargs)
    verdict = Verdict.AC if result.passed else Verdict.WA
    return verdict, result.score if not result.passed else 1.0, result.message, outcome.value


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

    ``limits`` replaces the per-process limits derived from the problem (per-test limits always come from
    ``spec.time_limit_s``). Raises SandboxFailure if the sandbox itself fails.
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

    visible = [t for t in selected if t.visible]
    hidden = [t for t in selected if not t.visible]
    groups = [g for g in (visible, hidden) if g]
    runs = _run_groups(spec, groups, source, backend, limits)
    by_group = {id(g): r for g, r in zip(groups, runs, strict=True)}
    seen = by_group.get(id(visible), _GroupRun())
    unseen = by_group.get(id(hidden), _GroupRun())

    results = []
    for t in selected:
        group = seen if t.visible else unseen
        outcome = group.outcomes.get(t.index) or _Outcome(status="crash", message="the test did not run")
        verdict, score, message, actual = _check(spec, t, outcome)
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
    message = seen.import_message or (_type_only(unseen.import_message) if unseen.import_message else "")
    return GradeReport(
        mode=mode,
        status=failing[0] if failing else Verdict.AC,
        score=round(score, 6),
        passed=sum(r.verdict == Verdict.AC for r in results),
        total=len(selected),
        tests=results,
        message=message,
        stdout=_truncate(seen.stdout),
        stderr=_truncate(seen.stderr),
        hidden_stdout=_truncate(unseen.stdout),
        hidden_stderr=_truncate(unseen.stderr),
        runs=seen.runs + unseen.runs,
        backend=backend.name,
    )


def _type_only(message: str) -> str:
    # An import error seen only by a hidden-test process: its text could carry hidden inputs.
    head = message.split(":", 1)[0]
    return head if len(head) < 200 else "solution.py failed to import"


def _truncate(text: str) -> str:
    if len(text) <= RUN_OUTPUT_CHARS:
        return text
    return text[:RUN_OUTPUT_CHARS] + f"\n... ({len(text) - RUN_OUTPUT_CHARS} more characters not shown)"


def _result(
    t: TestCase, verdict: Verdict, score: float, message: str, actual: Any, outcome: _Outcome | None
) -> TestResult:
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
        memory_kb=outcome.rss_kb if outcome else None,
        args=t.args,
        kwargs=t.kwargs,
        expected=t.expected,
        actual=actual,
        output=outcome.output if outcome else "",
    )


def _run_groups(
    spec: ProblemSpec,
    groups: list[list[TestCase]],
    code: bytes,
    backend: SandboxBackend,
    limits: Limits | None,
) -> list[_GroupRun]:
    """Run each group in its own process(es); two groups run side by side on two threads."""
    if len(groups) == 1 or backend.name in SERIAL_BACKENDS:
        return [_run_group(spec, g, code, backend, limits) for g in groups]
    results: list[_GroupRun | BaseException | None] = [None] * len(groups)

    def work(k: int) -> None:
        try:
            results[k] = _run_group(spec, groups[k], code, backend, limits)
        except BaseException as exc:  # re-raised in the caller's thread
            results[k] = exc

    threads = [threading.Thread(target=work, args=(k,)) for k in range(1, len(groups))]
    for th in threads:
        th.start()
    work(0)
    for th in threads:
        th.join()
    out = []
    for r in results:
        if isinstance(r, BaseException):
            raise r
        assert r is not None
        out.append(r)
    return out


# ---- generated tests -----------------------------------------------------------------------------------


def run_generator(
    spec: ProblemSpec,
    items: list[tuple[int, dict[str, Any]]],
    backend: SandboxBackend,
    *,
    limits: Limits | None = None,
) -> dict[int, dict[str, Any] | str]:
    """Run ``generate(**params)`` for each (test index, params) in the sandbox.

    Returns, per index, the generated ``{"args", "kwargs", "expected"}`` in canonical tagged JSON, or a
    message saying why there is none.
    """
    if not items:
        return {}
    if spec.generator is None:
        return {i: "needs generator.py" for i, _ in items}
    lim = limits or Limits(
        cpu_seconds=10.0 * len(items) + 5.0,
        wall_seconds=20.0 * len(items) + 10.0,
        memory_mb=max(spec.memory_mb, 512),
        channel_bytes=64 << 20,
    )
    job = {
        "mode": "generate",
        "time_limit_s": 10.0,
        "wall_limit_s": 20.0,
        "value_bytes": min(16 << 20, lim.channel_bytes // 2),
        "value_nodes": codec.MAX_NODES,
        "out_chars": OUT_CHARS,
        "output_bytes": lim.output_bytes,
        "channel_bytes": lim.channel_bytes,
        "tests": [{"i": i, "params": params} for i, params in items],
    }
    rr = _launch(
        backend,
        files={"harness.py": HARNESS_SOURCE, "generator.py": spec.generator.encode("utf-8")},
        stdin=json.dumps(job).encode(),
        limits=lim,
    )
    out: dict[int, dict[str, Any] | str] = {}
    lines = rr.channel.split(b"\n")
    import_problem = ""
    for line in lines:
        try:
            rec = codec.parse_json(line, max_bytes=lim.channel_bytes) if line.strip() else None
        except codec.CodecError:
            continue
        if not isinstance(rec, dict):
            continue
        if rec.get("t") == "import":
            import_problem = (
                f"generator.py failed to import: {_error_text(rec.get('error')) or rec.get('status')}"
            )
        if rec.get("t") != "result" or type(rec.get("i")) is not int:
            continue
        i, status = rec["i"], rec.get("status")
        if status == "ok":
            try:
                out[i] = codec.normalise(rec.get("value"), path="generated test")
            except codec.CodecError as exc:
                out[i] = f"returned a value that cannot be stored: {exc}"
        elif status == "nondeterministic":
            out[i] = (
                "gave two different results for the same params: seed every random source from params['seed']"
            )
        else:
            detail = _error_text(rec.get("error")) or {
                "tle": "took longer than 10 s",
                "mle": "ran out of memory",
            }.get(str(status), str(status))
            out[i] = f"generator.py failed: {detail}"
    for i, _ in items:
        if i not in out:
            out[i] = import_problem or f"generator.py produced no result ({_crash_message(rr)})"
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
    "grade",
    "grade_reference",
    "parse_channel",
    "run_generator",
]
