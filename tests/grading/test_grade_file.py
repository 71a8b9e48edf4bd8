"""`manage.py grade_file SLUG FILE [--mode]`: the worker's grading path, from the command line, as JSON."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from questionbank.models import Question


def grade_file(*args):
    out = StringIO()
    call_command("grade_file", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def sandbox_ok():
    from scoring.sandboxing import sandbox_status

    status = sandbox_status()
    if not status.usable:
        pytest.skip(f"no usable sandbox: {status.detail}")


def _spec() -> dict[str, Any]:
    version = Question.objects.get(slug="stable-softmax").current_version
    assert version is not None and version.coding_spec is not None
    spec: dict[str, Any] = version.coding_spec
    return spec


def test_the_reference_is_graded_on_every_test(coding_bank, sandbox_ok, tmp_path):
    path = tmp_path / "solution.py"
    path.write_text(_spec()["reference"])
    report = grade_file("stable-softmax", str(path))
    assert (report["status"], report["passed"], report["total"]) == ("AC", 10, 10)
    assert report["mode"] == "submit"
    assert any(t["hidden"] for t in report["tests"])
    assert set(report["tests"][0]) == {"name", "hidden", "status", "time_ms", "message"}
    assert all(t["status"] == "AC" and t["time_ms"] is not None for t in report["tests"])


def test_examples_mode_and_a_failing_solution(coding_bank, sandbox_ok, tmp_path):
    path = tmp_path / "wrong.py"
    path.write_text("def softmax(x):\n    raise ValueError('not yet')\n")
    function = _spec()["function"]
    path.write_text(f"def {function}(*args, **kwargs):\n    raise ValueError('not yet')\n")
    report = grade_file("stable-softmax", str(path), "--mode", "examples")
    assert report["mode"] == "examples"
    assert report["status"] == "RE" and report["passed"] == 0
    assert not any(t["hidden"] for t in report["tests"])
    assert "ValueError: not yet" in report["tests"][0]["message"]


def test_an_unknown_slug_is_exit_2(db, tmp_path):
    path = tmp_path / "solution.py"
    path.write_text("x = 1\n")
    with pytest.raises(CommandError, match="no problem with the slug 'nope'") as caught:
        call_command("grade_file", "nope", str(path))
    assert caught.value.returncode == 2


def test_a_missing_file_is_exit_2(coding_bank, tmp_path):
    with pytest.raises(CommandError, match="no such file") as caught:
        call_command("grade_file", "stable-softmax", str(tmp_path / "missing.py"))
    assert caught.value.returncode == 2
