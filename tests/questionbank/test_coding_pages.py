"""Coding problems through the curator pages: the sandbox check after saving, its outcome and polling,
errors that name file, line and field, the rejudge offer, and the beat job that resends lost checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from questionbank import services
from questionbank.coding_checks import coding_validations_requeue
from questionbank.models import Question, QuestionVersion, Status, ValidationStatus

from .conftest import live_version, question_data

pytestmark = pytest.mark.django_db


PROBLEM_YAML = """slug: add-one
title: Add one
kind: algorithmic
difficulty: easy
topics: [bias-variance]
function: add_one
time_limit_s: 2
memory_mb: 256
checker: {type: exact}
tests:
  - name: small
    visible: true
    args: [1]
    expected: 2
  - name: negative
    args: [-5]
    expected: -4
"""
CODING_FORM = {
    "slug": "add-one",
    "problem_yaml": PROBLEM_YAML,
    "statement_md": "Return `x + 1`.\n",
    "starter_py": "def add_one(x):\n    return x\n",
    "reference_py": "def add_one(x):\n    return x + 1\n",
    "wrongs": "# === wrong/abs_value.py ===\ndef add_one(x):\n    return abs(x) + 1\n"
    "# === wrong/plus_two.py ===\ndef add_one(x):\n    return x + 2\n"
    "# === wrong/returns_input.py ===\ndef add_one(x):\n    return x\n",
    "minutes": "15",
    "key_points": "Adds one.",
}


def test_a_coding_problem_is_checked_in_the_sandbox_after_saving(
    carol, dave, carol_client, dave_client, topics, sandbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})
    assert response.status_code == 302
    assert len(callbacks) == 1, "the check is queued once the draft is committed"
    version = live_version(Question.objects.get(slug="add-one"))
    assert version.validation_status == ValidationStatus.PASSED, version.validation
    assert version.validation["reference"]["passed"] == 2
    assert {name: w["passed"] for name, w in version.validation["wrongs"].items()} == {
        "abs_value": 1,
        "plus_two": 0,
        "returns_input": 0,
    }

    page = carol_client.get("/bank/add-one/").content.decode()
    assert "Passed." in page and "The reference solution passes all 2 tests." in page

    carol_client.post("/bank/add-one/submit/")
    dave_client.post("/bank/add-one/approve/")
    assert Question.objects.get(slug="add-one").status == Status.PUBLISHED


def test_a_failing_check_blocks_publication_and_shows_why(
    carol, dave, carol_client, dave_client, topics, sandbox, django_capture_on_commit_callbacks
):
    broken = {**CODING_FORM, "reference_py": "def add_one(x):\n    return x + 2\n"}
    with django_capture_on_commit_callbacks(execute=True):
        carol_client.post("/bank/coding/new/", {**broken, "save": "1"})
    version = live_version(Question.objects.get(slug="add-one"))
    assert version.validation_status == ValidationStatus.FAILED
    carol_client.post("/bank/add-one/submit/")
    page = dave_client.get("/bank/add-one/").content.decode()
    assert "The reference solution fails 2 of 2 tests" in page
    assert "The sandbox check must pass before this problem can be published." in page
    dave_client.post("/bank/add-one/approve/")
    assert Question.objects.get(slug="add-one").status == Status.IN_REVIEW


def test_the_check_polls_while_it_waits_and_can_run_again(carol, carol_client, topics):
    carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})  # on_commit never runs in this test
    page = carol_client.get("/bank/add-one/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "Queued for the worker" in page
    fragment = carol_client.get("/bank/add-one/validation/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="workflow"') and "<html" not in fragment
    response = carol_client.post("/bank/add-one/validation/", follow=True)
    assert "Queued for the worker" in response.content.decode()


def test_coding_form_errors_name_the_file_line_and_field(carol_client, topics):
    bad = {**CODING_FORM, "problem_yaml": PROBLEM_YAML.replace("memory_mb: 256", "memory_mb: 9")}
    bad["reference_py"] = "def add_one(x) return x\n"
    response = carol_client.post("/bank/coding/new/", {**bad, "save": "1"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (
        "problem.yaml: line 8: memory_mb: must be an integer from 64 to 4096, got 9" in errors["problem_yaml"]
    )
    assert any(e.startswith("reference.py: line 1: syntax error") for e in errors["reference_py"])
    assert Question.objects.count() == 0


def test_a_tests_change_of_a_live_problem_offers_a_rejudge(carol, dave, dave_client, topics):
    spec = {"tests": [{"name": "a"}], "checker": {"type": "exact"}}
    data = question_data(slug="code-two", round_kind="coding", coding_spec=spec, problem_yaml="v: 1\n")
    question = services.question_create(data=data, author=carol)
    QuestionVersion.objects.update(validation_status=ValidationStatus.PASSED)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    assert "Rejudge past submissions" not in dave_client.get("/bank/code-two/").content.decode()

    changed = {"tests": [{"name": "a"}, {"name": "b"}], "checker": {"type": "exact"}}
    new = question_data(slug="code-two", round_kind="coding", coding_spec=changed, problem_yaml="v: 2\n")
    services.question_update(question=question, data=new, author=carol)
    QuestionVersion.objects.update(validation_status=ValidationStatus.PASSED)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    page = dave_client.get("/bank/code-two/").content.decode()
    assert "Rejudge past submissions" in page and 'action="/bank/code-two/rejudge/"' in page


def test_a_check_left_pending_or_whose_worker_died_is_sent_again_by_the_beat_job(
    carol, carol_client, topics, sandbox, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})  # its send never happened
    version = live_version(Question.objects.get(slug="add-one"))
    assert coding_validations_requeue() == 0  # just saved: its own send may still be on the way
    time_machine.shift(timedelta(seconds=61))
    assert coding_validations_requeue() == 1  # sent (and run eagerly here)
    version.refresh_from_db()
    assert version.validation_status == ValidationStatus.PASSED

    # A worker that died mid-check leaves it running; past the stale limit it is put back and sent.
    version.validation_status, version.validation = (
        ValidationStatus.RUNNING,
        {"started_at": "2020-01-01T00:00:00+00:00"},
    )
    version.save(update_fields=["validation_status", "validation"])
    assert coding_validations_requeue() == 1
    version.refresh_from_db()
    assert version.validation_status == ValidationStatus.PASSED
