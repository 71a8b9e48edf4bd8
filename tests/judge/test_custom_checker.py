"""A problem's checker.py is curator code: it runs in a sandbox of its own, one process per test, under its
own time limit, never in the grading process. Hostile checkers get a clear message, not the worker's secrets.

Against the old design (checker.py exec'd in the grading process) the env-reading checker saw the worker's
environment (SECRET_KEY, DATABASE_URL), `import django` worked, and the infinite loop hung the worker.
"""

import dataclasses
import os
from pathlib import Path

import pytest

from scoring.judge.grader import grade
from scoring.judge.problem import load_problem_dir, materialise_tests
from scoring.judge.report import Verdict
from scoring.judge.sandbox import get_backend

FIXTURES = Path(__file__).parent / "fixtures"
SOLUTION = "def total(xs):\n    return sum(xs)\n"

DOUBLES = """
def check(args, kwargs, expected, actual):
    if actual == expected:
        return 1.0, "equal"
    if actual == args[0][0]:
        return 0.25, "only the first element"
    raise ValueError("cannot handle " + type(actual).__name__)
"""


@pytest.fixture(scope="module")
def backend():
    backend = get_backend("auto")
    if backend.problem():
        pytest.skip(f"no usable sandbox: {backend.problem()}")
    return backend


@pytest.fixture(scope="module")
def base(backend):
    spec = load_problem_dir(FIXTURES / "sum-list")
    return spec, materialise_tests(spec, backend)


def with_checker(base, source):
    spec, tests = base
    custom = dataclasses.replace(spec, checker={"type": "custom"}, checker_source=source)
    return custom, [dataclasses.replace(t, checker={"type": "custom"}) for t in tests]


def run(base, backend, checker_source, code=SOLUTION, mode="examples"):
    spec, tests = with_checker(base, checker_source)
    return grade(spec=spec, tests=tests, code=code, mode=mode, backend=backend)


def test_the_checker_gets_args_and_expected_and_its_partial_score_is_kept(base, backend):
    report = run(base, backend, DOUBLES)
    assert [t.verdict for t in report.tests] == [Verdict.AC, Verdict.AC]
    assert report.tests[0].message == "equal"
    partial = run(base, backend, DOUBLES, code="def total(xs):\n    return xs[0] if xs else 0\n")
    assert partial.tests[0].verdict == Verdict.WA
    assert partial.tests[0].score == 0.25
    assert partial.tests[0].message == "only the first element"
    assert "checker_ms" in partial.phases


def test_a_crashing_checker_is_a_wrong_answer_naming_the_checker(base, backend):
    report = run(base, backend, DOUBLES, code="def total(xs):\n    return 'x'\n")
    assert report.tests[0].verdict == Verdict.WA
    assert "checker.py failed" in report.tests[0].message
    assert "ValueError" in report.tests[0].message


def test_a_checker_returning_nonsense_is_a_wrong_answer(base, backend):
    report = run(base, backend, "def check(args, kwargs, expected, actual):\n    return 'yes'\n")
    assert report.tests[0].verdict == Verdict.WA
    assert "(score, message)" in report.tests[0].message


def test_an_infinite_loop_in_the_checker_stops_at_its_own_time_limit(base, backend):
    report = run(base, backend, "def check(args, kwargs, expected, actual):\n    while True:\n        pass\n")
    assert report.tests[0].verdict == Verdict.WA
    assert "checker.py failed" in report.tests[0].message
    assert "Time limit" in report.tests[0].message


def test_the_checker_cannot_see_the_workers_secrets_or_import_django(base, backend, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "worker-secret-key-for-the-test")
    leak = """
import os, sys
def check(args, kwargs, expected, actual):
    seen = [k for k in os.environ if "SECRET" in k or "DATABASE" in k]
    try:
        import django
        seen.append("django " + django.__file__)
    except ImportError:
        pass
    return (0.0 if seen else 1.0), "saw " + repr(seen)
"""
    assert os.environ["SECRET_KEY"]
    report = run(base, backend, leak)
    assert [t.verdict for t in report.tests] == [Verdict.AC, Verdict.AC], report.tests[0].message
    assert report.tests[0].message == "saw []"


def test_a_checker_that_imports_django_gets_a_clear_error(base, backend):
    report = run(
        base, backend, "import django\n\ndef check(args, kwargs, expected, actual):\n    return 1.0, ''\n"
    )
    assert report.tests[0].verdict == Verdict.WA
    assert "ModuleNotFoundError" in report.tests[0].message
    assert "django" in report.tests[0].message


def test_a_checker_printing_huge_output_is_stopped(base, backend):
    source = "def check(args, kwargs, expected, actual):\n    while True:\n        print('x' * 100000)\n"
    report = run(base, backend, source)
    assert report.tests[0].verdict == Verdict.WA
    assert "Output limit" in report.tests[0].message


def test_the_checker_never_runs_in_the_grading_process(base, backend, tmp_path):
    marker = tmp_path / "ran-here"
    source = f"""
def check(args, kwargs, expected, actual):
    open({str(marker)!r}, "w").write("checker ran in the worker")
    return 1.0, "wrote"
"""
    report = run(base, backend, source)
    assert not marker.exists()
    if backend.secure:  # the box has no such folder
        assert report.tests[0].verdict == Verdict.WA
