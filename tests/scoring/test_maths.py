"""Scoring maths against worked examples (no database)."""

import pytest

from scoring import maths


def test_median_of_an_odd_count_is_the_middle_value():
    assert maths.median([4, 1, 3]) == 3.0


def test_median_of_two_reviews_is_their_midpoint():
    assert maths.median([2, 3]) == 2.5
    assert maths.median([1, 2, 4, 4]) == 3.0


def test_median_of_nothing_is_none():
    assert maths.median([]) is None


def test_lower_median_takes_the_cautious_side_of_a_split():
    assert maths.lower_median([3, 2]) == 2
    assert maths.lower_median([4, 1, 3]) == 3
    assert maths.lower_median([]) is None


def test_criteria_aggregate_by_median_and_skip_missing_scores():
    reviews = [{"a": 1, "b": 4}, {"a": 3, "b": 4}, {"a": 4}]
    assert maths.aggregate_criteria(reviews, ["a", "b", "c"]) == {"a": 3.0, "b": 4.0, "c": None}


def test_weighted_score_uses_the_rubric_weights():
    # (4*2 + 2*1 + 1*3) / (4 + 2 + 1) = 13 / 7
    assert maths.weighted_score({"x": 2, "y": 1, "z": 3}, {"x": 4, "y": 2, "z": 1}) == pytest.approx(13 / 7)
    assert maths.weighted_score({"x": None}, {"x": 1}) is None


def test_readiness_maps_levels_onto_percent():
    assert maths.readiness_percent(1) == 0
    assert maths.readiness_percent(4) == 100
    assert maths.readiness_percent(2.5) == pytest.approx(50)
    assert maths.readiness_percent(None) is None


@pytest.mark.parametrize(
    ("fraction", "level"), [(0.0, 1), (0.49, 1), (0.5, 2), (0.79, 2), (0.8, 3), (0.99, 3), (1.0, 4)]
)
def test_grader_level_follows_the_coding_rubric(fraction, level):
    assert maths.grader_level(fraction) == level


# Eight paired scores used by the kappa tests (rater A, rater B).
PAIRS = [(1, 1), (2, 2), (3, 3), (4, 4), (1, 2), (2, 3), (3, 4), (4, 3)]


def test_mean_absolute_difference():
    # four exact matches and four one-point gaps: 4 / 8
    assert maths.mean_absolute_difference(PAIRS) == 0.5
    assert maths.mean_absolute_difference([]) is None


def test_quadratic_weighted_kappa_matches_the_worked_example():
    """Worked by hand, k = 4 levels, n = 8 pairs, weights w_ij = (i - j)^2 / 9.

    Observed: four pairs one level apart, each w = 1/9, so sum(w * O) = 4/9.
    Marginals: A used each level twice (2, 2, 2, 2); B used 1, 2, 3, 4 with counts 1, 2, 3, 2.
    Expected counts E_ij = A_i * B_j / 8 = B_j / 4, so sum(w * E) = 1/4 * sum_j B_j * sum_i w_ij.
    sum_i (i - j)^2 for j = 1..4 is 14, 6, 6, 14, so sum_j B_j * that = 14 + 12 + 18 + 28 = 72,
    and sum(w * E) = 72 / 9 / 4 = 2.
    kappa = 1 - (4/9) / 2 = 7/9 = 0.7778.
    """
    assert maths.weighted_kappa(PAIRS) == pytest.approx(7 / 9)


def test_linear_weighted_kappa_matches_the_worked_example():
    """Same pairs, w_ij = |i - j| / 3: sum(w * O) = 4/3.

    sum_i |i - j| for j = 1..4 is 6, 4, 4, 6; sum_j B_j * that = 6 + 8 + 12 + 12 = 38;
    sum(w * E) = 38 / 3 / 4 = 19/6. kappa = 1 - (4/3) / (19/6) = 1 - 8/19 = 11/19 = 0.5789.
    """
    assert maths.weighted_kappa(PAIRS, weights="linear") == pytest.approx(11 / 19)


def test_kappa_is_one_for_perfect_agreement_and_negative_for_systematic_disagreement():
    assert maths.weighted_kappa([(1, 1), (2, 2), (4, 4)]) == pytest.approx(1.0)
    kappa = maths.weighted_kappa([(1, 4), (4, 1), (2, 3), (3, 2)])
    assert kappa is not None and kappa < 0


def test_kappa_is_undefined_without_pairs_or_variation():
    assert maths.weighted_kappa([]) is None
    assert maths.weighted_kappa([(3, 3), (3, 3)]) is None


def test_calibration_passes_only_within_one_point_everywhere():
    diffs = maths.criterion_differences({"a": 3, "b": 1}, {"a": 4, "b": 2}, ["a", "b"])
    assert diffs == {"a": -1, "b": -1}
    assert maths.within_one_everywhere(diffs)
    assert not maths.within_one_everywhere({"a": 0, "b": 2})
    assert not maths.within_one_everywhere({"a": 0, "b": None})


def test_calibrated_after_the_latest_two_attempts_pass():
    assert not maths.is_calibrated([True])
    assert maths.is_calibrated([True, True])
    assert not maths.is_calibrated([True, False])
    assert maths.is_calibrated([False, True, True])


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ({"a": 4, "b": 4, "c": 3}, "Strong hire"),
        ({"a": 3, "b": 3, "c": 4}, "Hire"),
        ({"a": 2, "b": 4, "c": 4}, "Hire"),
        ({"a": 2, "b": 2, "c": 4}, "No hire"),
        ({"a": 1, "b": 4, "c": 4}, "No hire"),
        ({"a": None, "b": None}, "Incomplete"),
    ],
)
def test_committee_decision(outcomes, expected):
    assert maths.committee_decision(outcomes).outcome == expected


def test_no_verdict_until_every_round_is_reviewed():
    # One Strong hire of six is no "provisional hire": nothing is decided until all six are in.
    decision = maths.committee_decision({"a": 4, "b": None, "c": None, "d": None, "e": None, "f": None})
    assert decision.outcome == "Incomplete" and decision.provisional
    assert decision.reasons == [
        "1 of 6 rounds reviewed: the committee decides once every round has been reviewed."
    ]
    assert not maths.committee_decision({"a": 4, "b": 3}).provisional


@pytest.mark.parametrize(
    ("score", "shown"), [(1, 0), (4, 100), (2.5, 50), (2.015, 34), (1.5, 17), (None, None)]
)
def test_a_score_is_shown_as_a_whole_percent_with_halves_rounded_up(score, shown):
    assert maths.score_percent(score) == shown


def test_shown_percent_rounds_halves_up_not_to_even():
    assert maths.shown_percent(12.5) == 13 and maths.shown_percent(13.5) == 14


BASE = {"breadth": 0.25, "coding": 0.20, "design": 0.20, "domain": 0.15, "dive": 0.10, "behavioural": 0.10}


def test_plan_without_results_keeps_the_base_mix_with_breadth_largest():
    shares = maths.plan_shares(BASE, {})
    assert shares == pytest.approx(BASE)
    assert max(shares, key=lambda kind: shares[kind]) == "breadth"


def test_plan_shifts_time_toward_weak_rounds():
    ready = {"breadth": 90, "coding": 10, "design": 50, "domain": 50, "dive": 50, "behavioural": 50}
    shares = maths.plan_shares(BASE, ready)
    assert sum(shares.values()) == pytest.approx(1)
    assert shares["coding"] > BASE["coding"]
    assert shares["breadth"] < BASE["breadth"]


def test_split_hours_hands_out_exactly_the_time_available():
    minutes = maths.split_hours(maths.plan_shares(BASE, {}), 8 * 60)
    assert sum(minutes.values()) == 480
    assert all(m % 15 == 0 for m in minutes.values())
    assert minutes["breadth"] == 120


def test_radar_points_start_at_the_top_and_go_clockwise():
    assert maths.radar_point(0, 6, 1.0, 100, 150, 150) == (150.0, 50.0)
    x, y = maths.radar_point(1, 6, 1.0, 100, 150, 150)
    assert x > 150 and y < 150
    assert maths.radar_point(3, 6, 0.5, 100, 150, 150) == (150.0, 200.0)
