"""Calibration: curators score gold rounds; reviewers score them and see the differences; agreement."""

import pytest

from config.errors import ApplicationError
from questionbank.models import RoundKind
from scoring import calibration, services
from scoring.models import GoldSubmission, ReviewerCalibration, ReviewKind, ReviewStatus
from tests.factories import ProfileFactory, UserFactory

from .builders import claim_next, criteria_keys, full_input, make_reviewer, submitted_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubrics")]


def _gold(curator, candidate, score=3):
    session = submitted_round(candidate)
    review = calibration.gold_mark(session=session, curator=curator)
    services.review_submit(review=review, data=full_input(review, score=score))
    return session


def _candidate(name):
    return ProfileFactory(user=UserFactory(username=name)).user


@pytest.fixture
def golds(carol, breadth_questions):
    """Three gold ML breadth rounds, every criterion scored 3 by carol."""
    return [_gold(carol, _candidate(f"gold{i}")) for i in range(3)]


def _attempt(reviewer, scores):
    review = calibration.calibration_start(reviewer=reviewer, round_kind=RoundKind.ML_BREADTH)
    assert review.kind == ReviewKind.CALIBRATION
    return services.review_submit(review=review, data=full_input(review, score=scores))


def test_marking_a_round_gold_opens_the_curators_gold_review(carol_client, carol, submitted):
    response = carol_client.post(f"/curate/gold/{submitted.pk}/mark/")
    gold = GoldSubmission.objects.get()
    review = gold.session.reviews.get()
    assert response.status_code == 302 and response.url == f"/reviews/{review.pk}/"
    assert review.kind == ReviewKind.GOLD and review.reviewer == carol and gold.round_kind == "ml_breadth"


def test_only_curators_mark_gold_rounds(bob_client, alice_client, submitted):
    assert bob_client.post(f"/curate/gold/{submitted.pk}/mark/").status_code == 403
    assert alice_client.post(f"/curate/gold/{submitted.pk}/mark/").status_code == 403
    assert not GoldSubmission.objects.exists()


def test_a_curator_cannot_make_their_own_round_gold(carol, breadth_questions):
    session = submitted_round(carol)
    with pytest.raises(ApplicationError, match="own round"):
        calibration.gold_mark(session=session, curator=carol)


def test_two_attempts_within_one_point_calibrate_the_reviewer(bob, golds):
    keys = criteria_keys(RoundKind.ML_BREADTH)
    _attempt(bob, {k: 4 for k in keys})  # +1 everywhere
    assert not ReviewerCalibration.objects.filter(user=bob).exists()
    _attempt(bob, {k: 2 for k in keys})  # -1 everywhere
    assert ReviewerCalibration.objects.filter(user=bob, round_kind="ml_breadth").exists()
    assert services.reviewable_kinds(bob) == {"ml_breadth"}


def test_an_attempt_two_points_off_means_trying_another(bob, golds):
    keys = criteria_keys(RoundKind.ML_BREADTH)
    _attempt(bob, {k: 3 for k in keys})
    off = _attempt(bob, {**{k: 3 for k in keys}, keys[0]: 1})
    comparison = calibration.calibration_comparison(off)
    assert comparison is not None and not comparison.passed
    assert [r.difference for r in comparison.rows if not r.within_one] == [-2]
    assert not ReviewerCalibration.objects.filter(user=bob).exists()
    _attempt(bob, {k: 3 for k in keys})  # the third gold round: the latest two pass only now...
    assert not ReviewerCalibration.objects.filter(user=bob).exists()
    with pytest.raises(ApplicationError, match="no gold round"):  # ...and there is no fourth yet
        calibration.calibration_start(reviewer=bob, round_kind=RoundKind.ML_BREADTH)


def test_the_reviewer_sees_the_differences_only_after_submitting(bob_client, bob, golds):
    review = calibration.calibration_start(reviewer=bob, round_kind=RoundKind.ML_BREADTH)
    page = bob_client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Compared with the gold scores" not in page and "Other reviews" not in page
    keys = criteria_keys(RoundKind.ML_BREADTH)
    services.review_submit(review=review, data=full_input(review, score={**{k: 3 for k in keys}, keys[0]: 1}))
    page = bob_client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Compared with the gold scores" in page and "(more than one point)" in page and "-2" in page


def test_the_calibration_page_starts_an_attempt(bob_client, bob, golds):
    page = bob_client.get("/calibration/").content.decode()
    assert "ML breadth: not calibrated yet" in page
    response = bob_client.post("/calibration/ml_breadth/start/")
    assert response.status_code == 302
    assert bob.reviews_given.get().kind == ReviewKind.CALIBRATION


def test_calibration_needs_an_opt_in(bob_client, golds):
    response = bob_client.post("/calibration/ml_system_design/start/", follow=True)
    assert "Opt in to reviewing this round first" in response.content.decode()


def test_candidates_who_do_not_review_cannot_calibrate(alice_client):
    assert alice_client.get("/calibration/").status_code == 403
    assert alice_client.post("/calibration/ml_breadth/start/").status_code == 403


def test_a_reviewer_never_calibrates_on_their_own_round(carol, breadth_questions):
    own = make_reviewer(_candidate("olga"), RoundKind.ML_BREADTH, calibrated=False)
    _gold(carol, own)
    with pytest.raises(ApplicationError, match="no gold round"):
        calibration.calibration_start(reviewer=own, round_kind=RoundKind.ML_BREADTH)


# --- Agreement ------------------------------------------------------------------------------------


def test_agreement_with_gold_and_with_peers(bob, carol, golds, settings):
    """bob scores the three gold rounds exactly as carol did. Then four rounds get two reviews each:
    bob and dave agree on three (levels 1, 2, 3, 4 across the four criteria); on the fourth dave and
    erin score in reverse order (1-4, 2-3, 3-2, 4-1).

    bob with peers: 12 exact pairs: difference 0, kappa 1.
    dave with peers: 12 exact pairs and the 4 reversed ones: difference (3+1+1+3)/16 = 0.5, kappa 0.5.
    erin with peers: only the 4 reversed pairs: difference 2.0, kappa -1: an outlier.
    """
    settings.AGREEMENT_MIN_PAIRS = 4
    keys = criteria_keys(RoundKind.ML_BREADTH)
    for _ in golds:
        _attempt(bob, {k: 3 for k in keys})
    dave = make_reviewer(_candidate("dave"), RoundKind.ML_BREADTH)
    erin = make_reviewer(_candidate("erin"), RoundKind.ML_BREADTH)
    rising = {k: i + 1 for i, k in enumerate(keys)}
    falling = {k: 4 - i for i, k in enumerate(keys)}
    for _ in range(3):
        submitted_round(_candidate(f"c{_}"))
        for reviewer in (bob, dave):
            review = claim_next(reviewer=reviewer)
            services.review_submit(review=review, data=full_input(review, score=rising))
    submitted_round(_candidate("last"))
    for reviewer, scores in ((dave, rising), (erin, falling)):
        review = claim_next(reviewer=reviewer)
        services.review_submit(review=review, data=full_input(review, score=scores))
    report = {r.username: r for r in calibration.agreement_report()}
    assert report["bob"].gold_pairs == 12 and report["bob"].gold_mad == 0
    assert report["bob"].peer_pairs == 12 and report["bob"].peer_mad == 0
    assert report["bob"].peer_kappa == pytest.approx(1.0)
    assert report["dave"].peer_pairs == 16 and report["dave"].peer_mad == 0.5
    assert report["dave"].peer_kappa == pytest.approx(0.5)
    assert report["erin"].peer_mad == 2.0 and report["erin"].peer_kappa == pytest.approx(-1.0)
    assert report["erin"].is_outlier and not report["bob"].is_outlier and not report["dave"].is_outlier
    assert "carol" not in report  # gold scores are the reference, not a reviewer being measured


def test_the_agreement_page_shows_outliers_to_curators_only(
    carol_client, bob_client, alice_client, golds, bob, settings
):
    settings.AGREEMENT_MIN_PAIRS = 1
    keys = criteria_keys(RoundKind.ML_BREADTH)
    _attempt(bob, {k: 1 for k in keys})
    page = carol_client.get("/curate/agreement/").content.decode()
    assert "bob" in page and "(outlier)" in page and "with gold: mean difference 2.00" in page
    assert bob_client.get("/curate/agreement/").status_code == 403
    assert alice_client.get("/curate/agreement/").status_code == 403


def test_the_gold_list_uses_constant_queries(
    carol_client, carol, breadth_questions, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _gold(carol, _candidate("g1"))
    submitted_round(_candidate("c1"))
    with CaptureQueriesContext(connection) as ctx:
        assert carol_client.get("/curate/gold/").status_code == 200
    for i in range(3):
        _gold(carol, _candidate(f"g{i + 2}"))
        submitted_round(_candidate(f"c{i + 2}"))
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = carol_client.get("/curate/gold/").content.decode()
    assert page.count("Score as gold") == 4


def test_the_agreement_page_uses_constant_queries(carol_client, golds, bob, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keys = criteria_keys(RoundKind.ML_BREADTH)
    _attempt(bob, {k: 3 for k in keys})
    with CaptureQueriesContext(connection) as ctx:
        carol_client.get("/curate/agreement/")
    dave = make_reviewer(_candidate("dave"), RoundKind.ML_BREADTH, calibrated=False)
    _attempt(bob, {k: 3 for k in keys})
    _attempt(dave, {k: 2 for k in keys})
    with django_assert_num_queries(len(ctx.captured_queries)):
        carol_client.get("/curate/agreement/")


def test_submitted_gold_reviews_are_submitted(golds):
    assert all(g.reviews.get().status == ReviewStatus.SUBMITTED for g in golds)


def test_the_calibration_page_uses_constant_queries(bob_client, bob, golds, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keys = criteria_keys(RoundKind.ML_BREADTH)
    _attempt(bob, {k: 3 for k in keys})
    with CaptureQueriesContext(connection) as ctx:
        assert bob_client.get("/calibration/").status_code == 200
    _attempt(bob, {k: 1 for k in keys})
    calibration.calibration_start(reviewer=bob, round_kind=RoundKind.ML_BREADTH)  # a draft too
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = bob_client.get("/calibration/").content.decode()
    assert page.count("See the differences") == 2 and "Continue your calibration round" in page
