"""The candidate's readiness profile, loop debrief and practice plan."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import Loop
from questionbank.models import RoundKind, Topic
from scoring import profile, services
from scoring.models import Review, ReviewStatus

from .builders import booked_round, full_input, make_reviewer, questions, review_next, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]
PAGES = ["/readiness/", "/debrief/", "/plan/"]


@pytest.fixture
def two_reviewed(alice, calibrated_bob, dave, breadth_questions):
    """Two ML breadth rounds of alice: the first scored 2 everywhere, the second 4 everywhere."""
    first = submitted_round(alice)
    review_next(calibrated_bob, score=2, recommendation=2)
    review_next(dave, score=2, recommendation=2)
    second = submitted_round(alice)
    review_next(calibrated_bob, score=4, recommendation=4)
    review_next(dave, score=4, recommendation=4)
    return first, second


def test_the_readiness_profile_is_an_accessible_svg_with_a_table(alice_client, two_reviewed):
    page = alice_client.get("/readiness/").content.decode()
    svg = page[page.index('<svg role="img"') : page.index("</svg>")]
    assert 'aria-labelledby="radar-title radar-desc"' in svg
    assert '<title id="radar-title">' in svg and '<desc id="radar-desc">' in svg
    # mean of the two rounds: levels 2 and 4 give 3, which is 67%
    assert "ML breadth 67%" in svg and "Coding not reviewed yet" in svg
    table = page[page.index("<caption>Readiness by round</caption>") :]
    assert re.search(r"ML breadth</th><td>67%</td>", table)
    assert svg.count("<text") == 6  # one label per round


def test_trends_show_progress_per_round_and_topic(alice_client, alice, calibrated_bob, dave):
    from tests.factories import TopicFactory

    weak: Topic = TopicFactory.create(name="Regularisation")
    strong: Topic = TopicFactory.create(name="Metrics")
    for q in questions(RoundKind.ML_BREADTH, 6):
        assert q.current_version is not None
        q.current_version.topics.add(weak)
    submitted_round(alice)
    review_next(calibrated_bob, score=1)
    review_next(dave, score=2)
    for q in questions(RoundKind.ML_BREADTH, 6):
        assert q.current_version is not None
        q.current_version.topics.add(strong)
    submitted_round(alice)
    review_next(calibrated_bob, score=4)
    review_next(dave, score=4)
    page = alice_client.get("/readiness/").content.decode()
    assert "Trends by round" in page and "+83 points" in page  # 17% (median 1.5) to 100%
    weakest = page[page.index("Weakest topics") : page.index("Trends by round")]
    assert weakest.index("Regularisation") < weakest.index("Metrics")
    assert f'href="/practice/pick/?topic={weak.slug}"' in weakest  # a weak topic opens its practice
    assert '<svg class="sparkline"' in page


def test_the_debrief_without_loops_uses_the_latest_round_of_each_kind(alice_client, two_reviewed):
    page = alice_client.get("/debrief/").content.decode()
    assert "your latest round of each kind" in page
    assert "Hiring committee summary" in page and "How this is decided" in page
    assert "two or more rounds at <em>Lean no hire</em>" in page  # the rule is written on the page
    rows = page[page.index("Round by round") :]
    assert "Strong hire" in rows  # the latest ML breadth round, not the first
    assert rows.count("Not taken yet") == 5
    assert "Incomplete" in page and "1 of 6 rounds reviewed" in page and "(provisional)" not in page


def test_the_loop_debrief_covers_the_loops_rounds_only(alice_client, alice, bob, two_reviewed):
    make_reviewer(bob, RoundKind.ML_BREADTH, RoundKind.BEHAVIOURAL)
    questions(RoundKind.BEHAVIOURAL, 2)
    loop = Loop.objects.create(candidate=alice, round_kinds=["behavioural", "ml_breadth"])
    breadth = booked_round(alice, bob, RoundKind.ML_BREADTH, loop=loop)
    behavioural = booked_round(alice, bob, RoundKind.BEHAVIOURAL, loop=loop)
    review = services.review_start_live(session=breadth, reviewer=bob)
    services.review_submit(review=review, data=full_input(review, score=1, recommendation=1))
    page = alice_client.get(f"/debrief/loops/{loop.pk}/").content.decode()
    assert "Debrief of your loop" in page
    rows = page[page.index("Round by round") :]
    assert rows.index("Behavioural") < rows.index("ML breadth")  # loop order
    assert "Waiting for reviews" in rows and "Coding" not in rows
    # No verdict from one round of two, even a Strong no hire: the committee waits for every round.
    assert "Incomplete" in page and "1 of 2 rounds reviewed" in page and "No hire</span>" not in page
    review = services.review_start_live(session=behavioural, reviewer=bob)
    services.review_submit(review=review, data=full_input(review, score=3, recommendation=3))
    page = alice_client.get(f"/debrief/loops/{loop.pk}/").content.decode()
    assert "No hire</span>" in page and "Strong no hire in 1 round(s)." in page
    assert f'href="/debrief/loops/{loop.pk}/"' in alice_client.get("/debrief/").content.decode()


def test_outsiders_get_404_on_someone_elses_loop(charlie_client, bob_client, alice):
    loop = Loop.objects.create(candidate=alice, round_kinds=["coding"])
    for client in (charlie_client, bob_client):
        assert client.get(f"/debrief/loops/{loop.pk}/").status_code == 404


def test_the_plan_gives_breadth_the_largest_share_without_results(alice_client, breadth_questions):
    page = alice_client.get("/plan/").content.decode()
    first_row = page[page.index("<tbody>") :].split("</tr>")[0]
    assert "ML breadth" in first_row and "2 h 00 min" in first_row
    assert "8 hours a week for 4 weeks" in page


def test_the_plan_shifts_time_to_weak_rounds_and_suggests_unseen_questions(alice, two_reviewed):
    unseen = questions(RoundKind.ML_BREADTH, 4)
    results = profile.results_for(profile.finished_sessions_with_results(user=alice))
    plan = profile.practice_plan(user=alice, results=results, weeks=3, hours_per_week=10)
    rows = {r.round_kind: r for r in plan.rows}
    assert rows["ml_breadth"].readiness == pytest.approx(200 / 3)
    # ML breadth is two-thirds ready, the others count as half ready: breadth loses share
    assert rows["ml_breadth"].share < profile.BASE_SHARES["ml_breadth"]
    assert sum(r.minutes_per_week for r in plan.rows) == 600
    seen = set(Review.objects.values_list("session__items__question_version_id", flat=True))
    suggested = {q.pk for q in rows["ml_breadth"].questions}
    assert len(suggested) == 3 and suggested <= {q.current_version_id for q in unseen}
    assert not suggested & seen
    assert len(plan.schedule) == 3


def test_the_plan_form_validates(alice_client):
    page = alice_client.get("/plan/?weeks=40&hours=8").content.decode()
    assert "Ensure this value is less than or equal to 12" in page
    fragment = alice_client.get("/plan/?weeks=2&hours=5", headers={"HX-Request": "true"}).content.decode()
    assert "5 hours a week for 2 weeks" in fragment and "<html" not in fragment


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("path", PAGES)
def test_every_user_sees_only_their_own_results(path, charlie_client, bob_client, two_reviewed):
    for client in (charlie_client, bob_client):
        page = client.get(path).content.decode()
        assert "67%" not in page and "Strong hire</td>" not in page


@pytest.mark.parametrize("path", PAGES)
def test_profile_pages_use_constant_queries(
    path, alice_client, alice, calibrated_bob, dave, breadth_questions, django_assert_num_queries
):
    submitted_round(alice)
    review_next(calibrated_bob)
    with CaptureQueriesContext(connection) as ctx:
        assert alice_client.get(path).status_code == 200
    questions(RoundKind.CODING, 3)
    for _ in range(3):
        submitted_round(alice)
        review_next(calibrated_bob, score=2)
        review_next(dave, score=3)
    submitted_round(alice, RoundKind.CODING)
    review_next(calibrated_bob)
    assert Review.objects.filter(status=ReviewStatus.SUBMITTED).count() == 8
    with django_assert_num_queries(len(ctx.captured_queries)):
        alice_client.get(path)
