"""A curator's checker.py runs in the sandbox during the publication check: a hostile one fails validation with
a clear message, and never sees the worker's secret key or database. (In the old design the check exec'd
checker.py in the worker: this one's loop hung it, and it could read SECRET_KEY from settings.)"""

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from questionbank.validation import check_coding_spec
from scoring.judge.problem import load_problem_dir

SUM_LIST = Path(__file__).resolve().parents[1] / "judge" / "fixtures" / "sum-list"


def spec_with_checker(source: str) -> dict[str, Any]:
    spec = load_problem_dir(SUM_LIST)
    tests = [dataclasses.replace(t, checker={"type": "custom"}) for t in spec.tests]
    return dataclasses.replace(spec, checker={"type": "custom"}, checker_source=source, tests=tests).to_dict()


def test_an_infinite_loop_in_checker_py_is_a_clear_validation_error(sandbox):
    outcome = check_coding_spec(
        spec_with_checker("def check(args, kwargs, expected, actual):\n    while 1:\n        pass\n")
    )
    assert not outcome.passed
    assert "checker.py failed" in outcome.message and "Time limit" in outcome.message
    assert outcome.file_problems[0][0] == "reference.py"


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("import django\nfrom django.conf import settings\n\ndef check(a, k, e, x):\n    return 1.0, settings.SECRET_KEY\n",
         "ModuleNotFoundError"),
        ("import os\n\ndef check(a, k, e, x):\n    return (0.0 if 'SECRET_KEY' in os.environ or 'DATABASE_URL' in os.environ else 1.0), 'env'\n",
         None),
    ],
)  # fmt: skip
def test_a_checker_reaching_for_secrets_finds_none(sandbox, settings, source, words):
    settings.SECRET_KEY = "the-worker-secret-for-this-test"
    outcome = check_coding_spec(spec_with_checker(source))
    assert "the-worker-secret-for-this-test" not in str(outcome.data) + outcome.message
    if words:
        assert not outcome.passed and words in outcome.message
    else:
        assert outcome.data["reference"]["passed"] == outcome.data["reference"]["total"]
