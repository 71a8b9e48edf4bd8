"""feedback_answer prints one JSON object for one answer; feedback_recompute redoes old rounds."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from interviews.services import session_submit
from questionbank.models import RoundKind
from scoring.feedback import ENGINE_VERSION
from scoring.models import FeedbackStatus, RoundFeedback
from tests.factories import QuestionFactory

from .conftest import NOTES, STRONG

pytestmark = pytest.mark.django_db


def _run(*args, stdin=""):
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("feedback_answer", *args, stdout=out, stderr=err)
    finally:
        sys.stdin = old
    return out.getvalue(), err.getvalue()


def test_it_prints_one_json_object_with_the_documented_shape(tmp_path):
    QuestionFactory(slug="bias-variance", version__reviewer_notes=NOTES)
    answer = tmp_path / "a.txt"
    answer.write_text(STRONG, encoding="utf-8")
    out, _ = _run("bias-variance", str(answer))
    data = json.loads(out)
    assert set(data) == {"engine", "overall", "key_points", "red_flags"}
    assert data["engine"] == ENGINE_VERSION
    assert 0 <= data["overall"] <= 1
    assert [kp["text"] for kp in data["key_points"]] == NOTES["key_points"]
    for kp in data["key_points"]:
        assert set(kp) == {"text", "status", "score", "evidence"}
        assert kp["status"] in {"covered", "partly", "missing"}
        assert kp["status"] == "missing" or kp["evidence"] in STRONG
    assert data["red_flags"] == []


def test_the_shared_red_flags_come_from_the_bank(rubrics_and_flags):
    QuestionFactory(slug="bias-variance", version__reviewer_notes=NOTES)
    out, _ = _run("bias-variance", "-", stdin="Honestly my model will guarantee 100% accuracy in production.")
    flags = json.loads(out)["red_flags"]
    assert flags == [
        {
            "slug": "unrealistic-promises",
            "evidence": "Honestly my model will guarantee 100% accuracy in production.",
        }
    ]


def test_an_empty_answer_says_nothing_to_analyse():
    QuestionFactory(slug="bias-variance", version__reviewer_notes=NOTES)
    out, err = _run("bias-variance", "-", stdin="   \n")
    assert "Nothing to analyse" in err
    assert (
        all(kp["status"] == "missing" for kp in json.loads(out)["key_points"])
        or json.loads(out)["key_points"] == []
    )


ROOT = Path(__file__).resolve().parents[2]


def _exit_code(*args):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as info:
        _run(*args)
    return info.value.returncode, str(info.value)


def test_an_unknown_slug_exits_2():
    code, message = _exit_code("no-such-question", "-")
    assert code == 2
    assert "unknown question slug 'no-such-question'" in message


def test_a_coding_question_exits_2():
    QuestionFactory(slug="kmeans", round_kind=RoundKind.CODING)
    code, message = _exit_code("kmeans", "-")
    assert code == 2
    assert "coding question" in message


def _manage(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """manage.py in its own process, on its own SQLite file, as a shell user would run it."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input="x",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_the_exit_status_is_2_from_the_shell(tmp_path):
    assert _manage(tmp_path / "db.sqlite3", "migrate", "-v0").returncode == 0
    out = _manage(tmp_path / "db.sqlite3", "feedback_answer", "no-such-question", "-")
    assert out.returncode == 2
    assert "unknown question slug 'no-such-question'" in out.stderr


def test_a_database_that_was_never_migrated_gets_a_clear_message_not_a_traceback(tmp_path):
    out = _manage(tmp_path / "empty.sqlite3", "feedback_answer", "roc-auc-vs-pr-auc", "-")
    assert out.returncode == 2
    assert "cannot read the question bank" in out.stderr and "python manage.py migrate" in out.stderr
    assert "Traceback" not in out.stderr


def test_recompute_skips_rounds_the_engine_read_and_redoes_the_rest(alice_written_round):
    session_submit(session=alice_written_round)
    err = io.StringIO()
    out = io.StringIO()
    call_command("feedback_recompute", "--all", stdout=out, stderr=err)
    assert "done: 1" in out.getvalue()
    assert "1/1" in err.getvalue()  # the progress bar
    assert RoundFeedback.objects.get(session=alice_written_round).status == FeedbackStatus.DONE

    out = io.StringIO()
    call_command("feedback_recompute", "--all", stdout=out, stderr=io.StringIO())
    assert "skipped: 1" in out.getvalue()

    RoundFeedback.objects.update(engine="older-engine-0")
    out = io.StringIO()
    call_command("feedback_recompute", "--since", "2000-01-01", stdout=out, stderr=io.StringIO())
    assert "done: 1" in out.getvalue()
    assert RoundFeedback.objects.get().engine == ENGINE_VERSION


def test_recompute_rejects_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--since must be a date"):
        call_command("feedback_recompute", "--since", "yesterday", stdout=io.StringIO(), stderr=io.StringIO())
