"""The review form: what it shows, autosave, submitting once complete, the coding pre-fill, access."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interviews.services import answer_save, practice_start, session_submit
from questionbank.models import RoundConfig, RoundKind
from scoring import services
from scoring.models import Review, ReviewStatus, Submission, SubmissionKind, SubmissionStatus

from .builders import claim_next, criteria_keys, full_input, make_reviewer, questions, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def claim(calibrated_bob, submitted):
    return services.queue_claim_next(reviewer=calibrated_bob)


def _url(review, action=""):
    return f"/reviews/{review.pk}/{action + '/' if action else ''}"


def _complete_post(keys, score="3", **extra):
    data = {f"score_{k}": score for k in keys}
    data |= {f"comment_{k}": f"note on {k}" for k in keys}
    data |= {"recommendation": "3", "summary": "Solid overall."}
    data.update(extra)
    return data


def test_the_form_shows_the_work_notes_rubric_and_red_flags(bob_client, claim):
    page = bob_client.get(_url(claim)).content.decode()
    assert "My answer" in page  # the candidate's answers
    assert "SECRET-NOTE: decomposition of error" in page  # the question's reviewer notes
    for criterion in claim.rubric_version.criteria:
        assert criterion["title"] in page
        assert criterion["levels"]["4"][:40] in page  # level descriptors next to the choices
    assert "Runs down former employers" in page  # the red-flag checklist
    assert "Strong no hire" in page and "Strong hire" in page
    assert 'hx-post="/reviews/' in page and f'action="/reviews/{claim.pk}/submit/"' in page


def test_the_form_shows_design_sections_with_their_notes(alice, calibrated_bob, bob_client):
    make_reviewer(calibrated_bob, RoundKind.ML_SYSTEM_DESIGN)
    questions(RoundKind.ML_SYSTEM_DESIGN, 2, section_notes={"serving": "SECTION-NOTE: latency budget"})
    session = practice_start(candidate=alice, round_kind=RoundKind.ML_SYSTEM_DESIGN)
    answer_save(session=session, item=session.items.all()[0], text="p99 under 50 ms", section="serving")
    session_submit(session=session)
    review = claim_next(reviewer=calibrated_bob)
    page = bob_client.get(_url(review)).content.decode()
    assert "Serving" in page and "p99 under 50 ms" in page and "SECTION-NOTE: latency budget" in page
    assert "Time management" in page  # the design rubric's extra rows


def test_autosave_keeps_a_partial_draft(bob_client, claim):
    key = criteria_keys(RoundKind.ML_BREADTH)[0]
    response = bob_client.post(
        _url(claim, "save"),
        {
            f"score_{key}": "2",
            f"comment_{key}": "Mixed up bias and variance",
            "red_flags": ["asks-no-questions"],
        },
        headers=HTMX,
    )
    assert response.status_code == 200 and "Draft saved at" in response.content.decode()
    claim.refresh_from_db()
    assert claim.scores == {key: 2} and claim.comments == {key: "Mixed up bias and variance"}
    assert list(claim.red_flags.values_list("key", flat=True)) == ["asks-no-questions"]
    assert claim.status == ReviewStatus.DRAFT
    assert "Mixed up bias and variance" in bob_client.get(_url(claim)).content.decode()


def test_autosave_refuses_a_level_outside_one_to_four(bob_client, claim):
    key = criteria_keys(RoundKind.ML_BREADTH)[0]
    response = bob_client.post(_url(claim, "save"), {f"score_{key}": "7"}, headers=HTMX)
    assert response.status_code == 400 and "level from 1 to 4" in response.content.decode()


def test_without_htmx_saving_redirects_back_to_the_form(bob_client, claim):
    response = bob_client.post(_url(claim, "save"), {})
    assert response.status_code == 302 and response.url == _url(claim)


def test_submitting_an_incomplete_review_names_what_is_missing_and_keeps_the_rest(bob_client, claim):
    keys = criteria_keys(RoundKind.ML_BREADTH)
    data = _complete_post(keys[1:])
    del data["recommendation"]
    response = bob_client.post(_url(claim, "submit"), data)
    page = response.content.decode()
    assert response.status_code == 400
    title = claim.rubric_version.criteria[0]["title"]
    assert f"Choose a level for {title}." in page and "Choose a recommendation." in page
    assert f'href="#score_{keys[0]}"' in page
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.DRAFT
    assert claim.scores == {k: 3 for k in keys[1:]}


def test_a_complete_review_is_submitted_once(bob_client, claim):
    keys = criteria_keys(RoundKind.ML_BREADTH)
    response = bob_client.post(_url(claim, "submit"), _complete_post(keys))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.SUBMITTED and claim.recommendation == 3
    again = bob_client.post(_url(claim, "save"), _complete_post(keys, "1"), headers=HTMX)
    assert again.status_code == 409
    claim.refresh_from_db()
    assert set(claim.scores.values()) == {3}


def test_an_expired_claim_cannot_be_saved(bob_client, claim, settings):
    Review.objects.filter(pk=claim.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    response = bob_client.post(_url(claim, "save"), {}, headers=HTMX)
    assert response.status_code == 409 and "ran out" in response.content.decode()


def test_giving_a_claim_back_frees_the_place(bob_client, claim):
    response = bob_client.post(_url(claim, "release"))
    assert response.status_code == 302 and not Review.objects.filter(pk=claim.pk).exists()


@pytest.fixture
def coding_round(alice):
    questions(RoundKind.CODING, 1, coding_spec={"starter": "def f(): ..."})
    session = submitted_round(alice, RoundKind.CODING, text="def f():\n    return 42\n")
    item = session.items.get()
    Submission.objects.create(
        user=alice,
        item=item,
        question_version=item.question_version,
        kind=SubmissionKind.SUBMIT,
        code="def f():\n    return 42\n",
        status=SubmissionStatus.DONE,
        score=0.85,
        passed=17,
        total=20,
        verdict="WA",
    )
    return session


def test_coding_correctness_is_prefilled_from_the_hidden_tests(bob_client, calibrated_bob, coding_round):
    review = claim_next(reviewer=calibrated_bob)
    assert review.grader_score == 0.85 and review.grader_level == 3
    assert review.scores == {"correctness": 3}
    page = bob_client.get(_url(review)).content.decode()
    assert "Pre-filled from the hidden tests" in page and "17 of 20 passed" in page
    assert 'name="score_correctness" value="3" checked' in page


def test_overriding_the_grader_needs_a_reason(bob_client, calibrated_bob, coding_round):
    review = claim_next(reviewer=calibrated_bob)
    keys = criteria_keys(RoundKind.CODING)
    response = bob_client.post(_url(review, "submit"), _complete_post(keys, score="2"))
    assert response.status_code == 400
    assert "from the grader&#x27;s level 3 to 2: say why" in response.content.decode()
    response = bob_client.post(
        _url(review, "submit"),
        _complete_post(keys, score="2", override_reason="Passes only because the tests are lenient"),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_submitted and review.scores["correctness"] == 2


def test_keeping_the_graders_level_needs_no_reason(bob_client, calibrated_bob, coding_round):
    review = claim_next(reviewer=calibrated_bob)
    keys = criteria_keys(RoundKind.CODING)
    response = bob_client.post(_url(review, "submit"), _complete_post(keys, score="3"))
    assert response.status_code == 302


def test_grader_score_for_item_is_the_latest_graded_submit(alice, coding_round):
    from scoring.selectors import grader_score_for_item

    item = coding_round.items.get()
    assert grader_score_for_item(item) == 0.85
    Submission.objects.create(
        user=alice, item=item, question_version=item.question_version, kind=SubmissionKind.EXAMPLES,
        code="x", status=SubmissionStatus.DONE, score=0.1,
    )  # fmt: skip
    Submission.objects.create(
        user=alice, item=item, question_version=item.question_version, kind=SubmissionKind.SUBMIT,
        code="x", status=SubmissionStatus.QUEUED,
    )  # fmt: skip
    assert grader_score_for_item(item) == 0.85


# --- Access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["", "save", "submit", "release"])
def test_only_the_reviewer_can_open_or_change_their_review(
    claim, alice_client, charlie_client, carol_client, action
):
    for client in (alice_client, charlie_client, carol_client):  # candidate, outsider, curator
        method = client.get if action == "" else client.post
        assert method(_url(claim, action)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, claim):
    response = client.get(_url(claim))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_review_form_uses_constant_queries(
    bob_client, calibrated_bob, alice, charlie, django_assert_num_queries
):
    """A one-question round and a six-question round with red flags ticked cost the same queries."""
    questions(RoundKind.ML_BREADTH, 12)
    RoundConfig.objects.update_or_create(
        round_kind=RoundKind.ML_BREADTH, defaults={"duration_minutes": 40, "question_count": 1}
    )
    submitted_round(alice)
    small = claim_next(reviewer=calibrated_bob)
    with CaptureQueriesContext(connection) as ctx:
        bob_client.get(_url(small))
    services.review_submit(review=small, data=full_input(small, red_flags=["asks-no-questions"]))
    RoundConfig.objects.filter(round_kind=RoundKind.ML_BREADTH).update(question_count=6)
    submitted_round(charlie)
    big = claim_next(reviewer=calibrated_bob)
    services.review_save(
        review=big, data=full_input(big, red_flags=["asks-no-questions", "leads-with-salary"])
    )
    assert big.session.items.count() == 6
    with django_assert_num_queries(len(ctx.captured_queries)):
        bob_client.get(_url(big))
