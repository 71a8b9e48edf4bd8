"""Candidates never see reviewer notes, section notes, hidden tests, reference or wrong solutions, on any
page that renders a question (the round itself, its results, the coding panel, run and submit verdicts,
feedback, debrief, readiness and plan) nor in the API (the bank, sessions, submissions, results). The
coding round shows the statement, the starter code and the visible examples, and nothing else of the
problem."""

import pytest
from django.db import transaction

from interviews.services import practice_start
from questionbank.bankfiles.reading import read_bank
from questionbank.importing import bank_import
from questionbank.models import RoundKind
from scoring import grading
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

SECRETS = [
    "SECRET-NOTE",
    "SECRET-FOLLOW-UP",
    "SECRET-RED-FLAG",
    "SECTION-SECRET",
    "REFERENCE-SECRET",
    "WRONG-SECRET",
    "HIDDEN-TEST-NAME",
    "987654321",
    "1975308642",
]

PROBLEM = """slug: double-it
title: Double it
kind: algorithmic
difficulty: easy
topics: [numpy]
function: double
time_limit_s: 2
memory_mb: 256
checker: {type: exact}
tests:
  - name: VISIBLE-EXAMPLE
    visible: true
    args: [21]
    expected: 42
  - name: HIDDEN-TEST-NAME
    args: [987654321]
    expected: 1975308642
"""
REFERENCE = "def double(x):\n    # REFERENCE-SECRET\n    return 2 * x\n"
WRONG = "def double(x):\n    # WRONG-SECRET\n    return x + 2\n"
STARTER = 'def double(x):\n    """STARTER-DOC: return twice x."""\n    return 0\n'
CURATION = """status: published
minutes: 20
reviewer_notes:
  key_points: [SECRET-NOTE the candidate should not see]
  follow_ups: [PROBE-AFTER-ROUND]
  red_flags: [SECRET-RED-FLAG]
"""


@pytest.fixture
def coding_problem(tmp_path):
    root = tmp_path / "bank"
    folder = root / "coding" / "double-it"
    folder.mkdir(parents=True)
    (root / "topics.yaml").write_text("- {slug: numpy, name: numpy}\n")
    files = {
        "problem.yaml": PROBLEM,
        "statement.md": "# Double it\n\nSTATEMENT-TEXT: return `2 * x`.\n",
        "starter.py": STARTER,
        "reference.py": REFERENCE,
        "wrong/adds_two.py": WRONG,
        "wrong/squares.py": WRONG.replace("x + 2", "x * x"),
        "wrong/returns_input.py": WRONG.replace("x + 2", "x"),
        "curation.yaml": CURATION,
    }
    (folder / "wrong").mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    bank_import(bank=read_bank(root), check_coding=False)


def assert_no_secrets(page: str, where: str) -> None:
    leaked = [secret for secret in SECRETS if secret in page]
    assert not leaked, f"{where} shows {leaked}"


def candidate_api(client, session_id: int, slugs: list[str]) -> dict[str, str]:
    """Every API read a candidate can make about their round and the bank's questions."""
    urls = [
        "/api/bank/questions/",
        "/api/bank/rubrics/",
        "/api/sessions/",
        f"/api/sessions/{session_id}/",
        f"/api/sessions/{session_id}/results/",
        "/api/submissions/",
        "/api/feedback/",
        "/api/debrief/",
        "/api/readiness/",
        "/api/plan/",
    ]
    for slug in slugs:
        urls += [f"/api/bank/questions/{slug}/", f"/api/bank/questions/{slug}/versions/"]
    return {url: client.get(url).content.decode() for url in urls}


def candidate_pages(client, session_id: int) -> dict[str, str]:
    pages = {}
    for url in (
        f"/sessions/{session_id}/",
        f"/sessions/{session_id}/results/",
        f"/sessions/{session_id}/feedback/",
        "/sessions/",
        "/dashboard/",
        "/debrief/",
        "/readiness/",
        "/plan/",
        "/feedback/",
    ):
        response = client.get(url, follow=True)
        pages[url] = response.content.decode()
    return pages


@pytest.mark.parametrize(
    "round_kind",
    [
        RoundKind.ML_BREADTH,
        RoundKind.ML_SYSTEM_DESIGN,
        RoundKind.ML_DOMAIN,
        RoundKind.PROJECT_DEEP_DIVE,
        RoundKind.BEHAVIOURAL,
    ],
)
def test_no_reviewer_notes_in_any_candidate_page(alice, alice_client, round_kind):
    notes = {
        "key_points": ["SECRET-NOTE"],
        "follow_ups": ["SECRET-FOLLOW-UP"],
        "red_flags": ["SECRET-RED-FLAG"],
    }
    sections = {"framing": "SECTION-SECRET framing"} if round_kind == RoundKind.ML_SYSTEM_DESIGN else {}
    for _ in range(8):
        QuestionFactory(
            round_kind=round_kind,
            version__reviewer_notes=notes,
            version__section_notes=sections,
            version__prompt_md="PROMPT-TEXT",
            version__prompt_html="<p>PROMPT-TEXT</p>",
        )
    session = practice_start(candidate=alice, round_kind=round_kind)
    before = alice_client.get(f"/sessions/{session.pk}/").content.decode()
    assert "PROMPT-TEXT" in before
    assert_no_secrets(before, "the round")
    slugs = [item.question_version.question.slug for item in session.items.all()]
    assert "PROMPT-TEXT" in candidate_api(alice_client, session.pk, slugs)[f"/api/bank/questions/{slugs[0]}/"]
    alice_client.post(f"/sessions/{session.pk}/submit/")
    for url, page in {
        **candidate_pages(alice_client, session.pk),
        **candidate_api(alice_client, session.pk, slugs),
    }.items():
        assert_no_secrets(page, url)


def test_the_coding_round_shows_statement_starter_and_visible_examples_only(
    alice, alice_client, coding_problem, sandbox, django_capture_on_commit_callbacks
):
    session = practice_start(candidate=alice, round_kind=RoundKind.CODING)
    item = session.items.get()
    page = alice_client.get(f"/sessions/{session.pk}/").content.decode()
    assert "STATEMENT-TEXT" in page
    assert "STARTER-DOC" in page
    assert_no_secrets(page, "the coding round")
    assert "PROBE-AFTER-ROUND" not in page and "What the interviewer will probe" not in page

    panel = alice_client.get(f"/sessions/{session.pk}/items/{item.pk}/coding/").content.decode()
    assert "VISIBLE-EXAMPLE" in panel and "21" in panel and "42" in panel
    assert_no_secrets(panel, "the coding panel")

    # Run the examples, then submit the reference solution itself: the verdicts show, the hidden data never.
    for kind in ("examples", "submit"):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            submission = grading.submission_create(
                user=alice, item=item, code=REFERENCE.replace("# REFERENCE-SECRET", "# mine"), kind=kind
            )
        submission.refresh_from_db()
        assert submission.status == "done", submission.error
        assert submission.passed == submission.total == (1 if kind == "examples" else 2)
        for url in (f"/submissions/{submission.pk}/",):
            for headers in ({}, {"HX-Request": "true"}):
                response = alice_client.get(url, headers=headers)
                assert response.status_code == 200
                assert_no_secrets(response.content.decode(), f"{url} ({kind})")
        panel = alice_client.get(f"/sessions/{session.pk}/items/{item.pk}/coding/").content.decode()
        assert_no_secrets(panel, f"the coding panel after {kind}")

    api = candidate_api(alice_client, session.pk, ["double-it"])
    during = {**api, **candidate_pages(alice_client, session.pk)}
    assert not [url for url, page in during.items() if "PROBE-AFTER-ROUND" in page], "probed before the end"
    detail = api["/api/bank/questions/double-it/"]
    assert "STATEMENT-TEXT" in detail and "STARTER-DOC" in detail and "VISIBLE-EXAMPLE" in detail
    for url in (f"/api/submissions/{submission.pk}/", f"/api/sessions/{session.pk}/"):
        api[url] = alice_client.get(url).content.decode()
    alice_client.post(f"/sessions/{session.pk}/submit/")
    api.update(candidate_api(alice_client, session.pk, ["double-it"]))
    for url, page in {**candidate_pages(alice_client, session.pk), **api}.items():
        assert_no_secrets(page, url)
    # Once the round is over, the results page shows what the interviewer would have probed.
    results = alice_client.get(f"/sessions/{session.pk}/results/").content.decode()
    assert "What the interviewer will probe" in results and "PROBE-AFTER-ROUND" in results
    (item_body,) = alice_client.get(f"/api/sessions/{session.pk}/results/").json()["items"]
    assert item_body["probe"] == ["PROBE-AFTER-ROUND"]


def test_curators_do_see_the_hidden_parts_in_the_bank(carol_client, coding_problem):
    for url in ("/bank/double-it/", "/api/bank/questions/double-it/"):
        page = carol_client.get(url).content.decode()
        for secret in ("SECRET-NOTE", "REFERENCE-SECRET", "WRONG-SECRET", "HIDDEN-TEST-NAME"):
            assert secret in page, (url, secret)
