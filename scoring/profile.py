"""What a candidate sees of their results: each round's aggregated outcome, the loop debrief, the
six-axis readiness profile with trends and weakest topics, and the practice plan.

Everything is computed from one prefetched read (`finished_sessions_with_results`), so each page costs
a fixed number of queries however many rounds the candidate has done.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from interviews.models import InterviewSession, SessionQuestion
from questionbank.models import QuestionVersion, RoundKind, Status, Topic

from . import maths
from .models import COUNTED_KINDS, QueueStatus, Review, ReviewStatus
from .selectors import FINISHED

ROUND_ORDER = [kind for kind, _ in RoundKind.choices]
ROUND_LABELS = dict(RoundKind.choices)
# How a typical ML engineer loop's prep time splits before any result is known: ML breadth is asked in
# nearly every loop and covers the most ground, so it gets the largest share.
BASE_SHARES: dict[str, float] = {
    RoundKind.ML_BREADTH: 0.25,
    RoundKind.CODING: 0.20,
    RoundKind.ML_SYSTEM_DESIGN: 0.20,
    RoundKind.ML_DOMAIN: 0.15,
    RoundKind.PROJECT_DEEP_DIVE: 0.10,
    RoundKind.BEHAVIOURAL: 0.10,
}
RECENT_FOR_READINESS = 3  # a round kind's readiness is the mean of its latest three reviewed rounds
MACHINE_WEIGHT = 0.25  # an automatic read of an unreviewed round counts a quarter of a reviewed one
SUGGESTED_QUESTIONS = 3


@dataclass
class CriterionResult:
    key: str
    title: str
    weight: int
    median: float | None
    levels: dict[str, str]

    @property
    def level(self) -> int | None:
        """The level whose descriptor is shown: the lower one when two reviewers split (2.5 shows 2)."""
        return None if self.median is None else int(self.median)

    @property
    def descriptor(self) -> str:
        return self.levels.get(str(self.level), "") if self.level else ""

    @property
    def is_split(self) -> bool:
        return self.median is not None and self.median != int(self.median)


@dataclass
class RoundResult:
    session: InterviewSession
    criteria: list[CriterionResult]
    score: float | None
    recommendation: int | None
    review_count: int
    reviews_needed: int
    final: bool
    red_flags: list[tuple[str, int]]
    topics: list[Topic]

    @property
    def round_kind(self) -> str:
        return self.session.round_kind

    @property
    def label(self) -> str:
        return ROUND_LABELS[self.session.round_kind]

    @property
    def when(self) -> datetime:
        return self.session.submitted_at or self.session.created_at

    @property
    def percent(self) -> float | None:
        return maths.readiness_percent(self.score)

    @property
    def recommendation_label(self) -> str:
        return maths.RECOMMENDATION_LABELS.get(self.recommendation or 0, "No recommendation")

    @property
    def strongest(self) -> CriterionResult | None:
        scored = [c for c in self.criteria if c.median is not None]
        return max(scored, key=lambda c: (c.median, c.weight)) if scored else None

    @property
    def weakest(self) -> CriterionResult | None:
        scored = [c for c in self.criteria if c.median is not None]
        return min(scored, key=lambda c: (c.median, -c.weight)) if scored else None


def with_results(sessions: QuerySet[InterviewSession]) -> QuerySet[InterviewSession]:
    """Sessions with what `round_result` reads prefetched: counted reviews (oldest first) and topics."""
    reviews = (
        Review.objects.filter(status=ReviewStatus.SUBMITTED, kind__in=COUNTED_KINDS, discounted=False)
        .select_related("rubric_version")
        .prefetch_related("red_flags")
        .order_by("submitted_at", "pk")
    )
    items = SessionQuestion.objects.select_related("question_version").prefetch_related(
        "question_version__topics"
    )
    return sessions.select_related("queue_item").prefetch_related(
        Prefetch("reviews", queryset=reviews), Prefetch("items", queryset=items)
    )


def finished_sessions_with_results(
    *, user: User, session_id: int | None = None, loop_id: int | None = None
) -> list[InterviewSession]:
    """The candidate's finished rounds (all, one, or a loop's), oldest first, with reviews and topics."""
    sessions = InterviewSession.objects.filter(candidate=user, status__in=FINISHED)
    if session_id is not None:
        sessions = sessions.filter(pk=session_id)
    if loop_id is not None:
        sessions = sessions.filter(loop_id=loop_id)
    return list(with_results(sessions).order_by("submitted_at", "pk"))


def round_result(session: InterviewSession) -> RoundResult | None:
    """Aggregate a round's counting reviews (prefetched): per-criterion median, weighted score, outcome."""
    reviews = [r for r in session.reviews.all() if r.counts]
    if not reviews:
        return None
    criteria = reviews[-1].rubric_version.criteria  # a round's reviews all pin the same version
    keys = [c["key"] for c in criteria]
    medians = maths.aggregate_criteria([r.scores for r in reviews], keys)
    score = maths.weighted_score(medians, {c["key"]: c["weight"] for c in criteria})
    flags = Counter(flag.text for r in reviews for flag in r.red_flags.all())
    item = getattr(session, "queue_item", None)
    topics: dict[int, Topic] = {}
    for question in session.items.all():
        for topic in question.question_version.topics.all():
            topics.setdefault(topic.pk, topic)
    return RoundResult(
        session=session,
        criteria=[
            CriterionResult(c["key"], c["title"], c["weight"], medians[c["key"]], c["levels"])
            for c in criteria
        ],
        score=score,
        recommendation=maths.lower_median([r.recommendation for r in reviews if r.recommendation]),
        review_count=len(reviews),
        reviews_needed=item.reviews_needed if item else len(reviews),
        final=item is None or item.status == QueueStatus.COMPLETE,
        red_flags=flags.most_common(),
        topics=sorted(topics.values(), key=lambda t: t.name),
    )


def results_for(sessions: list[InterviewSession]) -> list[RoundResult]:
    return [r for r in (round_result(s) for s in sessions) if r is not None]


def readiness(
    results: list[RoundResult], machine: dict[str, list[float]] | None = None
) -> dict[str, float | None]:
    """Per round kind, 0-100%: the mean weighted score of its latest reviewed rounds.

    ``machine`` holds automatic-feedback scores (1-4) of rounds no human has reviewed yet, oldest first
    (machine_feedback.machine_round_scores); each counts MACHINE_WEIGHT of a reviewed round."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    for result in results:
        if result.score is not None:
            by_kind[result.round_kind].append(result.score)
    out: dict[str, float | None] = {}
    for kind in ROUND_ORDER:
        recent = by_kind.get(kind, [])[-RECENT_FOR_READINESS:]
        reads = (machine or {}).get(kind, [])[-RECENT_FOR_READINESS:]
        weight = len(recent) + MACHINE_WEIGHT * len(reads)
        total = sum(recent) + MACHINE_WEIGHT * sum(reads)
        out[kind] = maths.readiness_percent(total / weight) if weight else None
    return out


def provisional_kinds(results: list[RoundResult], machine: dict[str, list[float]] | None) -> set[str]:
    """Round kinds whose readiness rests on automatic feedback alone (shown as provisional)."""
    reviewed = {r.round_kind for r in results if r.score is not None}
    return {kind for kind, reads in (machine or {}).items() if reads and kind not in reviewed}


# --- Readiness chart and trends -------------------------------------------------------------------


@dataclass
class RadarAxis:
    label: str
    percent: float | None
    end: tuple[float, float]
    label_at: tuple[float, float]
    anchor: str


def radar_chart(values: dict[str, float | None], *, size: int = 360) -> dict[str, object]:
    """Coordinates for the server-rendered SVG: rings, axes, labels and the readiness polygon."""
    cx = cy = size / 2
    radius = size / 2 - 70
    count = len(ROUND_ORDER)

    def ring(fraction: float) -> str:
        return " ".join(
            f"{x},{y}"
            for x, y in (maths.radar_point(i, count, fraction, radius, cx, cy) for i in range(count))
        )

    axes = []
    for i, kind in enumerate(ROUND_ORDER):
        label_at = maths.radar_point(i, count, 1.18, radius, cx, cy)
        anchor = "middle" if abs(label_at[0] - cx) < 5 else ("start" if label_at[0] > cx else "end")
        axes.append(
            RadarAxis(
                ROUND_LABELS[kind],
                values.get(kind),
                maths.radar_point(i, count, 1.0, radius, cx, cy),
                label_at,
                anchor,
            )
        )
    shape = [
        maths.radar_point(i, count, (values.get(kind) or 0) / 100, radius, cx, cy)
        for i, kind in enumerate(ROUND_ORDER)
    ]
    parts = [
        f"{ROUND_LABELS[kind]} {values[kind]:.0f}%"
        if values.get(kind) is not None
        else f"{ROUND_LABELS[kind]} not reviewed yet"
        for kind in ROUND_ORDER
    ]
    return {
        "size": size,
        "cx": cx,
        "cy": cy,
        "rings": [ring(f) for f in (0.25, 0.5, 0.75, 1.0)],
        "axes": axes,
        "shape": " ".join(f"{x},{y}" for x, y in shape),
        "points": shape,
        "desc": "Readiness by round, from 0% (every criterion at level 1) to 100% (every criterion at level 4): "
        + "; ".join(parts)
        + ".",
    }


@dataclass
class Trend:
    name: str
    points: list[tuple[datetime, float]]
    sparkline: str = ""

    @property
    def attempts(self) -> int:
        return len(self.points)

    @property
    def average(self) -> float:
        return sum(p for _, p in self.points) / len(self.points)

    @property
    def first(self) -> float:
        return self.points[0][1]

    @property
    def latest(self) -> float:
        return self.points[-1][1]

    @property
    def change(self) -> float:
        return self.latest - self.first


def _sparkline(values: list[float], width: int = 160, height: int = 40) -> str:
    if len(values) == 1:
        return f"0,{height - values[0] / 100 * height:.1f} {width},{height - values[0] / 100 * height:.1f}"
    step = width / (len(values) - 1)
    return " ".join(f"{i * step:.1f},{height - v / 100 * height:.1f}" for i, v in enumerate(values))


def trends_by_round(results: list[RoundResult]) -> list[Trend]:
    trends = []
    for kind in ROUND_ORDER:
        points = [(r.when, r.percent) for r in results if r.round_kind == kind and r.percent is not None]
        if points:
            trends.append(Trend(ROUND_LABELS[kind], points, _sparkline([p for _, p in points])))
    return trends


def trends_by_topic(results: list[RoundResult]) -> list[Trend]:
    """A round's score counts for every topic of its questions (rubrics score rounds, not questions)."""
    points: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    for result in results:
        if result.percent is None:
            continue
        for topic in result.topics:
            points[topic.name].append((result.when, result.percent))
    return [Trend(name, pts, _sparkline([p for _, p in pts])) for name, pts in sorted(points.items())]


def weakest_topics(results: list[RoundResult], limit: int = 5) -> list[Trend]:
    return sorted(trends_by_topic(results), key=lambda t: (t.average, -t.attempts, t.name))[:limit]


# --- Loop debrief ---------------------------------------------------------------------------------


@dataclass
class DebriefRound:
    round_kind: str
    label: str
    result: RoundResult | None
    newer_waiting: InterviewSession | None = None


@dataclass
class Debrief:
    rounds: list[DebriefRound]
    decision: maths.CommitteeDecision


def debrief_for(sessions: list[InterviewSession], *, kinds: list[str] | None = None) -> Debrief:
    """The latest reviewed round of each kind (of a loop's kinds, in loop order), and the committee
    decision over their outcomes."""
    results = {r.session.pk: r for r in results_for(sessions)}
    rounds = []
    for kind in kinds or ROUND_ORDER:
        of_kind = [s for s in sessions if s.round_kind == kind]
        reviewed = [s for s in of_kind if s.pk in results]
        latest = results[reviewed[-1].pk] if reviewed else None
        waiting = of_kind[-1] if of_kind and (latest is None or of_kind[-1].pk != latest.session.pk) else None
        rounds.append(DebriefRound(kind, ROUND_LABELS[kind], latest, waiting))
    decision = maths.committee_decision(
        {r.round_kind: (r.result.recommendation if r.result else None) for r in rounds}
    )
    return Debrief(rounds, decision)


# --- Practice plan --------------------------------------------------------------------------------


@dataclass
class PlanRow:
    round_kind: str
    label: str
    readiness: float | None
    base_share: float
    share: float
    minutes_per_week: int
    questions: list[QuestionVersion] = field(default_factory=list)
    provisional: bool = False  # readiness from automatic feedback only

    @property
    def hours_per_week(self) -> str:
        hours, minutes = divmod(self.minutes_per_week, 60)
        return f"{hours} h {minutes:02d} min"


@dataclass
class PlanWeek:
    start: datetime
    rounds: list[tuple[PlanRow, QuestionVersion | None]]


@dataclass
class Plan:
    weeks: int
    hours_per_week: int
    rows: list[PlanRow]
    schedule: list[PlanWeek]


def _unseen_questions(
    user: User, kind: str, weak_topics: set[str], target_level: str, limit: int, target_domain: str = ""
) -> list[QuestionVersion]:
    """Published questions of the kind the candidate has never been given: for the domain round the
    candidate's domain first, then weak topics, then their level."""
    seen = SessionQuestion.objects.filter(session__candidate=user).values("question_version__question_id")
    other_domain: Case | Value = Value(0)
    if kind == RoundKind.ML_DOMAIN and target_domain:
        other_domain = Case(When(domain=target_domain, then=Value(0)), default=Value(1))
    return list(
        QuestionVersion.objects.filter(
            question__round_kind=kind, question__status=Status.PUBLISHED, question__current_version_id=F("id")
        )
        .exclude(question_id__in=seen)
        .annotate(weak=Count("topics", filter=Q(topics__name__in=weak_topics), distinct=True))
        .annotate(other_level=Case(When(level=target_level, then=Value(0)), default=Value(1)))
        .annotate(other_domain=other_domain)
        .order_by("other_domain", "-weak", "other_level", "question__slug")
        .select_related("question")
        .prefetch_related("topics")[:limit]
    )


def practice_plan(
    *,
    user: User,
    results: list[RoundResult],
    weeks: int,
    hours_per_week: int,
    target_level: str = "",
    target_domain: str = "",
    now: datetime | None = None,
    machine: dict[str, list[float]] | None = None,
) -> Plan:
    """Spread `hours_per_week` over the six rounds by the base mix tilted toward weak rounds."""
    now = now or timezone.now()
    ready = readiness(results, machine)
    provisional = provisional_kinds(results, machine)
    shares = maths.plan_shares(BASE_SHARES, ready)
    minutes = maths.split_hours(shares, hours_per_week * 60)
    weak = {t.name for t in weakest_topics(results)}
    rows = [
        PlanRow(
            kind,
            ROUND_LABELS[kind],
            ready[kind],
            BASE_SHARES[kind],
            shares[kind],
            minutes[kind],
            _unseen_questions(user, kind, weak, target_level, max(SUGGESTED_QUESTIONS, weeks), target_domain),
            kind in provisional,
        )
        for kind in ROUND_ORDER
    ]
    rows.sort(key=lambda r: (-r.minutes_per_week, ROUND_ORDER.index(r.round_kind)))
    # Week w works on the w-th suggested question of each round, so the suggestions spread over the weeks.
    schedule = [
        PlanWeek(
            now + timedelta(weeks=w),
            [(row, row.questions[w] if w < len(row.questions) else None) for row in rows],
        )
        for w in range(weeks)
    ]
    return Plan(weeks, hours_per_week, rows, schedule)
