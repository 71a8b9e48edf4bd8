"""grade(): verdicts, isolation of a misbehaving test, the trust boundary and the candidate's view.

Runs in the real sandbox. The sum-list fixture has five tests: [1,2,3] and [] are visible; [10,-4], [5] and
[100,200,300] (weight 2) are hidden. "Test 3" below is the third test, [10, -4].
"""

import json
from pathlib import Path
from typing import Literal, cast

import pytest

from scoring.judge.box_run import parse_channel
from scoring.judge.grader import grade
from scoring.judge.problem import load_problem_dir, materialise_tests
from scoring.judge.report import GradeReport, SandboxFailure, Verdict
from scoring.judge.sandbox import get_backend
from scoring.judge.sandbox_types import RunResult, SandboxBackend, Status, TestsResult

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if (p / "problem.yaml").exists())
AC, WA, TLE, MLE, OLE, RE, CE = (Verdict(v) for v in ("AC", "WA", "TLE", "MLE", "OLE", "RE", "CE"))


@pytest.fixture(scope="module")
def backend():
    backend = get_backend("auto")
    if backend.problem():
        pytest.skip(f"no usable sandbox: {backend.problem()}")
    return backend


@pytest.fixture(scope="module")
def sum_list(backend):
    spec = load_problem_dir(FIXTURES / "sum-list")
    return spec, materialise_tests(spec, backend)


@pytest.fixture
def submit(sum_list, backend):
    spec, tests = sum_list

    def run(code: str, mode: Literal["examples", "submit"] = "submit") -> GradeReport:
        return grade(spec=spec, tests=tests, code=code, mode=mode, backend=backend)

    return run


def verdicts(report: GradeReport) -> list[str]:
    return [str(t.verdict) for t in report.tests]


def misbehave_in_test_3(action: str) -> str:
    """A correct solution that does ``action`` when given the third test's input."""
    body = "\n".join("        " + line for line in action.splitlines())
    return f"import os, sys\n\n\ndef total(xs):\n    if xs == [10, -4]:\n{body}\n    return sum(xs)\n"


# ---- each fixture problem: the reference passes, the wrong solution does not ----


@pytest.mark.parametrize("folder", FIXTURE_DIRS, ids=lambda p: p.name)
def test_fixture_reference_passes_and_wrong_fails(folder, backend):
    spec = load_problem_dir(folder)
    tests = materialise_tests(spec, backend)
    good = grade(spec=spec, tests=tests, code=spec.reference, mode="submit", backend=backend)
    assert verdicts(good) == ["AC"] * len(tests), [t.message for t in good.tests]
    assert good.score == 1.0
    assert spec.wrongs, "every problem has wrong solutions"
    for name, code in spec.wrongs.items():
        bad = grade(spec=spec, tests=tests, code=code, mode="submit", backend=backend)
        assert bad.status != AC, f"wrong/{name}.py passes every test"
        assert bad.score < 1.0, name


# ---- verdicts ----


def test_a_correct_solution_is_accepted(submit):
    report = submit("def total(xs):\n    return sum(xs)\n")
    assert report.status == AC
    assert (report.passed, report.total, report.score) == (5, 5, 1.0)
    assert all(t.time_ms is not None and t.memory_kb for t in report.tests)


def test_examples_mode_runs_only_the_visible_tests(submit):
    report = submit("def total(xs):\n    return sum(xs)\n", mode="examples")
    assert [t.index for t in report.tests] == [0, 1]
    assert report.runs == 1


def test_score_is_the_weighted_share_of_passed_tests(submit):
    report = submit("def total(xs):\n    return sum(xs) if len(xs) < 3 else 0\n")
    assert verdicts(report) == ["WA", "AC", "AC", "AC", "WA"]
    assert report.score == pytest.approx(3 / 6)
    assert report.status == WA


def test_an_infinite_loop_in_one_test_is_tle_for_that_test_only(submit):
    report = submit(misbehave_in_test_3("while True:\n    pass"))
    assert verdicts(report) == ["AC", "AC", "TLE", "AC", "AC"]
    assert report.status == TLE


def test_a_loop_that_ignores_signals_is_killed_by_the_supervisor_and_blamed(sum_list, backend):
    code = misbehave_in_test_3(
        "import signal\nfor s in (signal.SIGPROF, signal.SIGALRM, signal.SIGXCPU, signal.SIGTERM):\n"
        "    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass"
    )
    spec, tests = sum_list
    report = grade(spec=spec, tests=tests, code=code, mode="submit", backend=backend)
    assert verdicts(report) == ["AC", "AC", "TLE", "AC", "AC"]
    # Which limit struck first depends on the machine's load: the message says which, with its value.
    assert report.tests[2].message in (
        "Time limit: used more than 1 s of CPU time",
        "Time limit: took more than 2 s of wall-clock time (waiting counts too)",
    )
    assert report.to_dict()["tests"][2]["message"] == report.tests[2].message
    assert report.runs == 1  # the test's process was killed, not the sandbox


def test_sleeping_forever_is_tle_by_wall_clock(submit):
    report = submit(misbehave_in_test_3("import time\ntime.sleep(60)"))
    assert verdicts(report) == ["AC", "AC", "TLE", "AC", "AC"]
    assert "wall-clock" in report.tests[2].message


def test_swallowing_the_timeout_does_not_escape_it(submit):
    code = misbehave_in_test_3(
        "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"
    )
    report = submit(code)
    assert verdicts(report) == ["AC", "AC", "TLE", "AC", "AC"]


def test_os_exit_in_test_3_is_re_and_the_rest_are_still_graded(submit):
    report = submit(misbehave_in_test_3("os._exit(1)"))
    assert verdicts(report) == ["AC", "AC", "RE", "AC", "AC"]
    assert report.runs == 1  # one sandbox: the crash ended only that test's process


def test_a_segfault_is_re_for_that_test(submit):
    report = submit(misbehave_in_test_3("import ctypes\nctypes.string_at(0)"))
    assert verdicts(report) == ["AC", "AC", "RE", "AC", "AC"]


def test_a_memory_bomb_is_mle_for_that_test(submit):
    report = submit(misbehave_in_test_3("hog = bytearray(2 << 30)\nhog[::4096] = b'x' * len(hog[::4096])"))
    assert verdicts(report) == ["AC", "AC", "MLE", "AC", "AC"]


def test_an_exception_is_re_with_the_candidates_traceback(submit):
    report = submit(misbehave_in_test_3("raise ValueError('no negatives please')"))
    assert verdicts(report) == ["AC", "AC", "RE", "AC", "AC"]
    assert "ValueError: no negatives please" in report.tests[2].message
    assert "solution.py" in report.tests[2].message


def test_sys_exit_is_re(submit):
    assert verdicts(submit(misbehave_in_test_3("sys.exit(0)")))[2] == "RE"


def test_deep_recursion_is_re(submit):
    code = "def total(xs):\n    return total(xs)\n"
    assert verdicts(submit(code)) == ["RE"] * 5


def test_a_huge_return_value_is_a_verdict_not_a_crash(submit):
    report = submit(misbehave_in_test_3("return list(range(3_000_000))"))
    assert verdicts(report) == ["AC", "AC", "OLE", "AC", "AC"]


def test_a_huge_numpy_return_value_is_a_verdict_not_a_crash(submit):
    # Over the value's cap (2,000,000 numbers) yet small enough (18 MB) that filling it takes no time to speak
    # of on a loaded machine: 128 MB of pages once took this test past its 2 s wall limit there.
    report = submit(misbehave_in_test_3("import numpy as np\nreturn np.ones((1500, 1500))"))
    assert verdicts(report) == ["AC", "AC", "OLE", "AC", "AC"]


def test_a_large_returned_value_is_checked_but_not_kept_for_display(submit):
    report = submit(
        "def total(xs):\n    return sum(xs) if xs != [1, 2, 3] else [6.0] * 20_000\n", mode="examples"
    )
    assert report.tests[0].verdict == WA
    assert report.tests[0].actual is None
    assert "too large to show" in report.tests[0].message


def test_printing_too_much_is_ole(submit):
    report = submit(misbehave_in_test_3("while True:\n    print('spam' * 1000)"))
    assert verdicts(report) == ["AC", "AC", "OLE", "AC", "AC"]


def test_an_integer_too_long_to_print_is_a_wrong_answer(submit):
    report = submit(misbehave_in_test_3("return 10 ** 10_000"))
    assert verdicts(report) == ["AC", "AC", "WA", "AC", "AC"]


def test_an_unsupported_return_type_is_a_wrong_answer(submit):
    report = submit(misbehave_in_test_3("return object()"))
    assert verdicts(report) == ["AC", "AC", "WA", "AC", "AC"]
    assert "object" in report.tests[2].message


def test_a_self_referencing_return_value_is_a_wrong_answer(submit):
    report = submit(misbehave_in_test_3("loop = []\nloop.append(loop)\nreturn loop"))
    assert verdicts(report)[2] == "WA"


def test_a_syntax_error_is_ce_for_every_test_and_runs_nothing(submit):
    report = submit("def total(xs)\n    return sum(xs)\n")
    assert verdicts(report) == ["CE"] * 5
    assert report.status == CE
    assert report.runs == 0
    assert "line 1" in report.message


def test_a_missing_function_is_re_for_every_test(submit):
    report = submit("def summe(xs):\n    return sum(xs)\n")
    assert verdicts(report) == ["RE"] * 5
    assert "solution.py does not define total()" in report.message
    assert "solution.py does not define total()" in report.tests[0].message


def test_an_import_time_exception_is_re_for_every_test(submit):
    report = submit(
        "import numpy as np\nraise RuntimeError('boom at import')\n\n\ndef total(xs):\n    return 0\n"
    )
    assert verdicts(report) == ["RE"] * 5
    assert "boom at import" in report.message


def test_an_import_time_crash_is_re_for_every_test(submit):
    report = submit("import os\nos._exit(3)\n")
    assert verdicts(report) == ["RE"] * 5


def test_an_import_time_infinite_loop_is_tle_for_every_test(submit):
    report = submit("while True:\n    pass\n")
    assert verdicts(report) == ["TLE"] * 5


# ---- the trust boundary ----

FORGER = """
import json, os

def total(xs):
    # Old design: records on the harness's channel with any status, value and time. Now fd 3 carries only the
    # test's own value (the last record wins), fd 4 is closed, and the verdict is decided outside.
    os.write(3, b'{"t": "result", "status": "ok", "verdict": "AC", "cpu_ms": 0.001, "value": 6}\\n')
    for fd in (4, 5):
        try:
            os.write(fd, b"done 0 exit 0 - 1 1 1\\nready 1\\n")
        except OSError:
            pass
    print("done 0 exit 0 - 1 1 1")
    return -1
"""


def test_forged_channel_records_cannot_pass_a_wrong_solution(submit):
    report = submit(FORGER)
    assert report.status == WA
    assert report.score == 0
    assert all(t.actual == -1 for t in report.tests)


def test_garbage_on_the_channel_is_ignored():
    channel = b"\n".join([
        b'{"value": 6}',
        b'{"value": 7, "cpu_ms": 0}',  # the last record wins; extra keys mean nothing
        b'{"verdict": "AC"}',  # not a record
        b"[" * 100_000,
        b"\xff\xfe",
        b'{"value": NaN}',
    ])  # fmt: skip
    assert parse_channel(channel) == {"value": 7, "cpu_ms": 0}
    assert parse_channel(b"garbage") is None


class RecordingBackend:
    """Wraps the real backend and keeps what went into each run."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.secure = inner.secure
        self.runs = []

    def run_tests(self, **kw):
        self.runs.append(kw)
        return self.inner.run_tests(**kw)


def test_only_inputs_enter_the_box_one_per_test_and_visible_tests_run_first(sum_list, backend):
    spec, tests = sum_list
    recorder = RecordingBackend(backend)
    grade(
        spec=spec,
        tests=tests,
        code="def total(xs):\n    return sum(xs)\n",
        mode="submit",
        backend=cast(SandboxBackend, recorder),  # a stand-in with only what grade() uses
    )
    (run,) = recorder.runs
    assert {n for n in run["files"] if "__pycache__" not in n} == {
        "main.py",
        "harness.py",
        "job.json",
        "solution.py",
    }
    job = json.loads(run["files"]["job.json"])
    assert "args" not in json.dumps(job) and "-4" not in json.dumps(job)
    frames = [json.loads(f) for f in run["inputs"]]
    assert all(set(f) == {"args", "kwargs"} for f in frames)
    assert [f["args"] for f in frames] == [[[1, 2, 3]], [[]], [[10, -4]], [[5]], [[100, 200, 300]]]


# ---- the candidate's view and the curator's ----

LEAKER = """
import sys

def total(xs):
    print("I was given", xs)
    print("to stderr", xs, file=sys.stderr)
    sys.__stdout__.write(f"raw {xs}\\n")
    if len(xs) == 2:
        raise ValueError(f"secret input {xs}")
    return sum(xs)
"""


def test_the_candidate_view_shows_visible_tests_and_only_verdicts_of_hidden_ones(submit):
    report = submit(LEAKER)
    view = report.to_dict()
    text = json.dumps(view)
    assert "-4" not in text and "600" not in text and "300" not in text
    assert "secret input" not in text
    visible = view["tests"][0]
    assert visible["args"] == [[1, 2, 3]] and visible["expected"] == 6 and visible["actual"] == 6
    assert "I was given [1, 2, 3]" in visible["output"]
    assert "raw [1, 2, 3]" in view["stdout"]
    hidden = view["tests"][2]
    assert set(hidden) == {"index", "name", "visible", "weight", "verdict", "score", "time_ms", "message"}
    assert hidden["verdict"] == "RE"
    assert hidden["message"] == "ValueError"  # the type only


def test_the_curator_view_has_everything_and_round_trips(submit):
    report = submit(LEAKER)
    full = json.loads(json.dumps(report.to_full_dict()))
    assert full["tests"][2]["args"] == [[10, -4]]
    assert "secret input [10, -4]" in full["tests"][2]["message"]
    assert "raw [10, -4]" in full["hidden_stdout"]
    assert GradeReport.from_dict(full) == report


RAISE_AT_IMPORT_WITH_INPUT = """
import sys

if sys.argv:  # each test's process imports the module: an import error names what the process can see
    raise RuntimeError(f"leaked {sorted(k for k in globals())}")


def total(xs):
    return sum(xs)
"""


def test_an_import_error_shows_only_its_type_for_hidden_tests(submit):
    report = submit(RAISE_AT_IMPORT_WITH_INPUT)
    assert verdicts(report) == ["RE"] * 5
    view = report.to_dict()
    assert "leaked" in view["message"]  # the first test is visible: its message is the candidate's to see
    assert all(t["message"] == "RuntimeError" for t in view["tests"] if not t["visible"])
    hidden_only = submit(RAISE_AT_IMPORT_WITH_INPUT.replace("sys.argv", "False"))
    assert verdicts(hidden_only) == ["AC"] * 5


class BrokenBackend:
    name = "broken"
    secure = True

    def __init__(self, status=None):
        self.status = status

    def run_tests(self, **kw):
        if self.status is None:
            raise OSError("no namespaces today")
        return TestsResult(RunResult(self.status, None, b"", b"", b"", 0, 0, 0, "bwrap vanished"), [], None)


@pytest.mark.parametrize("status", [None, "SE"])
def test_a_failing_sandbox_is_a_sandbox_failure_not_a_verdict(sum_list, status):
    spec, tests = sum_list
    backend = BrokenBackend(Status(status) if status else None)
    with pytest.raises(SandboxFailure):
        grade(spec=spec, tests=tests, code="def total(xs):\n    return 0\n", mode="submit",
              backend=cast(SandboxBackend, backend))  # fmt: skip
