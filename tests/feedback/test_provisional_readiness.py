"""The readiness profile and practice plan use automatic feedback where no review exists, marked provisional."""

import pytest

from interviews.services import session_submit
from scoring import machine_feedback, profile

pytestmark = pytest.mark.django_db


def test_an_unreviewed_round_counts_provisionally(alice, alice_client, alice_written_round):
    session_submit(session=alice_written_round)
    assert machine_feedback.round_feedback_run(session_id=alice_written_round.pk) == "done"
    page = alice_client.get("/readiness/").content.decode()
    assert "provisional: automatic feedback only" in page
    plan = alice_client.get("/plan/").content.decode()
    assert "provisional: automatic feedback only" in plan


def test_the_api_reports_the_same_provisional_readiness_as_the_pages(
    alice, alice_client, alice_written_round
):
    before = {a["round_kind"]: a for a in alice_client.get("/api/readiness/").json()["axes"]}
    assert before["ml_breadth"] == {
        "round_kind": "ml_breadth",
        "label": before["ml_breadth"]["label"],
        "percent": None,
        "provisional": False,
    }
    session_submit(session=alice_written_round)
    assert machine_feedback.round_feedback_run(session_id=alice_written_round.pk) == "done"
    axes = {a["round_kind"]: a for a in alice_client.get("/api/readiness/").json()["axes"]}
    assert axes["ml_breadth"]["provisional"] is True and axes["ml_breadth"]["percent"] is not None
    assert axes["coding"] == {**axes["coding"], "percent": None, "provisional": False}
    page = alice_client.get("/readiness/").content.decode()
    assert f"{axes['ml_breadth']['percent']}%" in page
    rows = {r["round_kind"]: r for r in alice_client.get("/api/plan/").json()["rows"]}
    assert rows["ml_breadth"]["provisional"] is True
    assert rows["ml_breadth"]["readiness"] == axes["ml_breadth"]["percent"]
    assert rows["behavioural"]["provisional"] is False


def test_human_reviews_weigh_more_than_machine_reads():
    class Result:
        def __init__(self, kind, score):
            self.round_kind, self.score = kind, score

    reviewed = [Result("ml_breadth", 2.0)]
    machine = {"ml_breadth": [4.0], "behavioural": [4.0]}
    values = profile.readiness(reviewed, machine)  # type: ignore[arg-type]
    # One review at 2 and one automatic read at 4 weighted 1 : 0.25 -> 2.4 of 4 -> 46.7%.
    assert values["ml_breadth"] == pytest.approx((2.4 - 1) / 3 * 100)
    assert values["behavioural"] == 100.0
    assert profile.provisional_kinds(reviewed, machine) == {"behavioural"}  # type: ignore[arg-type]
