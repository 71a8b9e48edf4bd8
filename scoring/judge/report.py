"""A grading's result: the verdicts, the per-test results and the report, in the candidate's and the curator's
views. A hidden test shows its verdict, score, coarse time and a fixed message: never its data."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

HIDDEN_TIME_STEP_MS = 10  # a hidden test's time is shown rounded to this: a coarser channel for its input


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
