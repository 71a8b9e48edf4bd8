"""Submitting a written round starts the automatic feedback; the results page shows it, labelled."""

import pytest
from django.urls import reverse

from interviews.models import SessionStatus
from interviews.services import session_submit
from scoring import machine_feedback
from scoring.feedback import ENGINE_VERSION
from scoring.models import AnswerFeedback, FeedbackStatus, RoundFeedback

pytestmark = pytest.mark.django_db


def _submit(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert session_submit(session=session)


def test_submitting_a_written_round_analyses_it_with_the_engine_version(
    alice_written_round, django_capture_on_commit_callbacks
):
    _submit(alice_written_round, django_capture_on_commit_callbacks)
    feedback = RoundFeedback.objects.get(session=alice_written_round)
    assert feedback.status == FeedbackStatus.DONE
    assert feedback.engine == ENGINE_VERSION
    rows = AnswerFeedback.objects.filter(round_feedback=feedback)
    assert rows.count() == alice_written_round.items.count()
    first = rows.first()
    assert first is not None
    assert [kp["status"] for kp in first.result["key_points"]] == ["covered", "covered", "covered"]
    assert feedback.overall is not None and feedback.confidence is not None
    assert 0 < feedback.overall <= 1 and 0 < feedback.confidence <= 1


def test_the_results_page_polls_while_pending_then_shows_the_labelled_read(
    alice_client, alice_written_round, django_capture_on_commit_callbacks
):
    assert session_submit(session=alice_written_round)  # on_commit not run: the row stays PENDING
    url = reverse("scoring:session-machine-feedback", args=[alice_written_round.pk])
    pending = alice_client.get(url, headers={"HX-Request": "true"})
    assert pending.status_code == 200
    assert 'hx-trigger="every 1s"' in pending.content.decode()
    assert "Analysing your answers" in pending.content.decode()

    assert machine_feedback.round_feedback_run(session_id=alice_written_round.pk) == "done"
    done = alice_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done
    assert "Automatic feedback" in done and "machine read, not a reviewer" in done
    assert "confidence" in done
    assert "Covered:" in done
    assert '<mark class="mf-point">' in done
    results = alice_client.get(reverse("interviews:session-results", args=[alice_written_round.pk]))
    assert (
        reverse("scoring:session-machine-feedback", args=[alice_written_round.pk]) in results.content.decode()
    )


def test_a_round_submitted_in_bulk_gets_its_row_when_the_page_asks(alice_client, alice_written_round):
    from interviews.models import InterviewSession

    InterviewSession.objects.filter(pk=alice_written_round.pk).update(status=SessionStatus.SUBMITTED)
    assert not RoundFeedback.objects.exists()
    alice_client.get(reverse("scoring:session-machine-feedback", args=[alice_written_round.pk]))
    assert RoundFeedback.objects.filter(session=alice_written_round, status=FeedbackStatus.PENDING).exists()


def test_a_failing_analysis_is_stored_and_never_blocks_the_submit(
    alice_client, alice_written_round, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("model file is corrupt")

    monkeypatch.setattr(machine_feedback, "analyse_with_llm", broken)
    _submit(alice_written_round, django_capture_on_commit_callbacks)
    alice_written_round.refresh_from_db()
    assert alice_written_round.status == SessionStatus.SUBMITTED
    feedback = RoundFeedback.objects.get(session=alice_written_round)
    assert feedback.status == FeedbackStatus.FAILED
    assert "model file is corrupt" in feedback.message
    page = alice_client.get(reverse("scoring:session-machine-feedback", args=[alice_written_round.pk]))
    assert "could not run" in page.content.decode()


def test_running_twice_is_a_no_op(alice_written_round, django_capture_on_commit_callbacks):
    _submit(alice_written_round, django_capture_on_commit_callbacks)
    assert machine_feedback.round_feedback_run(session_id=alice_written_round.pk) == "already-done"


def test_evidence_is_escaped_inside_the_marks():
    from scoring.machine_feedback_views import highlight

    text = "Use <script>alert(1)</script> & bias squared. Next."
    html = highlight(text, [(0, text.index(" Next"), "point")])
    assert "<script>" not in html
    assert (
        html
        == '<mark class="mf-point">Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; bias squared.</mark> Next.'
    )
