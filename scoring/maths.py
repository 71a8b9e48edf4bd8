"""Scoring maths as plain functions: no Django, so each rule is tested against worked examples alone.

Scores are rubric levels 1-4. Recommendations use the same four steps (1 Strong no hire ... 4 Strong
hire). docs/scoring.md explains every rule in prose; keep the two in step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LEVELS = (1, 2, 3, 4)
RECOMMENDATION_LABELS = {1: "Strong no hire", 2: "Lean no hire", 3: "Lean hire", 4: "Strong hire"}


def median(values: Sequence[float]) -> float | None:
    """The middle value; with an even count, the midpoint of the two middle values (2 and 3 give 2.5)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def lower_median(values: Sequence[int]) -> int | None:
    """The lower of the two middle values: a split panel counts as the more cautious outcome."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def aggregate_criteria(
    score_sets: Iterable[Mapping[str, int | None]], keys: Sequence[str]
) -> dict[str, float | None]:
    """Per-criterion median over independent reviews; a criterion nobody scored stays None."""
    sets = list(score_sets)
    result: dict[str, float | None] = {}
    for key in keys:
        values = [s[key] for s in sets if s.get(key) is not None]
        result[key] = median([float(v) for v in values if v is not None])
    return result


def weighted_score(scores: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """The weight-averaged level (1-4) over the criteria that have a score; None when none has."""
    total = 0.0
    weight_sum = 0.0
    for key, weight in weights.items():
        value = scores.get(key)
        if value is not None:
            total += weight * value
            weight_sum += weight
    if not weight_sum:
        return None
    return total / weight_sum


def readiness_percent(score: float | None) -> float | None:
    """A 1-4 level mapped onto 0-100%: level 1 is 0%, level 4 is 100%."""
    if score is None:
        return None
    return max(0.0, min(100.0, (score - 1) / 3 * 100))


def shown_percent(percent: float | None) -> int | None:
    """A 0-100% score as every page and the API show it: a whole percent, halves rounded up."""
    if percent is None:
        return None
    return int(Decimal(str(percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def score_percent(score: float | None) -> int | None:
    """A round's weighted rubric score (1-4) as it is shown everywhere: 0-100%, a whole percent."""
    return shown_percent(readiness_percent(score))


def grader_level(fraction: float) -> int:
    """The coding correctness level from the grader's weighted share of hidden tests passed (0..1).

    Matches the level descriptors of the coding rubric: under 50% is 1, 50-79% is 2, 80-99% is 3, all is 4.
    """
    if fraction >= 1.0 - 1e-9:
        return 4
    if fraction >= 0.8:
        return 3
    if fraction >= 0.5:
        return 2
    return 1


# --- Agreement ------------------------------------------------------------------------------------


def mean_absolute_difference(pairs: Sequence[tuple[int, int]]) -> float | None:
    """Mean of |a - b| over paired scores of the same criterion of the same work."""
    if not pairs:
        return None
    return sum(abs(a - b) for a, b in pairs) / len(pairs)


def weighted_kappa(
    pairs: Sequence[tuple[int, int]], *, categories: Sequence[int] = LEVELS, weights: str = "quadratic"
) -> float | None:
    """Weighted Cohen's kappa of two raters on an ordinal scale.

    kappa = 1 - sum(w * observed) / sum(w * expected), with disagreement weights
    w_ij = (i - j)^2 / (k - 1)^2 ("quadratic") or |i - j| / (k - 1) ("linear"), observed counts O_ij, and
    expected counts E_ij = row_i * col_j / n from each rater's own marginal distribution.
    Returns None when it is undefined: no pairs, or no disagreement is possible by chance (both raters
    always used one and the same level).
    """
    if not pairs:
        return None
    if weights not in {"quadratic", "linear"}:
        raise ValueError(f"unknown weights {weights!r}")
    index = {c: i for i, c in enumerate(categories)}
    k = len(categories)
    n = len(pairs)
    observed = [[0.0] * k for _ in range(k)]
    for a, b in pairs:
        observed[index[a]][index[b]] += 1
    rows = [sum(observed[i]) for i in range(k)]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]

    def w(i: int, j: int) -> float:
        if weights == "quadratic":
            return (i - j) ** 2 / (k - 1) ** 2
        return abs(i - j) / (k - 1)

    disagreement_observed = sum(w(i, j) * observed[i][j] for i in range(k) for j in range(k))
    disagreement_expected = sum(w(i, j) * rows[i] * cols[j] / n for i in range(k) for j in range(k))
    if disagreement_expected == 0:
        return None
    return 1 - disagreement_observed / disagreement_expected


def criterion_differences(
    mine: Mapping[str, int | None], gold: Mapping[str, int | None], keys: Sequence[str]
) -> dict[str, int | None]:
    """Signed difference (mine - gold) per criterion; None where either side has no score."""
    diffs: dict[str, int | None] = {}
    for key in keys:
        a, b = mine.get(key), gold.get(key)
        diffs[key] = None if a is None or b is None else a - b
    return diffs


def within_one_everywhere(diffs: Mapping[str, int | None]) -> bool:
    """A calibration attempt passes when every criterion is within one point of the gold score."""
    return bool(diffs) and all(d is not None and abs(d) <= 1 for d in diffs.values())


def is_calibrated(attempt_passes: Sequence[bool], required: int = 2) -> bool:
    """Calibrated once the latest `required` attempts (oldest first in the input) all passed."""
    if required < 1 or len(attempt_passes) < required:
        return False
    return all(attempt_passes[-required:])


# --- Hiring-committee summary ---------------------------------------------------------------------


@dataclass(frozen=True)
class CommitteeDecision:
    outcome: str  # "Strong hire", "Hire", "No hire", "Incomplete"
    reasons: list[str]
    provisional: bool


def committee_decision(round_outcomes: Mapping[str, int | None]) -> CommitteeDecision:
    """Combine each round's recommendation (1-4, None when not yet reviewed) the way a committee would.

    A verdict needs every round reviewed: until then the outcome is Incomplete (a verdict from one
    round of six would mislead). With every round reviewed:
    1. Any round at Strong no hire, or two or more rounds at Lean no hire: No hire.
    2. Otherwise, every round at Lean hire or better and at least half at Strong hire: Strong hire.
    3. Otherwise (at most one Lean no hire, no Strong no hire): Hire.
    """
    known = {kind: value for kind, value in round_outcomes.items() if value is not None}
    missing = [kind for kind, value in round_outcomes.items() if value is None]
    if missing:
        reviewed = len(known)
        return CommitteeDecision(
            "Incomplete",
            [
                f"{reviewed} of {len(round_outcomes)} rounds reviewed: the committee decides once every "
                "round has been reviewed."
            ],
            True,
        )
    strong_no = [k for k, v in known.items() if v == 1]
    lean_no = [k for k, v in known.items() if v == 2]
    strong_yes = [k for k, v in known.items() if v == 4]
    reasons: list[str] = []
    if strong_no:
        outcome = "No hire"
        reasons.append(f"Strong no hire in {len(strong_no)} round(s).")
    elif len(lean_no) >= 2:
        outcome = "No hire"
        reasons.append(f"Lean no hire in {len(lean_no)} rounds (two or more).")
    elif not lean_no and len(strong_yes) * 2 >= len(known):
        outcome = "Strong hire"
        reasons.append(
            f"Every round at Lean hire or better; Strong hire in {len(strong_yes)} of {len(known)}."
        )
    else:
        outcome = "Hire"
        if lean_no:
            reasons.append("One round at Lean no hire, none at Strong no hire.")
        else:
            reasons.append("Every round at Lean hire or better.")
    return CommitteeDecision(outcome, reasons, False)


# --- Practice plan --------------------------------------------------------------------------------


def plan_shares(
    base: Mapping[str, float], readiness: Mapping[str, float | None], *, shift: float = 1.0
) -> dict[str, float]:
    """Shares of prep time per round (summing to 1): the base mix, tilted toward weak rounds.

    Each round's weight is base * (1 + shift * weakness), weakness = 1 - readiness/100; a round with no
    reviewed attempt counts as half ready (weakness 0.5), so it is neither skipped nor over-weighted.
    """
    weights: dict[str, float] = {}
    for kind, share in base.items():
        ready = readiness.get(kind)
        weakness = 0.5 if ready is None else 1 - ready / 100
        weights[kind] = share * (1 + shift * weakness)
    total = sum(weights.values())
    return {kind: value / total for kind, value in weights.items()}


def split_hours(shares: Mapping[str, float], total_minutes: int, *, step: int = 15) -> dict[str, int]:
    """Whole `step`-minute blocks per round, summing exactly to total_minutes (largest remainder)."""
    blocks = total_minutes // step
    raw = {kind: share * blocks for kind, share in shares.items()}
    floors = {kind: math.floor(v) for kind, v in raw.items()}
    left = blocks - sum(floors.values())
    for kind in sorted(raw, key=lambda k: (raw[k] - floors[k], shares[k]), reverse=True)[:left]:
        floors[kind] += 1
    return {kind: n * step for kind, n in floors.items()}


# --- Geometry of the readiness chart --------------------------------------------------------------


def radar_point(
    index: int, count: int, fraction: float, radius: float, cx: float, cy: float
) -> tuple[float, float]:
    """Where axis `index` of `count` reaches `fraction` (0..1) of the radius; axis 0 points up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (
        round(cx + radius * fraction * math.cos(angle), 1),
        round(cy + radius * fraction * math.sin(angle), 1),
    )
