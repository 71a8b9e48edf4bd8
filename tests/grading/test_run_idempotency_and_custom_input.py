"""One submission per click (idempotency keys), "Run with custom input", and runs without scripts."""

from pathlib import Path

import pytest

from config.errors import ApplicationError
from interviews.models import Answer
from interviews.services import answer_save
from scoring import grading
from scoring.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
BANK = Path(__file__).resolve().parents[2] / "questionbank" / "bank" / "coding" / "stable-softmax"
REFERENCE = (BANK / "reference.py").read_text()


def _url(session, item):
    return f"/sessions/{session.pk}/items/{item.pk}/run/"


def test_a_double_post_with_one_key_makes_one_submission(alice_client, coding_round):
    session, item = coding_round
    data = {"kind": "examples", "text": REFERENCE, "base_revision": 0, "idempotency_key": "click-1"}
    first = alice_client.post(_url(session, item), data, headers=HTMX)
    second = alice_client.post(_url(session, item), data, headers=HTMX)
    assert first.status_code == second.status_code == 200
    assert Submission.objects.count() == 1
    assert Submission.objects.get().idempotency_key == "click-1"


def test_a_new_key_makes_a_new_submission(alice_client, coding_round):
    session, item = coding_round
    for key in ("click-1", "click-2"):
        alice_client.post(
            _url(session, item),
            {"kind": "examples", "text": REFERENCE, "base_revision": 0, "idempotency_key": key},
            headers=HTMX,
        )
    assert Submission.objects.count() == 2


def test_the_run_response_tells_the_page_the_answers_new_revision(alice_client, coding_round):
    session, item = coding_round
    response = alice_client.post(
        _url(session, item),
        {"kind": "examples", "text": "def softmax(x): ...", "base_revision": 0},
        headers=HTMX,
    )
    assert response["X-Answer-Revision"] == str(Answer.objects.get(item=item).revision) == "1"


def test_a_run_based_on_a_stale_revision_keeps_the_newer_answer(alice_client, coding_round):
    session, item = coding_round
    answer_save(session=session, item=item, text="newer code", base_revision=0)
    response = alice_client.post(
        _url(session, item), {"kind": "submit", "text": "older code", "base_revision": 0}, headers=HTMX
    )
    assert response.status_code == 409 and "changed elsewhere" in response.content.decode()
    assert Answer.objects.get(item=item).text == "newer code" and not Submission.objects.exists()


def test_without_scripts_a_run_lands_back_on_the_round_with_the_verdict_panel(alice_client, coding_round):
    session, item = coding_round
    response = alice_client.post(
        _url(session, item),
        {"kind": "examples", "text": REFERENCE, "base_revision": 0, "idempotency_key": "k"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{session.pk}/#panel-{item.pk}"
    page = alice_client.get(response["Location"]).content.decode()
    assert "your code was sent; the verdict is below" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type the arguments as JSON first"),
        ("[1, 2", "not valid JSON (line 1, column 6"),
        ('"just a string"', "Give a list of arguments"),
        ('{"args": [1], "extra": 2}', "Give a list of arguments"),
        ('[{"$ndarray": [1, 2], "dtype": "nope"}]', "cannot be read"),
    ],
)
def test_custom_input_is_checked_with_a_clear_message(alice_client, coding_round, text, message):
    session, item = coding_round
    response = alice_client.post(
        _url(session, item),
        {"kind": "custom", "text": REFERENCE, "base_revision": 0, "custom_input": text},
        headers=HTMX,
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Submission.objects.exists()


def test_custom_input_runs_in_the_sandbox_against_the_reference_output(alice, coding_round, submit):
    _session, item = coding_round
    arguments = '[{"$ndarray": [1, 2, 3], "dtype": "float64"}]'
    right = submit(user=alice, item=item, code=REFERENCE, kind="custom", custom_input=arguments)
    assert right.status == SubmissionStatus.DONE, right.error
    assert right.verdict == "AC" and right.total == 1
    shown = right.candidate_report["tests"][0]
    assert shown["name"] == "Your input" and shown["actual"]["$ndarray"][0] == pytest.approx(0.09003057317)
    wrong = submit(user=alice, item=item, code="def softmax(x, axis=-1):\n    return x\n", kind="custom",
                   custom_input=arguments)  # fmt: skip
    assert wrong.verdict == "WA"
    # Curators see the candidate's own input, not a stored test of the problem that has the same index.
    report = grading.curator_report(submission=wrong)
    assert report is not None
    full = report["tests"][0]
    assert full["args"] == [{"$ndarray": [1, 2, 3], "dtype": "float64"}] and full["expected"] is not None


def test_custom_input_the_reference_cannot_take_fails_with_a_reason(alice, coding_round, submit):
    _session, item = coding_round
    run = submit(
        user=alice, item=item, code=REFERENCE, kind="custom", custom_input='["not an array", 1, 2, 3]'
    )
    assert run.status == SubmissionStatus.FAILED
    assert "reference solution could not run on this input" in run.error


def test_an_over_long_idempotency_key_is_refused(alice, coding_round):
    _session, item = coding_round
    with pytest.raises(ApplicationError, match="longer than 64"):
        grading.submission_create(
            user=alice, item=item, code=REFERENCE, kind="examples", idempotency_key="k" * 65
        )
