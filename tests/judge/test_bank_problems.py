"""Every coding problem in the bank: it loads, its tests materialise, the reference passes every test and
every wrong solution (wrong/*.py) fails at least one, in the real sandbox. Collects whatever problem folders exist."""

import re
from pathlib import Path

import pytest

from scoring.judge.grader import grade
from scoring.judge.problem import load_problem_dir, materialise_tests
from scoring.judge.report import Verdict
from scoring.judge.sandbox import get_backend

CODING = Path(__file__).resolve().parents[2] / "questionbank" / "bank" / "coding"
PROBLEMS = sorted(p for p in CODING.iterdir() if p.is_dir()) if CODING.is_dir() else []


@pytest.fixture(scope="module")
def backend():
    backend = get_backend("auto")
    if backend.problem():
        pytest.skip(f"no usable sandbox: {backend.problem()}")
    return backend


@pytest.mark.parametrize("folder", PROBLEMS, ids=lambda p: p.name)
def test_reference_passes_every_test_and_each_wrong_solution_fails_one(folder, backend):
    spec = load_problem_dir(folder)
    tests = materialise_tests(spec, backend)
    assert any(t.visible for t in tests), "at least one visible example"

    reference = grade(spec=spec, tests=tests, code=spec.reference, mode="submit", backend=backend)
    failures = [f"{t.name}: {t.verdict} {t.message}" for t in reference.tests if t.verdict != Verdict.AC]
    assert not failures, failures
    assert reference.score == 1.0

    uncaught = [
        f"wrong/{name}.py"
        for name, code in spec.wrongs.items()
        if (report := grade(spec=spec, tests=tests, code=code, mode="submit", backend=backend)).passed
        == report.total
    ]
    assert not uncaught, f"{uncaught} pass every test: the tests have no teeth"

    starter = grade(spec=spec, tests=tests, code=spec.starter, mode="examples", backend=backend)
    assert starter.status != Verdict.CE, starter.message


# ---- what every statement tells the candidate (no sandbox needed) ----


@pytest.mark.parametrize("folder", PROBLEMS, ids=lambda p: p.name)
def test_the_statement_states_its_limits_sizes_and_grading_and_keeps_the_probes_for_later(folder):
    spec = load_problem_dir(folder)
    statement = " ".join(spec.statement.split())  # line breaks do not matter
    assert f"{spec.time_limit_s:g} s of CPU" in statement, "the time limit it is graded with"
    assert f"{spec.memory_mb} MB" in statement, "the memory limit it is graded with"
    # The sizes: the largest hidden tests, or bounds in the input section ("up to 10^5", "n <= 10^5").
    sizes = r"hidden tests? (have|has|go|compare|include|use|are)|up to \S*\d|<= ?\S*\d"
    assert re.search(sizes, statement, re.I), "the input sizes"
    graded = ("graded", "grader", "grading", "checked", "allclose", "tolerance")
    assert any(word in statement.lower() for word in graded), "how it is graded"
    # The interviewer's probes are follow-ups (curation.yaml), shown on the results page after the round.
    assert "What the interviewer will probe" not in statement


@pytest.mark.parametrize("folder", PROBLEMS, ids=lambda p: p.name)
def test_a_complexity_claim_is_backed_by_a_too_slow_wrong_solution(folder):
    spec = load_problem_dir(folder)
    statement = " ".join(spec.statement.split()).lower()
    if "exceeds the time limit" in statement or "too slow" in statement:
        assert any(name.startswith("too_slow") for name in spec.wrongs), (
            "a complexity claim needs wrong/too_slow*.py"
        )
