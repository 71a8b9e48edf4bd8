"""A candidate's results over the API: a finished round's results and the reviews received, rated or flagged."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from interviews.api.serializers import AnswerSerializer, SessionSerializer
from interviews.models import SessionQuestion
from interviews.selectors import session_with_answers

from .. import flags, grading, maths, overviews, profile, selectors
from ..access import get_finished_session_for_candidate, get_review_for_candidate
from ..models import FlagStatus, Recommendation, Review, ReviewKind
from .submissions import SubmissionSerializer


class CriterionScoreSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    weight = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True)
    descriptor = serializers.CharField()
    comment = serializers.CharField()


class FeedbackSerializer(serializers.Serializer[Any]):
    """A submitted review of the candidate's round. Reviewers are anonymous: A, B, ... by arrival."""

    id = serializers.IntegerField()
    label = serializers.SerializerMethodField()  # type: ignore[assignment]  # drf-stubs types a field named "label" as Field.label
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


class RoundResultSerializer(serializers.Serializer[Any]):
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

    class ItemSerializer(serializers.Serializer[Any]):
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

        def get_probe(self, item: SessionQuestion) -> list[str]:
            version = item.question_version
            if version.coding_spec is None:
                return []
            return version.follow_ups

    class OutputSerializer(serializers.Serializer[Any]):
        session = SessionSerializer()
        items = serializers.ListField(child=serializers.DictField())
        result = RoundResultSerializer(allow_null=True)
        waiting_for_reviews = serializers.BooleanField()
        reviews = FeedbackSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        user = api_user(request)
        session = get_finished_session_for_candidate(user, session_id)
        full = session_with_answers(session_id=session.pk)
        latest = grading.latest_submissions(session=session)
        results = overviews.session_results(user=user, session=session)
        body = {
            "session": SessionSerializer(session).data,
            "items": self.ItemSerializer(full.items.all(), many=True, context={"latest": latest}).data,
            "result": RoundResultSerializer(results.result).data if results.result else None,
            "waiting_for_reviews": results.waiting_for_reviews,
            "reviews": FeedbackSerializer(
                results.reviews, many=True, context={"labels": results.labels}
            ).data,
        }
        return Response(body)


class FeedbackListApi(ListAPIView[Review]):
    """GET: every review the candidate has received, newest first."""

    serializer_class = FeedbackSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Review]:
        return (
            selectors.feedback_for_candidate(user=api_user(self.request))
            .select_related("rubric_version")
            .prefetch_related("red_flags")
        )


class FeedbackDetailApi(APIView):
    """GET: one review of the candidate's round."""

    @extend_schema(responses={200: FeedbackSerializer})
    def get(self, request: Request, review_id: int) -> Response:
        review = get_review_for_candidate(api_user(request), review_id)
        return Response(_feedback_body(review))


def _feedback_body(review: Review) -> Any:
    review = selectors.review_with_rubric(review_id=review.pk)
    siblings = selectors.reviews_for_candidate_session(session=review.session)
    return FeedbackSerializer(review, context={"labels": overviews.reviewer_labels(siblings)}).data


class FeedbackRateApi(APIView):
    """POST: say whether a review was helpful (rating again replaces the rating)."""

    class InputSerializer(serializers.Serializer[Any]):
        helpful = serializers.BooleanField()
        reason = serializers.CharField(allow_blank=True, default="", max_length=flags.REASON_MAX_CHARS)

    @extend_schema(request=InputSerializer, responses={200: FeedbackSerializer})
    def post(self, request: Request, review_id: int) -> Response:
        review = get_review_for_candidate(api_user(request), review_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flags.review_rate(review=review, candidate=api_user(request), **data.validated_data)
        return Response(_feedback_body(review))


class FeedbackFlagApi(APIView):
    """POST: report an unfair review to the curators (one open report per review)."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=flags.REASON_MAX_CHARS)

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        status = serializers.ChoiceField(choices=FlagStatus.choices)
        reason = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, review_id: int) -> Response:
        review = get_review_for_candidate(api_user(request), review_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = flags.review_flag(
            review=review, candidate=api_user(request), reason=data.validated_data["reason"]
        )
        return Response(self.OutputSerializer(flag).data, status=status.HTTP_201_CREATED)
