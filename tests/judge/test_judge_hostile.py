"""The attacks of issue 11, as candidate solutions (tests/judge/hostile/judge/) graded on the sum-list fixture in
the real sandbox. Each docstring says how the attack fared against the old design (one harness process per
group of tests holding every input of the group, records and times written by that process, limits per
process). "Replayed" outcomes come from grading these files with main's grader before this change, on this
(heavily loaded) machine; the others are read from that code.

sum-list: tests 1-2 visible ([1, 2, 3], []), 3-5 hidden ([10, -4], [5], [100, 200, 300]).
"""

import dataclasses
import json
from pathlib import Path

import pytest

from scoring.judge.grader import grade
from scoring.judge.problem import load_problem_dir, materialise_tests
from scoring.judge.report import HIDDEN_TIME_STEP_MS
from scoring.judge.sandbox import get_backend

HOSTILE = Path(__file__).parent / "hostile" / "judge"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def backend():
    backend = get_backend("bwrap")
    if backend.problem():
        pytest.skip(f"bubblewrap sandbox not usable here: {backend.problem()}")
    return backend


@pytest.fixture(scope="module")
def sum_list(backend):
    spec = load_problem_dir(FIXTURES / "sum-list")
    return spec, materialise_tests(spec, backend)


def attack(sum_list, backend, program, mode="submit", **spec_changes):
    spec, tests = sum_list
    spec = dataclasses.replace(spec, **spec_changes)
    return grade(spec=spec, tests=tests, code=(HOSTILE / program).read_text(), mode=mode, backend=backend)


def verdicts(report):
    return [str(t.verdict) for t in report.tests]


def test_900_mb_of_shared_memory_under_a_64_mb_limit_is_mle(sum_list, backend):
    """Old design (replayed): TLE after ~1 s of CPU spent touching the 900 MB, which its memory limit allowed
    (RLIMIT_DATA ignores MAP_SHARED; RLIMIT_AS had 1 GB of headroom); never MLE."""
    report = attack(sum_list, backend, "shared_memory_900mb.py", mode="examples", memory_mb=64)
    assert verdicts(report) == ["MLE", "MLE"]
    assert "64 MB" in report.tests[0].message and "shared memory included" in report.tests[0].message
    assert all(t.memory_kb > 64 * 1024 for t in report.tests)


def test_six_children_holding_1_2_gb_under_256_mb_is_mle(sum_list, backend):
    """Old design (replayed): TLE by the wall clock with the 1.2 GB held; never MLE (each child stayed under the
    per-process RLIMIT_DATA of 256 MB)."""
    report = attack(sum_list, backend, "six_children.py", mode="examples", memory_mb=256)
    assert verdicts(report) == ["MLE", "MLE"]
    assert all(t.memory_kb > 256 * 1024 for t in report.tests)


def test_work_forked_ahead_at_import_counts_for_the_test(sum_list, backend):
    """Old design (replayed): TLE by the wall clock only, each test showing 0.1-0.3 ms of CPU: the helper's
    CPU counted for no test (on a quiet machine the helper finishes within the wall limit and the tests pass)."""
    report = attack(sum_list, backend, "fork_ahead.py", mode="examples")
    assert verdicts(report) == ["TLE", "TLE"]
    assert report.tests[0].message.startswith("Time limit:")


def test_no_test_can_read_another_tests_input(sum_list, backend):
    """Old design (replayed): every test but the first found other tests' inputs in its process
    (gc.get_objects() holds the job): the hidden tests returned each other's inputs."""
    report = attack(sum_list, backend, "read_other_inputs.py")
    leaks = [t.actual for t in report.tests if isinstance(t.actual, dict)]
    assert leaks == []
    assert verdicts(report) == ["AC"] * 5, [t.message for t in report.tests]


def test_forged_result_records_give_no_verdict_or_time(sum_list, backend):
    """Old design: a forged record (the first per test won) passed any test with the status, value and time it
    chose. Now a forged line is at most a value (the last one on fd 3), checked outside like a returned one:
    forging "AC with value 6" fares exactly as returning 6 does, and times are the supervisor's."""
    report = attack(sum_list, backend, "forge_result.py")
    assert verdicts(report) == ["AC", "WA", "AC", "WA", "WA"]  # expected 6, 0, 6, 5, 600
    assert all(t.time_ms != 0.001 for t in report.tests)
    assert "done 2" not in json.dumps(report.to_dict()["tests"][2:])


def test_a_forged_time_is_ignored_and_hidden_times_are_coarse(sum_list, backend):
    """Old design (read from its code): a record on the harness's channel (``harness._chan``) set cpu_ms for
    any test, hidden ones included. Replayed, this file itself was RE there (the old harness closed fd 3)."""
    report = attack(sum_list, backend, "time_channel.py")
    assert verdicts(report) == ["AC"] * 5
    assert all(t.time_ms < 1000 for t in report.tests)  # the supervisor's measure, not the forged one
    for shown in report.to_dict()["tests"][2:]:
        assert shown["time_ms"] % HIDDEN_TIME_STEP_MS == 0
