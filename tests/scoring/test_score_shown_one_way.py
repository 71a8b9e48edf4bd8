"""One score, shown one way: a round's weighted rubric score is a whole 0-100% on the debrief, the
feedback page, the readiness profile, the plan and the API alike."""

import pytest
from rest_framework.test import APIClient

from scoring import maths

from .builders import review_next, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]


@pytest.fixture
def split_round(alice, calibrated_bob, dave, breadth_questions):
    """One ML breadth round: bob scores 2 everywhere, dave 3: every criterion's median is 2.5 (50%)."""
    session = submitted_round(alice)
    review_next(calibrated_bob, score=2, recommendation=2)
    review_next(dave, score=3, recommendation=3)
    return session


def test_the_same_score_everywhere(alice, alice_client, split_round):
    assert maths.score_percent(2.5) == 50
    debrief = alice_client.get("/debrief/").content.decode()
    assert "<td>50%</td>" in debrief and "/ 4" not in debrief
    feedback = alice_client.get(f"/sessions/{split_round.pk}/feedback/").content.decode()
    assert "score 50%" in feedback and "of 4" not in feedback
    readiness = alice_client.get("/readiness/").content.decode()
    assert "ML breadth 50%" in readiness and "Lean no hire, 50%" in readiness
    plan = alice_client.get("/plan/").content.decode()
    assert "<td>50%</td>" in plan
    api = APIClient()
    api.force_authenticate(alice)
    rounds = api.get("/api/debrief/").json()["rounds"]
    breadth = next(r for r in rounds if r["round_kind"] == "ml_breadth")
    assert breadth["result"]["percent"] == 50
    axes = api.get("/api/readiness/").json()["axes"]
    assert next(a for a in axes if a["round_kind"] == "ml_breadth")["percent"] == 50
    rows = api.get("/api/plan/").json()["rows"]
    assert next(r for r in rows if r["round_kind"] == "ml_breadth")["readiness"] == 50


def test_one_reviewed_round_of_six_gives_no_verdict(alice, alice_client, split_round):
    page = alice_client.get("/debrief/").content.decode()
    summary = page[page.index("Hiring committee summary") : page.index("How this is decided")]
    assert "Incomplete" in summary and "1 of 6 rounds reviewed" in summary
    assert "hire" not in summary.lower().replace("hiring", "")
    api = APIClient()
    api.force_authenticate(alice)
    body = api.get("/api/debrief/").json()
    assert body["outcome"] == "Incomplete" and body["provisional"] is True
