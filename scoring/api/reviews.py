"""Reviewing over the API: the reviewer's queue, claims, the review form (blind: nobody sees others'
scores of a round before submitting their own), live reviews and calibration."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from interviews.access import get_session_for_reviewer
from interviews.api.serializers import AnswerSerializer, SessionSerializer
from interviews.selectors import session_with_answers
from questionbank.models import RedFlag, RoundKind
from questionbank.roles import require_reviewer

from .. import calibration, overviews, selectors, services
from ..access import get_review_for_reviewer
from ..models import Recommendation, Review, ReviewKind, ReviewStatus


class ReviewSummarySerializer(serializers.Serializer[Any]):
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


class WorkItemSerializer(serializers.Serializer[Any]):
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


class ReviewInputSerializer(serializers.Serializer[Any]):
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


def review_detail(review: Review) -> Any:
    """The review as `ReviewDetailSerializer` shows it (with its rubric, the work and, once allowed, others)."""
    return ReviewDetailSerializer(selectors.review_with_rubric(review_id=review.pk)).data


class ReviewListApi(ListAPIView[Review]):
    """GET: the reviewer's claims and reviews (drafts first, then submitted, newest first)."""

    serializer_class = ReviewSummarySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Review]:
        return selectors.reviews_given_by(user=api_user(self.request))


class ReviewQueueApi(APIView):
    """GET: what the reviewer can take: rounds opted in and calibrated for, and booked rounds to score."""

    class OutputSerializer(serializers.Serializer[Any]):
        opted_in = serializers.ListField(child=serializers.CharField())
        reviewable = serializers.ListField(child=serializers.CharField())
        drafts = ReviewSummarySerializer(many=True)
        booked_to_score = SessionSerializer(many=True)
        reviews_per_submission = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(overviews.review_queue_for(user=api_user(request))).data)


class ReviewQueueClaimApi(APIView):
    """POST: take the next round from the peer queue (or get back the unfinished claim). 204 when nothing
    is waiting for you."""

    @extend_schema(request=None, responses={201: ReviewDetailSerializer, 204: None})
    def post(self, request: Request) -> Response:
        require_reviewer(api_user(request))
        review = services.queue_claim_next(reviewer=api_user(request))
        if review is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(review_detail(review), status=status.HTTP_201_CREATED)


class ReviewDetailApi(APIView):
    """GET: the reviewer's review with the round's work and rubric. PATCH: autosave the draft."""

    @extend_schema(responses={200: ReviewDetailSerializer})
    def get(self, request: Request, review_id: int) -> Response:
        review = get_review_for_reviewer(api_user(request), review_id)
        return Response(review_detail(review))

    @extend_schema(request=ReviewInputSerializer, responses={200: ReviewDetailSerializer})
    def patch(self, request: Request, review_id: int) -> Response:
        review = get_review_for_reviewer(api_user(request), review_id)
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_save(review=review, data=services.ReviewInput(**data.validated_data))
        return Response(review_detail(review))


class ReviewSubmitApi(APIView):
    """POST: save what is sent, then submit; 400 lists what is still missing (the save is kept)."""

    @extend_schema(request=ReviewInputSerializer, responses={200: ReviewDetailSerializer})
    def post(self, request: Request, review_id: int) -> Response:
        review = get_review_for_reviewer(api_user(request), review_id)
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            review = services.review_submit(review=review, data=services.ReviewInput(**data.validated_data))
        except services.ReviewIncomplete as exc:
            return Response(
                {"detail": exc.message, "errors": exc.problems}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(review_detail(review))


class ReviewReleaseApi(APIView):
    """POST: give an unfinished claim back to the queue."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, review_id: int) -> Response:
        services.review_release(review=get_review_for_reviewer(api_user(request), review_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LiveReviewStartApi(APIView):
    """POST (the booked reviewer): open, or reopen, the review of a live round."""

    @extend_schema(request=None, responses={200: ReviewDetailSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        session = get_session_for_reviewer(api_user(request), session_id)
        review = services.review_start_live(session=session, reviewer=api_user(request))
        return Response(review_detail(review))


class CalibrationApi(APIView):
    """GET: per round kind the reviewer reviews: calibrated or not, past attempts and their outcome."""

    class KindSerializer(serializers.Serializer[Any]):
        round_kind = serializers.CharField()
        label = serializers.CharField()  # type: ignore[assignment]  # drf-stubs types a field named "label" as Field.label
        calibrated = serializers.BooleanField()
        passes = serializers.IntegerField()
        attempts = serializers.IntegerField()
        draft = serializers.IntegerField(allow_null=True, help_text="the unfinished attempt's review id")

    @extend_schema(responses={200: KindSerializer(many=True)})
    def get(self, request: Request) -> Response:
        require_reviewer(api_user(request))
        rows = [
            {
                "round_kind": k.round_kind,
                "label": k.label,
                "calibrated": k.calibrated,
                "passes": k.passes,
                "attempts": len(k.attempts),
                "draft": k.draft.pk if k.draft else None,
            }
            for k in calibration.calibration_overview(api_user(request))
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
        require_reviewer(api_user(request))
        review = calibration.calibration_start(reviewer=api_user(request), round_kind=round_kind)
        return Response(review_detail(review), status=status.HTTP_201_CREATED)
