"""What the judge tells the candidate: read-only inputs checked, the limit that struck, the exception type only on
hidden tests and the traceback trimmed to the candidate's code on visible ones, limits shown with the statement."""

import dataclasses
import shutil
from pathlib import Path

import pytest

from scoring.judge.grader import READ_ONLY_MESSAGE, grade
from scoring.judge.problem import BankError, ProblemSpec, load_problem_dir, materialise_tests
from scoring.judge.report import Verdict
from scoring.judge.sandbox import get_backend

FIXTURES = Path(__file__).parent / "fixtures"
MUTATES = "def total(xs):\n    s = sum(xs)\n    xs.append(0)\n    return s\n"


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


def test_modifying_a_read_only_input_is_a_wrong_answer_that_names_the_fix(sum_list, backend):
    spec, tests = sum_list
    read_only = dataclasses.replace(spec, inputs_read_only=True)
    report = grade(spec=read_only, tests=tests, code=MUTATES, mode="submit", backend=backend)
    assert [t.verdict for t in report.tests] == [Verdict.WA] * 5
    assert report.tests[0].message == READ_ONLY_MESSAGE
    assert (
        report.to_dict()["tests"][3]["message"] == READ_ONLY_MESSAGE
    )  # a fixed sentence: fine on hidden tests
    copying = "def total(xs):\n    xs = list(xs)\n    xs.append(0)\n    return sum(xs)\n"
    assert (
        grade(spec=read_only, tests=tests, code=copying, mode="submit", backend=backend).status == Verdict.AC
    )


def test_without_the_rule_modifying_inputs_is_allowed(sum_list, backend):
    spec, tests = sum_list
    assert grade(spec=spec, tests=tests, code=MUTATES, mode="submit", backend=backend).status == Verdict.AC


def test_numpy_inputs_modified_in_place_are_caught(backend):
    spec = load_problem_dir(FIXTURES / "row-normalise")
    spec = dataclasses.replace(spec, inputs_read_only=True)
    tests = materialise_tests(spec, backend)
    mutate = spec.reference.replace("def ", "def _reference_", 1) + (
        f"\n\ndef {spec.function}(*args, **kwargs):\n"
        "    out = _reference_" + spec.function + "(*args, **kwargs)\n"
        "    args[0][...] = 0\n    return out\n"
    )
    report = grade(spec=spec, tests=tests, code=mutate, mode="examples", backend=backend)
    assert all(t.message == READ_ONLY_MESSAGE for t in report.tests)


def test_inputs_read_only_is_loaded_and_round_trips(tmp_path):
    folder = tmp_path / "sum-list"
    shutil.copytree(FIXTURES / "sum-list", folder)
    yaml = folder / "problem.yaml"
    yaml.write_text(yaml.read_text() + "inputs_read_only: true\n")
    spec = load_problem_dir(folder)
    assert spec.inputs_read_only is True
    assert ProblemSpec.from_dict(spec.to_dict()) == spec
    yaml.write_text(yaml.read_text().replace("inputs_read_only: true", "inputs_read_only: sometimes"))
    with pytest.raises(BankError, match="inputs_read_only: must be true or false"):
        load_problem_dir(folder)


def test_limits_are_on_the_spec_for_the_statement():
    spec = load_problem_dir(FIXTURES / "sum-list")
    assert spec.limits == {
        "time_limit_s": 1.0, "memory_mb": 256, "text": "1 s of CPU time and 256 MB of memory per test",
    }  # fmt: skip


def test_a_runtime_error_shows_the_candidates_frames_on_visible_tests_and_the_type_on_hidden(
    sum_list, backend
):
    spec, tests = sum_list
    code = "def helper(xs):\n    return xs[10]\n\n\ndef total(xs):\n    return helper(xs)\n"
    report = grade(spec=spec, tests=tests, code=code, mode="submit", backend=backend)
    visible = report.tests[0].message
    assert visible.startswith("IndexError: list index out of range")
    assert 'solution.py", line 2, in helper' in visible and "line 6, in total" in visible
    assert "harness" not in visible and "main.py" not in visible
    assert [t["message"] for t in report.to_dict()["tests"][2:]] == ["IndexError"] * 3


def test_an_exception_class_named_after_the_input_shows_no_name(sum_list, backend):
    spec, tests = sum_list
    code = "def total(xs):\n    raise type('Leak_' + '_'.join(map(str, xs)).replace('-', 'm'), (Exception,), {})()\n"
    report = grade(spec=spec, tests=tests, code=code, mode="submit", backend=backend)
    hidden = report.to_dict()["tests"][2]
    assert hidden["verdict"] == "RE"
    assert hidden["message"] == "an exception of a type the program defined"
    assert "Leak_1_2_3" in report.tests[0].message  # the visible test: its own input, the candidate's to see
