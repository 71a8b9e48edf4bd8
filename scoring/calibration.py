"""Calibration: gold rounds scored by curators, reviewers' attempts on them, and agreement statistics.

A reviewer is calibrated for a round kind once their latest CALIBRATION_ATTEMPTS_REQUIRED attempts on
gold rounds of that kind were each within one point of the gold score on every criterion
(scoring.maths.within_one_everywhere / is_calibrated). Until then the peer queue gives them none of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from config.errors import ApplicationError
from interviews.models import InterviewSession, ReviewerRound
from questionbank.models import RoundKind
from questionbank.roles import require_curator

from . import maths
from .models import (
    COUNTED_KINDS,
    GoldSubmission,
    Review,
    ReviewerCalibration,
    ReviewKind,
    ReviewStatus,
)
from .selectors import FINISHED
from .services import review_start, rubric_version_required


@transaction.atomic
def gold_mark(*, session: InterviewSession, curator: User, now: datetime | None = None) -> Review:
    """Make a finished round gold and open the curator's gold review of it (returned as a draft).

    The round becomes usable for calibration once that review is submitted.
    """
    now = now or timezone.now()
    require_curator(curator, "Only curators can mark gold rounds.")
    if session.status not in FINISHED:
        raise ApplicationError("Only a submitted round can be gold.", status=409)
    if session.candidate_id == curator.pk:
        raise ApplicationError("Your own round cannot be gold: another curator must score it.", status=403)
    existing = Review.objects.filter(session=session, reviewer=curator).first()
    if existing is not None and existing.kind != ReviewKind.GOLD:
        raise ApplicationError(
            "You already reviewed this round, so your scores would not be blind.", status=409
        )
    gold, created = GoldSubmission.objects.get_or_create(
        session=session, defaults={"round_kind": session.round_kind, "marked_by": curator}
    )
    if not created and gold.marked_by_id != curator.pk:
        raise ApplicationError("Another curator has already marked this round gold.", status=409)
    if existing is not None:
        return existing
    return review_start(
        session=session,
        reviewer=curator,
        kind=ReviewKind.GOLD,
        rubric_version=rubric_version_required(session),
        now=now,
    )


def _gold_reviews(session_ids: set[int]) -> dict[int, Review]:
    reviews = Review.objects.filter(
        session_id__in=session_ids, kind=ReviewKind.GOLD, status=ReviewStatus.SUBMITTED
    ).select_related("rubric_version")
    return {r.session_id: r for r in reviews}


@transaction.atomic
def calibration_start(*, reviewer: User, round_kind: str, now: datetime | None = None) -> Review:
    """Open a calibration attempt on a gold round of this kind that the reviewer has not scored yet."""
    now = now or timezone.now()
    if round_kind not in RoundKind.values:
        raise ApplicationError("Unknown round kind.", status=404)
    if not ReviewerRound.objects.filter(user=reviewer, round_kind=round_kind).exists():
        raise ApplicationError("Opt in to reviewing this round first (on your profile).", status=403)
    draft = Review.objects.filter(
        reviewer=reviewer,
        kind=ReviewKind.CALIBRATION,
        status=ReviewStatus.DRAFT,
        session__round_kind=round_kind,
    ).first()
    if draft is not None:
        return draft
    gold = (
        GoldSubmission.objects.filter(round_kind=round_kind)
        .filter(session__reviews__kind=ReviewKind.GOLD, session__reviews__status=ReviewStatus.SUBMITTED)
        .exclude(session__candidate=reviewer)
        .exclude(session__reviews__reviewer=reviewer)
        .select_related("session")
        .order_by("created_at", "pk")
        .first()
    )
    if gold is None:
        raise ApplicationError(
            "There is no gold round of this kind left for you to score; a curator will add more.", status=409
        )
    gold_review = _gold_reviews({gold.session_id})[gold.session_id]
    return review_start(
        session=gold.session,
        reviewer=reviewer,
        kind=ReviewKind.CALIBRATION,
        rubric_version=gold_review.rubric_version,
        now=now,
    )


@dataclass
class ComparisonRow:
    key: str
    title: str
    mine: int | None
    gold: int | None
    difference: int | None

    @property
    def within_one(self) -> bool:
        return self.difference is not None and abs(self.difference) <= 1


@dataclass
class Comparison:
    rows: list[ComparisonRow]
    passed: bool
    gold: Review


def compare_with_gold(review: Review, gold: Review) -> Comparison:
    keys = [c["key"] for c in review.rubric_version.criteria]
    titles = {c["key"]: c["title"] for c in review.rubric_version.criteria}
    diffs = maths.criterion_differences(review.scores, gold.scores, keys)
    rows = [ComparisonRow(k, titles[k], review.scores.get(k), gold.scores.get(k), diffs[k]) for k in keys]
    return Comparison(rows=rows, passed=maths.within_one_everywhere(diffs), gold=gold)


def calibration_comparison(review: Review) -> Comparison | None:
    """For a submitted attempt (or any submitted review of a gold round): the per-criterion differences."""
    if not review.is_submitted or review.kind == ReviewKind.GOLD:
        return None
    gold = _gold_reviews({review.session_id}).get(review.session_id)
    return compare_with_gold(review, gold) if gold is not None else None


def _attempts(user: User, round_kind: str | None = None) -> list[tuple[Review, Comparison]]:
    reviews = Review.objects.filter(
        reviewer=user, kind=ReviewKind.CALIBRATION, status=ReviewStatus.SUBMITTED
    ).select_related("rubric_version", "session")
    if round_kind:
        reviews = reviews.filter(session__round_kind=round_kind)
    attempts = list(reviews.order_by("submitted_at", "pk"))
    golds = _gold_reviews({r.session_id for r in attempts})
    return [(r, compare_with_gold(r, golds[r.session_id])) for r in attempts if r.session_id in golds]


def calibration_record(*, review: Review, now: datetime) -> bool:
    """After an attempt is submitted: mark the reviewer calibrated for the kind if the rule holds."""
    kind = review.session.round_kind
    passes = [comparison.passed for _, comparison in _attempts(review.reviewer, kind)]
    if maths.is_calibrated(passes, settings.CALIBRATION_ATTEMPTS_REQUIRED):
        ReviewerCalibration.objects.get_or_create(
            user=review.reviewer, round_kind=kind, defaults={"calibrated_at": now}
        )
        return True
    return False


@dataclass
class KindStatus:
    round_kind: str
    label: str
    calibrated: bool
    attempts: list[tuple[Review, Comparison]] = field(default_factory=list)
    draft: Review | None = None

    @property
    def passes(self) -> int:
        return sum(1 for _, c in self.attempts if c.passed)


def calibration_overview(user: User) -> list[KindStatus]:
    """Per round kind the user reviews: calibrated or not, past attempts, an unfinished attempt."""
    labels = dict(RoundKind.choices)
    kinds = list(
        ReviewerRound.objects.filter(user=user).order_by("round_kind").values_list("round_kind", flat=True)
    )
    calibrated = set(ReviewerCalibration.objects.filter(user=user).values_list("round_kind", flat=True))
    drafts = {
        r.session.round_kind: r
        for r in Review.objects.filter(
            reviewer=user, kind=ReviewKind.CALIBRATION, status=ReviewStatus.DRAFT
        ).select_related("session")
    }
    by_kind: dict[str, list[tuple[Review, Comparison]]] = defaultdict(list)
    for review, comparison in _attempts(user):
        by_kind[review.session.round_kind].append((review, comparison))
    return [
        KindStatus(kind, labels[kind], kind in calibrated, by_kind.get(kind, []), drafts.get(kind))
        for kind in kinds
    ]


# --- Agreement (curators) -------------------------------------------------------------------------


@dataclass
class ReviewerAgreement:
    user_id: int
    username: str
    gold_pairs: int
    gold_mad: float | None
    gold_kappa: float | None
    peer_pairs: int
    peer_mad: float | None
    peer_kappa: float | None
    reasons: list[str]

    @property
    def is_outlier(self) -> bool:
        return bool(self.reasons)


def _outlier_reasons(label: str, pairs: int, mad: float | None, kappa: float | None) -> list[str]:
    if pairs < settings.AGREEMENT_MIN_PAIRS:
        return []
    reasons = []
    if mad is not None and mad > settings.AGREEMENT_OUTLIER_MAD:
        reasons.append(f"{label}: mean difference {mad:.2f} > {settings.AGREEMENT_OUTLIER_MAD}")
    if kappa is not None and kappa < settings.AGREEMENT_OUTLIER_KAPPA:
        reasons.append(f"{label}: kappa {kappa:.2f} < {settings.AGREEMENT_OUTLIER_KAPPA}")
    return reasons


def _pairs(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[int, int]]:
    return [(a[k], b[k]) for k in a if k in b and a[k] is not None and b[k] is not None]


def agreement_report() -> list[ReviewerAgreement]:
    """Per reviewer: agreement with gold scores and with other reviewers of the same rounds.

    With gold: every submitted review on a gold round, paired criterion by criterion with the gold review.
    With others: every pair of counting reviews of the same round, each criterion a pair (mine, theirs).
    Two queries whatever the amount of data; the arithmetic is scoring.maths.
    """
    rows: list[Mapping[str, Any]] = list(
        Review.objects.filter(status=ReviewStatus.SUBMITTED, discounted=False).values(
            "session_id", "reviewer_id", "kind", "scores"
        )
    )
    by_session: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_session[row["session_id"]].append(row)
    gold_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    peer_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for reviews in by_session.values():
        gold = next((r for r in reviews if r["kind"] == ReviewKind.GOLD), None)
        counted = [r for r in reviews if r["kind"] in COUNTED_KINDS]
        for review in reviews:
            if review["kind"] == ReviewKind.GOLD:
                continue
            if gold is not None and gold["reviewer_id"] != review["reviewer_id"]:
                gold_pairs[review["reviewer_id"]].extend(_pairs(review["scores"], gold["scores"]))
        for review in counted:
            for other in counted:
                if other is not review and other["reviewer_id"] != review["reviewer_id"]:
                    peer_pairs[review["reviewer_id"]].extend(_pairs(review["scores"], other["scores"]))
    reviewer_ids = {r["reviewer_id"] for r in rows if r["kind"] != ReviewKind.GOLD} | set(peer_pairs)
    names = dict(User.objects.filter(pk__in=reviewer_ids).values_list("pk", "username"))
    report = []
    for user_id in sorted(reviewer_ids, key=lambda pk: names.get(pk, "")):
        g, p = gold_pairs.get(user_id, []), peer_pairs.get(user_id, [])
        g_mad, g_kappa = maths.mean_absolute_difference(g), maths.weighted_kappa(g)
        p_mad, p_kappa = maths.mean_absolute_difference(p), maths.weighted_kappa(p)
        reasons = _outlier_reasons("with gold", len(g), g_mad, g_kappa) + _outlier_reasons(
            "with other reviewers", len(p), p_mad, p_kappa
        )
        report.append(
            ReviewerAgreement(
                user_id, names.get(user_id, "?"), len(g), g_mad, g_kappa, len(p), p_mad, p_kappa, reasons
            )
        )
    return report
