"""Grading, reviewing and results over the API (docs/api.md): code submissions and their verdicts, a round's
results and feedback, the readiness profile, debrief and practice plan, the review queue and review form
(blind: nobody sees others' scores of a round before submitting their own), calibration, and the curators'
queue, flags, gold rounds and agreement.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.access import get_item_for_candidate
from interviews.api.serializers import AnswerSerializer, SessionSerializer
from interviews.models import InterviewSession, Loop, ReviewerRound
from interviews.selectors import session_with_answers
from interviews.services import profile_of
from questionbank.models import RedFlag, RoundKind
from questionbank.roles import is_curator

from . import calibration, grading, maths, profile, selectors, services
from .access import (
    get_finished_session_for_candidate,
    get_finished_session_for_curator,
    get_flag_for_curator,
    get_review_for_candidate,
    get_review_for_reviewer,
    require_curator,
    require_reviewer,
)
from .grading_views import get_submission_for_user
from .models import (
    FlagStatus,
    QueueItem,
    Recommendation,
    Review,
    ReviewFlag,
    ReviewKind,
    ReviewStatus,
    Submission,
    SubmissionKind,
    SubmissionStatus,
)

LIST_LIMIT = 100

# ---- submissions and verdicts --------------------------------------------------------------------------


class SubmissionSerializer(serializers.Serializer):
    """A run of the candidate's code. `report` is the candidate's safe view: hidden tests show a verdict,
    never their data. Curators asking for `?full=1` get the judge's full report instead."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SubmissionKind.choices)
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    pending = serializers.BooleanField(source="is_pending", help_text="true while it waits for a verdict")
    verdict = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    passed = serializers.IntegerField()
    total = serializers.IntegerField()
    error = serializers.CharField()
    session = serializers.IntegerField(source="item.session_id", default=None, allow_null=True)
    item = serializers.IntegerField(source="item_id", allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    report = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_report(self, submission: Submission) -> Any:
        return submission.report if self.context.get("full") else submission.candidate_report

    def get_url(self, submission: Submission) -> str:
        return f"/api/submissions/{submission.pk}/"


class SubmissionCreateApi(APIView):
    """POST: run the visible examples or submit against the hidden tests. The code is saved as the answer
    first; the verdict comes later: poll the returned `url` (also the Location header) until `pending` is
    false. 429 when too many runs are waiting or the daily limit is reached."""

    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(trim_whitespace=False, max_length=1_000_000)
        kind = serializers.ChoiceField(choices=SubmissionKind.choices, default=SubmissionKind.SUBMIT)
        base_revision = serializers.IntegerField(
            required=False,
            min_value=0,
            help_text="the answer's revision the code is based on; a stale one is refused with 409",
        )
        custom_input = serializers.CharField(
            required=False,
            allow_blank=True,
            trim_whitespace=False,
            max_length=1_000_000,
            help_text='kind "custom": the arguments as JSON, a list or {"args": [...], "kwargs": {...}}',
        )

    @extend_schema(
        request=InputSerializer,
        responses={202: SubmissionSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="up to 64 characters; a repeated request with the same key returns the first "
                "submission instead of making another",
            )
        ],
    )
    def post(self, request: Request, session_id: int, item_id: int) -> Response:
        _, item = get_item_for_candidate(request.user, session_id, item_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip()
        submission = grading.submission_create(
            user=request.user,  # type: ignore[arg-type]
            item=item,
            idempotency_key=key,
            **data.validated_data,
        )
        submission = get_submission_for_user(request.user, submission.pk)  # type: ignore[arg-type]
        body = SubmissionSerializer(submission).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class SubmissionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)
    kind = django_filters.ChoiceFilter(choices=SubmissionKind.choices)
    session = django_filters.NumberFilter(field_name="item__session_id", min_value=1, max_value=2_147_483_647)

    class Meta:
        model = Submission
        fields: list[str] = []


@extend_schema(
    parameters=[
        OpenApiParameter(
            "session", {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}, required=False
        )
    ]
)
class SubmissionListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: the user's own submissions, newest first."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    queryset = Submission.objects.none()  # the schema's model; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Submission]:
        return (
            Submission.objects.filter(user=self.request.user).select_related("item").order_by("-created_at")
        )


@extend_schema(parameters=[OpenApiParameter("full", bool, description="curators: the judge's full report")])
class SubmissionDetailApi(APIView):
    """GET: poll one submission for its verdict."""

    @extend_schema(responses={200: SubmissionSerializer})
    def get(self, request: Request, submission_id: int) -> Response:
        submission = get_submission_for_user(request.user, submission_id)  # type: ignore[arg-type]
        full = is_curator(request.user) and request.query_params.get("full") in ("1", "true")
        return Response(SubmissionSerializer(submission, context={"full": full}).data)


# ---- results and feedback (candidates) -----------------------------------------------------------------


class CriterionScoreSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    weight = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True)
    descriptor = serializers.CharField()
    comment = serializers.CharField()


class FeedbackSerializer(serializers.Serializer):
    """A submitted review of the candidate's round. Reviewers are anonymous: A, B, ... by arrival."""

    id = serializers.IntegerField()
    label = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    session = serializers.IntegerField(source="session_id")
    round_kind = serializers.CharField(source="session.round_kind")
    submitted_at = serializers.DateTimeField()
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, allow_null=True)
    summary = serializers.CharField()
    grader_score = serializers.FloatField(allow_null=True)
    criteria = serializers.SerializerMethodField()
    red_flags = serializers.SerializerMethodField()
    helpful = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_label(self, review: Review) -> str:
        return str(self.context.get("labels", {}).get(review.pk, "Reviewer"))

    @extend_schema_field(CriterionScoreSerializer(many=True))
    def get_criteria(self, review: Review) -> list[dict[str, Any]]:
        return selectors.review_criteria(review)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_red_flags(self, review: Review) -> list[str]:
        return [flag.text for flag in review.red_flags.all()]

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_helpful(self, review: Review) -> bool | None:
        rating = getattr(review, "rating", None)
        return None if rating is None else rating.helpful

    def get_url(self, review: Review) -> str:
        return f"/api/feedback/{review.pk}/"


def _labels(reviews: list[Review]) -> dict[int, str]:
    return {review.pk: f"Reviewer {chr(65 + i)}" for i, review in enumerate(reviews)}


class RoundResultSerializer(serializers.Serializer):
    """A round's aggregate: the per-criterion median of its reviews and the weighted score."""

    score = serializers.FloatField(
        allow_null=True, help_text="the weighted mean rubric level, 1-4 (for computation)"
    )
    percent = serializers.SerializerMethodField(
        help_text="the round's score as every page shows it: 0-100, a whole percent (halves up)"
    )
    recommendation = serializers.IntegerField(allow_null=True)
    recommendation_label = serializers.CharField()
    review_count = serializers.IntegerField()
    reviews_needed = serializers.IntegerField()
    final = serializers.BooleanField()
    criteria = serializers.SerializerMethodField()
    red_flags = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_percent(self, result: profile.RoundResult) -> int | None:
        return maths.score_percent(result.score)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_criteria(self, result: profile.RoundResult) -> list[dict[str, Any]]:
        return [
            {
                "key": c.key,
                "title": c.title,
                "weight": c.weight,
                "median": c.median,
                "descriptor": c.descriptor,
            }
            for c in result.criteria
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_red_flags(self, result: profile.RoundResult) -> list[dict[str, Any]]:
        return [{"text": text, "count": count} for text, count in result.red_flags]


class SessionResultsApi(APIView):
    """GET: a finished round: the answers, the latest verdict of each coding question, the aggregated
    result once reviewed, and the reviews themselves."""

    class ItemSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        position = serializers.IntegerField()
        title = serializers.CharField(source="question_version.title")
        answers = AnswerSerializer(many=True)
        submission = serializers.SerializerMethodField()
        probe = serializers.SerializerMethodField(
            help_text="coding only: what the interviewer will probe (the problem's follow-ups), shown once the "
            "round is over"
        )

        @extend_schema_field(SubmissionSerializer(allow_null=True))
        def get_submission(self, item: Any) -> Any:
            latest = self.context["latest"].get(item.pk)
            return None if latest is None else SubmissionSerializer(latest).data

        def get_probe(self, item: Any) -> list[str]:
            version = item.question_version
            if version.coding_spec is None:
                return []
            return version.follow_ups

    class OutputSerializer(serializers.Serializer):
        session = SessionSerializer()
        items = serializers.ListField(child=serializers.DictField())
        result = RoundResultSerializer(allow_null=True)
        waiting_for_reviews = serializers.BooleanField()
        reviews = FeedbackSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        session = get_finished_session_for_candidate(request.user, session_id)  # type: ignore[arg-type]
        full = session_with_answers(session_id=session.pk)
        latest = grading.latest_submissions(session=session)
        sessions = profile.finished_sessions_with_results(user=request.user, session_id=session.pk)  # type: ignore[arg-type]
        result = profile.round_result(sessions[0]) if sessions else None
        reviews = selectors.reviews_for_candidate_session(session=session)
        queue_item = QueueItem.objects.filter(session=session).first()
        body = {
            "session": SessionSerializer(session).data,
            "items": self.ItemSerializer(full.items.all(), many=True, context={"latest": latest}).data,
            "result": RoundResultSerializer(result).data if result else None,
            "waiting_for_reviews": queue_item is not None and queue_item.is_open,
            "reviews": FeedbackSerializer(reviews, many=True, context={"labels": _labels(reviews)}).data,
        }
        return Response(body)


class FeedbackListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: every review the candidate has received, newest first."""

    serializer_class = FeedbackSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Review]:
        return (
            selectors.feedback_for_candidate(user=self.request.user)  # type: ignore[arg-type]
            .select_related("rubric_version")
            .prefetch_related("red_flags")
        )


class FeedbackDetailApi(APIView):
    """GET: one review of the candidate's round."""

    @extend_schema(responses={200: FeedbackSerializer})
    def get(self, request: Request, review_id: int) -> Response:
        review = get_review_for_candidate(request.user, review_id)  # type: ignore[arg-type]
        return Response(_feedback_body(review))


def _feedback_body(review: Review) -> Any:
    review = selectors.review_with_rubric(review_id=review.pk)
    siblings = selectors.reviews_for_candidate_session(session=review.session)
    return FeedbackSerializer(review, context={"labels": _labels(siblings)}).data


class FeedbackRateApi(APIView):
    """POST: say whether a review was helpful (rating again replaces the rating)."""

    class InputSerializer(serializers.Serializer):
        helpful = serializers.BooleanField()
        reason = serializers.CharField(allow_blank=True, default="", max_length=services.REASON_MAX_CHARS)

    @extend_schema(request=InputSerializer, responses={200: FeedbackSerializer})
    def post(self, request: Request, review_id: int) -> Response:
        review = get_review_for_candidate(request.user, review_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_rate(review=review, candidate=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(_feedback_body(review))


class FeedbackFlagApi(APIView):
    """POST: report an unfair review to the curators (one open report per review)."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=services.REASON_MAX_CHARS)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.ChoiceField(choices=FlagStatus.choices)
        reason = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, review_id: int) -> Response:
        review = get_review_for_candidate(request.user, review_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = services.review_flag(
            review=review, candidate=request.user, reason=data.validated_data["reason"]
        )  # type: ignore[arg-type]
        return Response(self.OutputSerializer(flag).data, status=status.HTTP_201_CREATED)


# ---- readiness, debrief and plan ------------------------------------------------------------------------


@extend_schema_field(serializers.IntegerField(allow_null=True))
class PercentField(serializers.Field):  # type: ignore[type-arg]
    """A 0-100% value as the pages show it: a whole percent (scoring.maths.shown_percent)."""

    def to_representation(self, value: float | None) -> int | None:
        return maths.shown_percent(value)


class TrendSerializer(serializers.Serializer):
    name = serializers.CharField()
    attempts = serializers.IntegerField()
    average = PercentField()
    first = PercentField()
    latest = PercentField()
    change = PercentField()


class ReadinessApi(APIView):
    """GET: the six-axis readiness profile (0-100% per round kind), trends and the weakest topics."""

    class AxisSerializer(serializers.Serializer):
        round_kind = serializers.CharField()
        label = serializers.CharField()
        percent = serializers.IntegerField(allow_null=True)

    class OutputSerializer(serializers.Serializer):
        axes = serializers.ListField(child=serializers.DictField())
        round_trends = TrendSerializer(many=True)
        topic_trends = TrendSerializer(many=True)
        weakest_topics = TrendSerializer(many=True)
        reviewed_rounds = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        results = profile.results_for(profile.finished_sessions_with_results(user=request.user))  # type: ignore[arg-type]
        values = profile.readiness(results)
        body = {
            "axes": [
                {
                    "round_kind": kind,
                    "label": profile.ROUND_LABELS[kind],
                    "percent": maths.shown_percent(values[kind]),
                }
                for kind in profile.ROUND_ORDER
            ],
            "round_trends": profile.trends_by_round(results),
            "topic_trends": profile.trends_by_topic(results),
            "weakest_topics": profile.weakest_topics(results),
            "reviewed_rounds": len(results),
        }
        return Response(self.OutputSerializer(body).data)


class DebriefSerializer(serializers.Serializer):
    outcome = serializers.CharField(source="decision.outcome")
    reasons = serializers.ListField(source="decision.reasons", child=serializers.CharField())
    provisional = serializers.BooleanField(source="decision.provisional")
    rounds = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_rounds(self, debrief: profile.Debrief) -> list[dict[str, Any]]:
        return [
            {
                "round_kind": r.round_kind,
                "label": r.label,
                "session": r.result.session.pk if r.result else None,
                "result": RoundResultSerializer(r.result).data if r.result else None,
                "waiting_session": r.newer_waiting.pk if r.newer_waiting else None,
            }
            for r in debrief.rounds
        ]


class DebriefApi(APIView):
    """GET: the latest reviewed round of each kind and the hiring-committee decision over them."""

    @extend_schema(responses={200: DebriefSerializer})
    def get(self, request: Request) -> Response:
        sessions = profile.finished_sessions_with_results(user=request.user)  # type: ignore[arg-type]
        return Response(DebriefSerializer(profile.debrief_for(sessions)).data)


class LoopDebriefApi(APIView):
    """GET: a booked loop's debrief: its rounds, in loop order, and the committee decision."""

    @extend_schema(responses={200: DebriefSerializer})
    def get(self, request: Request, loop_id: int) -> Response:
        loop = get_object_or_404(Loop, pk=loop_id, candidate=request.user)
        sessions = profile.finished_sessions_with_results(user=request.user, loop_id=loop.pk)  # type: ignore[arg-type]
        kinds = [k for k in loop.round_kinds if k in RoundKind.values]
        return Response(DebriefSerializer(profile.debrief_for(sessions, kinds=kinds)).data)


class PlanApi(APIView):
    """GET: a practice plan spreading `hours` a week over `weeks` weeks across the six rounds, tilted
    toward weak rounds, with unseen questions to practise."""

    class FilterSerializer(serializers.Serializer):
        weeks = serializers.IntegerField(min_value=1, max_value=12, default=4)
        hours = serializers.IntegerField(min_value=1, max_value=40, default=8)

    class OutputSerializer(serializers.Serializer):
        weeks = serializers.IntegerField()
        hours_per_week = serializers.IntegerField()
        rows = serializers.ListField(child=serializers.DictField())
        schedule = serializers.ListField(child=serializers.DictField())

    @extend_schema(parameters=[FilterSerializer], responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        results = profile.results_for(profile.finished_sessions_with_results(user=request.user))  # type: ignore[arg-type]
        plan = profile.practice_plan(
            user=request.user,  # type: ignore[arg-type]
            results=results,
            weeks=params.validated_data["weeks"],
            hours_per_week=params.validated_data["hours"],
            target_level=profile_of(request.user).target_level,  # type: ignore[arg-type]
            target_domain=profile_of(request.user).target_domain,  # type: ignore[arg-type]
        )

        def question(version: Any) -> dict[str, Any] | None:
            if version is None:
                return None
            return {
                "slug": version.question.slug,
                "title": version.title,
                "url": f"/api/bank/questions/{version.question.slug}/",
            }

        body = {
            "weeks": plan.weeks,
            "hours_per_week": plan.hours_per_week,
            "rows": [
                {
                    "round_kind": row.round_kind,
                    "label": row.label,
                    "readiness": maths.shown_percent(row.readiness),
                    "share": row.share,
                    "minutes_per_week": row.minutes_per_week,
                    "questions": [question(v) for v in row.questions],
                }
                for row in plan.rows
            ],
            "schedule": [
                {
                    "week_of": week.start.date().isoformat(),
                    "rounds": [
                        {"round_kind": row.round_kind, "question": question(v)} for row, v in week.rounds
                    ],
                }
                for week in plan.schedule
            ],
        }
        return Response(self.OutputSerializer(body).data)


# ---- reviewing ------------------------------------------------------------------------------------------


class ReviewSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    session = serializers.IntegerField(source="session_id")
    round_kind = serializers.CharField(source="session.round_kind")
    claimed_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, review: Review) -> str:
        return f"/api/reviews/{review.pk}/"


class WorkItemSerializer(serializers.Serializer):
    """A question of the reviewed round: the prompt, the reviewer notes and the candidate's answers."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField(source="question_version.title")
    prompt_html = serializers.CharField(source="question_version.prompt_html")
    reviewer_notes = serializers.DictField(
        source="question_version.reviewer_notes", child=serializers.ListField(child=serializers.CharField())
    )
    section_notes = serializers.DictField(
        source="question_version.section_notes", child=serializers.CharField()
    )
    answers = AnswerSerializer(many=True)
    grader = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_grader(self, item: Any) -> dict[str, Any] | None:
        """Coding rounds: the latest graded submission's counts (never the hidden tests themselves)."""
        if item.question_version.coding_spec is None:
            return None
        submission = selectors.latest_graded_submission(item)
        if submission is None:
            return None
        return {
            "passed": submission.passed,
            "total": submission.total,
            "score": submission.score,
            "verdict": submission.verdict,
        }


class ReviewDetailSerializer(ReviewSummarySerializer):
    criteria = serializers.SerializerMethodField()
    scores = serializers.DictField(child=serializers.IntegerField())
    comments = serializers.DictField(child=serializers.CharField())
    red_flags = serializers.SerializerMethodField()
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, allow_null=True)
    summary = serializers.CharField()
    grader_score = serializers.FloatField(allow_null=True)
    grader_level = serializers.IntegerField(allow_null=True)
    override_reason = serializers.CharField()
    red_flag_options = serializers.SerializerMethodField()
    work = serializers.SerializerMethodField()
    others = serializers.SerializerMethodField()
    comparison = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_criteria(self, review: Review) -> list[dict[str, Any]]:
        return list(review.rubric_version.criteria)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_red_flags(self, review: Review) -> list[str]:
        return [flag.key for flag in review.red_flags.all()]

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_red_flag_options(self, review: Review) -> list[dict[str, str]]:
        return [{"key": flag.key, "text": flag.text} for flag in RedFlag.objects.all()]

    @extend_schema_field(WorkItemSerializer(many=True))
    def get_work(self, review: Review) -> Any:
        return WorkItemSerializer(
            session_with_answers(session_id=review.session_id).items.all(), many=True
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_others(self, review: Review) -> list[dict[str, Any]]:
        """Other reviewers' scores of this round: empty until this review is submitted (blind reviews)."""
        others = selectors.reviews_visible_to_reviewer(user=review.reviewer, session=review.session)
        return [
            {
                "label": f"Reviewer {chr(65 + i)}",
                "kind": other.kind,
                "criteria": selectors.review_criteria(other),
                "recommendation": other.recommendation,
                "summary": other.summary,
            }
            for i, other in enumerate(others)
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField(), allow_null=True))
    def get_comparison(self, review: Review) -> list[dict[str, Any]] | None:
        """Calibration: after submitting, each criterion against the gold score."""
        comparison = calibration.calibration_comparison(review)
        if comparison is None:
            return None
        return [
            {"key": r.key, "title": r.title, "mine": r.mine, "gold": r.gold, "difference": r.difference}
            for r in comparison.rows
        ]


class ReviewInputSerializer(serializers.Serializer):
    """What a review holds; every part may be missing while it is a draft."""

    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=4, allow_null=True), default=dict
    )
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=10_000), default=dict
    )
    red_flags = serializers.ListField(child=serializers.SlugField(max_length=64), default=list, max_length=50)
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, allow_null=True, default=None)
    summary = serializers.CharField(allow_blank=True, default="", max_length=10_000)
    override_reason = serializers.CharField(allow_blank=True, default="", max_length=10_000)


def _review_detail(review: Review) -> Any:
    return ReviewDetailSerializer(selectors.review_with_rubric(review_id=review.pk)).data


class ReviewListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: the reviewer's claims and reviews (drafts first, then submitted, newest first)."""

    serializer_class = ReviewSummarySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Review]:
        return selectors.reviews_given_by(user=self.request.user)  # type: ignore[arg-type]


class ReviewQueueApi(APIView):
    """GET: what the reviewer can take: rounds opted in and calibrated for, and booked rounds to score."""

    class OutputSerializer(serializers.Serializer):
        opted_in = serializers.ListField(child=serializers.CharField())
        reviewable = serializers.ListField(child=serializers.CharField())
        drafts = ReviewSummarySerializer(many=True)
        booked_to_score = SessionSerializer(many=True)
        reviews_per_submission = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        from django.conf import settings

        user = request.user
        body = {
            "opted_in": sorted(ReviewerRound.objects.filter(user=user).values_list("round_kind", flat=True)),
            "reviewable": sorted(services.reviewable_kinds(user)),  # type: ignore[arg-type]
            "drafts": selectors.reviews_given_by(user=user).filter(status=ReviewStatus.DRAFT)[:LIST_LIMIT],  # type: ignore[arg-type]
            "booked_to_score": selectors.booked_rounds_to_score(user=user)[:LIST_LIMIT],  # type: ignore[arg-type]
            "reviews_per_submission": settings.REVIEWS_PER_SUBMISSION,
        }
        return Response(self.OutputSerializer(body).data)


class ReviewQueueClaimApi(APIView):
    """POST: take the next round from the peer queue (or get back the unfinished claim). 204 when nothing
    is waiting for you."""

    @extend_schema(request=None, responses={201: ReviewDetailSerializer, 204: None})
    def post(self, request: Request) -> Response:
        require_reviewer(request.user)  # type: ignore[arg-type]
        review = services.queue_claim_next(reviewer=request.user)  # type: ignore[arg-type]
        if review is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(_review_detail(review), status=status.HTTP_201_CREATED)


class ReviewDetailApi(APIView):
    """GET: the reviewer's review with the round's work and rubric. PATCH: autosave the draft."""

    @extend_schema(responses={200: ReviewDetailSerializer})
    def get(self, request: Request, review_id: int) -> Response:
        review = get_review_for_reviewer(request.user, review_id)  # type: ignore[arg-type]
        return Response(_review_detail(review))

    @extend_schema(request=ReviewInputSerializer, responses={200: ReviewDetailSerializer})
    def patch(self, request: Request, review_id: int) -> Response:
        review = get_review_for_reviewer(request.user, review_id)  # type: ignore[arg-type]
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_save(review=review, data=services.ReviewInput(**data.validated_data))
        return Response(_review_detail(review))


class ReviewSubmitApi(APIView):
    """POST: save what is sent, then submit; 400 lists what is still missing (the save is kept)."""

    @extend_schema(request=ReviewInputSerializer, responses={200: ReviewDetailSerializer})
    def post(self, request: Request, review_id: int) -> Response:
        review = get_review_for_reviewer(request.user, review_id)  # type: ignore[arg-type]
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            review = services.review_submit(review=review, data=services.ReviewInput(**data.validated_data))
        except services.ReviewIncomplete as exc:
            return Response(
                {"detail": exc.message, "errors": exc.problems}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(_review_detail(review))


class ReviewReleaseApi(APIView):
    """POST: give an unfinished claim back to the queue."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, review_id: int) -> Response:
        services.review_release(review=get_review_for_reviewer(request.user, review_id))  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class LiveReviewStartApi(APIView):
    """POST (the booked reviewer): open, or reopen, the review of a live round."""

    @extend_schema(request=None, responses={200: ReviewDetailSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_object_or_404(InterviewSession, pk=session_id, reviewer=request.user)
        review = services.review_start_live(session=session, reviewer=request.user)  # type: ignore[arg-type]
        return Response(_review_detail(review))


# ---- calibration -------------------------------------------------------------------------------------------


class CalibrationApi(APIView):
    """GET: per round kind the reviewer reviews: calibrated or not, past attempts and their outcome."""

    class KindSerializer(serializers.Serializer):
        round_kind = serializers.CharField()
        label = serializers.CharField()
        calibrated = serializers.BooleanField()
        passes = serializers.IntegerField()
        attempts = serializers.IntegerField()
        draft = serializers.IntegerField(allow_null=True, help_text="the unfinished attempt's review id")

    @extend_schema(responses={200: KindSerializer(many=True)})
    def get(self, request: Request) -> Response:
        require_reviewer(request.user)  # type: ignore[arg-type]
        rows = [
            {
                "round_kind": k.round_kind,
                "label": k.label,
                "calibrated": k.calibrated,
                "passes": k.passes,
                "attempts": len(k.attempts),
                "draft": k.draft.pk if k.draft else None,
            }
            for k in calibration.calibration_overview(request.user)  # type: ignore[arg-type]
        ]
        return Response(self.KindSerializer(rows, many=True).data)


class CalibrationStartApi(APIView):
    """POST: open a calibration attempt on a gold round of this kind (scored blind, then compared)."""

    @extend_schema(
        request=None,
        responses={201: ReviewDetailSerializer},
        parameters=[
            OpenApiParameter("round_kind", str, location=OpenApiParameter.PATH, enum=RoundKind.values)
        ],
    )
    def post(self, request: Request, round_kind: str) -> Response:
        require_reviewer(request.user)  # type: ignore[arg-type]
        review = calibration.calibration_start(reviewer=request.user, round_kind=round_kind)  # type: ignore[arg-type]
        return Response(_review_detail(review), status=status.HTTP_201_CREATED)


# ---- curators ------------------------------------------------------------------------------------------------


class EscalatedListApi(ListAPIView):  # type: ignore[type-arg]
    """GET (curators): rounds that waited too long for peer reviews."""

    filter_backends: list[Any] = []

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        session = serializers.IntegerField(source="session_id")
        round_kind = serializers.CharField()
        enqueued_at = serializers.DateTimeField()
        escalated_at = serializers.DateTimeField(allow_null=True)
        submitted_reviews = serializers.IntegerField()
        reviews_needed = serializers.IntegerField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[QueueItem]:
        require_curator(self.request.user)  # type: ignore[arg-type]
        return selectors.escalated_items()


class EscalatedClaimApi(APIView):
    """POST (curators): take an escalated round; the curator's review completes it."""

    @extend_schema(request=None, responses={201: ReviewDetailSerializer})
    def post(self, request: Request, queue_item_id: int) -> Response:
        require_curator(request.user)  # type: ignore[arg-type]
        get_object_or_404(QueueItem, pk=queue_item_id)
        review = services.queue_claim_escalated(curator=request.user, queue_item_id=queue_item_id)  # type: ignore[arg-type]
        return Response(_review_detail(review), status=status.HTTP_201_CREATED)


class FlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=FlagStatus.choices)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    review = serializers.IntegerField(source="review_id")
    reviewer = serializers.CharField(source="review.reviewer.username")
    session = serializers.IntegerField(source="review.session_id")
    criteria = serializers.SerializerMethodField()
    resolution_note = serializers.CharField()
    handled_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(CriterionScoreSerializer(many=True))
    def get_criteria(self, flag: ReviewFlag) -> list[dict[str, Any]]:
        return selectors.review_criteria(flag.review)


class FlagListApi(ListAPIView):  # type: ignore[type-arg]
    """GET (curators): reviews flagged as unfair, oldest first (`status`: open by default)."""

    serializer_class = FlagSerializer
    filter_backends: list[Any] = []

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=FlagStatus.choices, default=FlagStatus.OPEN)

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ReviewFlag]:
        require_curator(self.request.user)  # type: ignore[arg-type]
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.flags_for_curators(status=params.validated_data["status"])


class FlagResolveApi(APIView):
    """POST (curators): uphold (the review stops counting) or dismiss a flag."""

    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["uphold", "dismiss"])
        note = serializers.CharField(allow_blank=True, default="", max_length=services.REASON_MAX_CHARS)

    @extend_schema(request=InputSerializer, responses={200: FlagSerializer})
    def post(self, request: Request, flag_id: int) -> Response:
        flag = get_flag_for_curator(request.user, flag_id)  # type: ignore[arg-type]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = services.flag_resolve(
            flag=flag,
            curator=request.user,  # type: ignore[arg-type]
            uphold=data.validated_data["decision"] == "uphold",
            note=data.validated_data["note"],
        )
        return Response(FlagSerializer(get_flag_for_curator(request.user, flag.pk)).data)  # type: ignore[arg-type]


class GoldListApi(ListAPIView):  # type: ignore[type-arg]
    """GET (curators): gold rounds, with how many calibration attempts each has had."""

    filter_backends: list[Any] = []

    class OutputSerializer(serializers.Serializer):
        session = serializers.IntegerField(source="session_id")
        round_kind = serializers.CharField()
        marked_by = serializers.CharField(source="marked_by.username")
        created_at = serializers.DateTimeField()
        attempts = serializers.IntegerField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        require_curator(self.request.user)  # type: ignore[arg-type]
        return selectors.gold_submissions()


class GoldMarkApi(APIView):
    """POST (curators): make a finished round gold and open the curator's gold review of it."""

    @extend_schema(request=None, responses={201: ReviewDetailSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_finished_session_for_curator(request.user, session_id)  # type: ignore[arg-type]
        review = calibration.gold_mark(session=session, curator=request.user)  # type: ignore[arg-type]
        return Response(_review_detail(review), status=status.HTTP_201_CREATED)


class AgreementApi(APIView):
    """GET (curators): each reviewer's agreement with gold scores and with other reviewers; outliers flagged."""

    class OutputSerializer(serializers.Serializer):
        user_id = serializers.IntegerField()
        username = serializers.CharField()
        gold_pairs = serializers.IntegerField()
        gold_mad = serializers.FloatField(allow_null=True)
        gold_kappa = serializers.FloatField(allow_null=True)
        peer_pairs = serializers.IntegerField()
        peer_mad = serializers.FloatField(allow_null=True)
        peer_kappa = serializers.FloatField(allow_null=True)
        reasons = serializers.ListField(child=serializers.CharField())
        is_outlier = serializers.BooleanField()

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        require_curator(request.user)  # type: ignore[arg-type]
        return Response(self.OutputSerializer(calibration.agreement_report(), many=True).data)
