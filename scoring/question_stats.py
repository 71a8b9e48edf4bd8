"""Statistics of one question for curators: how often it is used, how candidates score on it, how long
rounds with it take, and how well it separates strong candidates from weak ones.

Reviews score a whole round, not each question of it, so a question's score in a session is that round's
weighted rubric score (1-4, the same aggregate candidates see: per-criterion medians of the counting
reviews, weight-averaged). Discrimination is the item-rest correlation used for test items: across
candidates, the Pearson correlation between the round's score and the mean score of the candidate's
other reviewed rounds (the other rounds of the same loop when the round is part of a booked loop).
Everything is read in a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count

from interviews.models import Answer, InterviewSession, SessionQuestion
from questionbank.models import Question

from .models import Submission, SubmissionKind, SubmissionStatus
from .profile import round_result, with_results
from .selectors import FINISHED

MIN_SCORED = 5  # fewer reviewed rounds than this: the distribution says "too few data"
MIN_PAIRS = 5  # fewer (score, rest of loop) pairs than this: no discrimination figure
LEVEL_LABELS = {1: "1 (weak)", 2: "2", 3: "3", 4: "4 (strong)"}
GRADER_BUCKETS = [(0.0, 0.5, "under 50%"), (0.5, 0.8, "50-79%"), (0.8, 1.0, "80-99%"), (1.0, 1.01, "100%")]


@dataclass
class Bucket:
    label: str
    count: int
    percent: float


@dataclass
class QuestionStats:
    times_used: int
    by_version: list[tuple[int, int]]  # (version number, sessions)
    finished: int
    answered: int
    scored: int
    mean_score: float | None
    distribution: list[Bucket]
    grader_distribution: list[Bucket]
    graded: int
    mean_minutes: float | None
    timed: int
    discrimination: float | None
    pairs: int
    notes: list[str] = field(default_factory=list)

    @property
    def too_few_scores(self) -> bool:
        return self.scored < MIN_SCORED

    @property
    def too_few_pairs(self) -> bool:
        return self.discrimination is None

    @property
    def discrimination_label(self) -> str:
        """A reading of the item-rest correlation, with the thresholds test designers commonly use."""
        r = self.discrimination
        if r is None:
            return ""
        if r >= 0.4:
            return "separates strong from weak candidates very well"
        if r >= 0.3:
            return "separates strong from weak candidates well"
        if r >= 0.2:
            return "separates them somewhat; worth a look"
        if r >= 0:
            return "hardly separates them: review the question and its rubric use"
        return "strong candidates do worse on it than weak ones: check it for errors"


def pearson(pairs: Sequence[tuple[float, float]]) -> float | None:
    """The correlation of the pairs; None with fewer than two pairs or when either side never varies."""
    n = len(pairs)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    return sxy / math.sqrt(sxx * syy)


def _buckets(counts: Counter[str], labels: list[str]) -> list[Bucket]:
    total = sum(counts.values())
    return [Bucket(label, counts[label], 100 * counts[label] / total if total else 0.0) for label in labels]


def _level(score: float) -> int:
    return min(4, max(1, math.floor(score + 0.5)))


def question_stats(*, question: Question) -> QuestionStats:
    items = list(
        SessionQuestion.objects.filter(question_version__question=question)
        .select_related("session", "question_version")
        .annotate(items_in_session=Count("session__items", distinct=True))
    )
    by_version = Counter(item.question_version.number for item in items)
    finished_items = [item for item in items if item.session.status in FINISHED]
    answered_ids = set(
        Answer.objects.filter(item__in=[item.pk for item in finished_items])
        .exclude(text="")
        .values_list("item_id", flat=True)
    )

    # Time: rounds are timed as a whole, so a round's time is split evenly across its questions.
    minutes = [
        (item.session.submitted_at - item.session.started_at).total_seconds()
        / 60
        / max(1, item.items_in_session)
        for item in finished_items
        if item.session.started_at and item.session.submitted_at
    ]

    # Scores: this question's rounds, then every other finished round of the same candidates.
    own_ids = {item.session_id for item in finished_items}
    candidates = {item.session.candidate_id for item in finished_items}
    other_ids = set(
        InterviewSession.objects.filter(candidate_id__in=candidates, status__in=FINISHED)
        .exclude(pk__in=own_ids)
        .values_list("pk", flat=True)
    )
    scores: dict[int, float] = {}
    for session in with_results(InterviewSession.objects.filter(pk__in=own_ids | other_ids)):
        result = round_result(session)
        if result is not None and result.score is not None:
            scores[session.pk] = result.score
    sessions = {item.session_id: item.session for item in finished_items}
    rounds_by_candidate: dict[int, list[InterviewSession]] = defaultdict(list)
    for session in InterviewSession.objects.filter(pk__in=own_ids | other_ids).only(
        "pk", "candidate_id", "loop_id"
    ):
        rounds_by_candidate[session.candidate_id].append(session)

    own_scores = [scores[pk] for pk in own_ids if pk in scores]
    pairs = []
    for pk in own_ids:
        if pk not in scores:
            continue
        session = sessions[pk]
        others = [s for s in rounds_by_candidate[session.candidate_id] if s.pk != pk and s.pk in scores]
        if session.loop_id is not None:
            others = [s for s in others if s.loop_id == session.loop_id]
        if others:
            pairs.append((scores[pk], sum(scores[s.pk] for s in others) / len(others)))
    correlation = pearson(pairs) if len(pairs) >= MIN_PAIRS else None

    levels = Counter(LEVEL_LABELS[_level(score)] for score in own_scores)
    graded = _grader_scores(finished_items) if question.round_kind == "coding" else []
    grader_counts = Counter(
        next(label for low, high, label in GRADER_BUCKETS if low <= score < high) for score in graded
    )
    notes = []
    if len(items) > len({item.session_id for item in items}):
        notes.append("A question asked twice in one round counts once per time asked.")
    return QuestionStats(
        times_used=len(items),
        by_version=sorted(by_version.items(), reverse=True),
        finished=len(finished_items),
        answered=len(answered_ids),
        scored=len(own_scores),
        mean_score=sum(own_scores) / len(own_scores) if own_scores else None,
        distribution=_buckets(levels, list(LEVEL_LABELS.values())),
        grader_distribution=_buckets(grader_counts, [label for _, _, label in GRADER_BUCKETS]),
        graded=len(graded),
        mean_minutes=sum(minutes) / len(minutes) if minutes else None,
        timed=len(minutes),
        discrimination=correlation,
        pairs=len(pairs),
        notes=notes,
    )


def _grader_scores(items: Sequence[SessionQuestion]) -> list[float]:
    """The hidden-test share of each item's last graded submission (coding only)."""
    latest: dict[int, float] = {}
    submissions = (
        Submission.objects.filter(
            item__in=[item.pk for item in items], kind=SubmissionKind.SUBMIT, status=SubmissionStatus.DONE
        )
        .exclude(score=None)
        .order_by("created_at", "pk")
        .values_list("item_id", "score")
    )
    for item_id, score in submissions:
        if item_id is not None and score is not None:  # excluded above; the column types allow them
            latest[item_id] = score
    return [min(1.0, max(0.0, score)) for score in latest.values()]
