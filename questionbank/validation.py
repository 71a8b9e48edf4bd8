"""The sandbox check a coding problem must pass before it is published.

The reference solution must pass every test and each wrong solution (`wrong/<what_is_wrong>.py`) must fail
at least one (so the tests have teeth). Everything runs through the judge (`scoring.judge`, plain Python) in the sandbox the settings
allow (`scoring.sandboxing`, which never hands out the insecure backend with DEBUG off). Nothing here
writes to the database: `check_coding_spec` returns an outcome that the caller stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

FAILING_SHOWN = 5  # failing tests listed per solution; the rest are counted


class SandboxUnavailable(Exception):
    """The sandbox failed or is missing: the problem's code was not judged, so try again later."""


@dataclass
class CheckOutcome:
    passed: bool
    message: str
    data: dict[str, Any] = field(default_factory=dict)
    # Problems for a bank import: (file, message), e.g. ("reference.py", "fails 2 of 9 tests: ...").
    file_problems: list[tuple[str, str]] = field(default_factory=list)


def _summary(report: Any) -> dict[str, Any]:
    failing = [t for t in report.tests if str(t.verdict) != "AC"]
    return {
        "status": str(report.status),
        "passed": report.passed,
        "total": report.total,
        "score": report.score,
        "message": report.message,
        "failing": [
            {"name": t.name, "verdict": str(t.verdict), "message": (t.message or "")[:500]}
            for t in failing[:FAILING_SHOWN]
        ],
    }


def _failing_text(summary: dict[str, Any]) -> str:
    names = ", ".join(f"{t['name']!r} ({t['verdict']})" for t in summary["failing"])
    more = summary["total"] - summary["passed"] - len(summary["failing"])
    first = (summary["failing"][0]["message"] if summary["failing"] else "").splitlines()
    why = f"; the first says: {first[0][:300]}" if first else ""
    return names + (f" and {more} more" if more > 0 else "") + why


def check_coding_spec(spec_data: dict[str, Any]) -> CheckOutcome:
    """Materialise the tests, then grade reference.py and every wrong/*.py on all of them.

    Raises SandboxUnavailable when the sandbox itself is refused or fails (not a verdict on the problem).
    """
    from scoring.judge import grader, problem  # plain Python, no Django
    from scoring.judge.report import SandboxFailure
    from scoring.sandboxing import SandboxRefused, grading_backend

    try:
        backend = grading_backend()
    except SandboxRefused as exc:
        raise SandboxUnavailable(str(exc)) from exc
    spec = problem.ProblemSpec.from_dict(spec_data)
    started = timezone.now()
    data: dict[str, Any] = {"backend": backend.name, "checked_at": started.isoformat()}
    try:
        tests = problem.materialise_tests(spec, backend)
    except problem.BankError as exc:
        message = f"The tests could not be generated: {exc}"
        data["message"] = message
        return CheckOutcome(False, message, data, [("generator.py", str(exc))])
    except SandboxFailure as exc:
        raise SandboxUnavailable(str(exc)) from exc
    data["tests"] = len(tests)
    try:
        reference = grader.grade(spec=spec, tests=tests, code=spec.reference, mode="submit", backend=backend)
        wrongs = {
            name: grader.grade(spec=spec, tests=tests, code=code, mode="submit", backend=backend)
            for name, code in sorted(spec.wrongs.items())
        }
    except SandboxFailure as exc:
        raise SandboxUnavailable(str(exc)) from exc
    data["reference"] = _summary(reference)
    data["wrongs"] = {name: _summary(report) for name, report in wrongs.items()}
    data["seconds"] = round((timezone.now() - started).total_seconds(), 2)
    problems: list[tuple[str, str]] = []
    messages = []
    if reference.passed != reference.total:
        text = (
            f"the reference solution fails {reference.total - reference.passed} of {reference.total} "
            f"tests: {_failing_text(data['reference'])}"
        )
        if reference.message:
            text += f" ({reference.message.splitlines()[0][:200]})"
        problems.append(("reference.py", text))
        messages.append(text[0].upper() + text[1:] + ".")
    else:
        messages.append(f"The reference solution passes all {reference.total} tests.")
    caught = 0
    for name, report in wrongs.items():
        file = problem.wrong_file(name)
        if report.passed == report.total:
            text = f"{file} passes every test; the tests must catch it (add a test it fails)"
            problems.append((file, text))
            messages.append(text[0].upper() + text[1:] + ".")
        else:
            caught += 1
    if caught:
        messages.append(f"{caught} of {len(wrongs)} wrong solutions fail at least one test, as they should.")
    data["message"] = " ".join(messages)
    return CheckOutcome(not problems, data["message"], data, problems)
