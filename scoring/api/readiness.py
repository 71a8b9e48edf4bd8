"""The candidate's readiness profile, debriefs and practice plan over the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.http import api_user
from interviews.access import get_loop_for_candidate
from interviews.services import profile_of
from questionbank.models import RoundKind

from .. import maths, overviews, profile
from ..machine_feedback import machine_round_scores
from .results import RoundResultSerializer


@extend_schema_field(serializers.IntegerField(allow_null=True))
class PercentField(serializers.Field[Any, Any, Any, Any]):
    """A 0-100% value as the pages show it: a whole percent (scoring.maths.shown_percent)."""

    def to_representation(self, value: float | None) -> int | None:
        return maths.shown_percent(value)


class TrendSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    attempts = serializers.IntegerField()
    average = PercentField()
    first = PercentField()
    latest = PercentField()
    change = PercentField()


class ReadinessAxisSerializer(serializers.Serializer[Any]):
    round_kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # drf-stubs types a field named "label" as Field.label
    percent = serializers.IntegerField(allow_null=True)
    provisional = serializers.BooleanField()


class ReadinessApi(APIView):
    """GET: the six-axis readiness profile (0-100% per round kind), trends and the weakest topics, as the
    readiness page shows it: a round kind with no reviewed round yet counts through the automatic read of its
    written rounds, and its axis says `provisional: true`."""

    class OutputSerializer(serializers.Serializer[Any]):
        axes = ReadinessAxisSerializer(many=True)
        round_trends = TrendSerializer(many=True)
        topic_trends = TrendSerializer(many=True)
        weakest_topics = TrendSerializer(many=True)
        reviewed_rounds = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        ready = overviews.readiness_for(user=api_user(request), with_machine_reads=True)
        body = {
            "axes": [
                {
                    "round_kind": kind,
                    "label": profile.ROUND_LABELS[kind],
                    "percent": maths.shown_percent(ready.values[kind]),
                    "provisional": kind in ready.provisional,
                }
                for kind in profile.ROUND_ORDER
            ],
            "round_trends": ready.round_trends,
            "topic_trends": ready.topic_trends,
            "weakest_topics": ready.weakest,
            "reviewed_rounds": len(ready.results),
        }
        return Response(self.OutputSerializer(body).data)


class DebriefSerializer(serializers.Serializer[Any]):
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
        sessions = profile.finished_sessions_with_results(user=api_user(request))
        return Response(DebriefSerializer(profile.debrief_for(sessions)).data)


class LoopDebriefApi(APIView):
    """GET: a booked loop's debrief: its rounds, in loop order, and the committee decision."""

    @extend_schema(responses={200: DebriefSerializer})
    def get(self, request: Request, loop_id: int) -> Response:
        loop = get_loop_for_candidate(api_user(request), loop_id)
        sessions = profile.finished_sessions_with_results(user=api_user(request), loop_id=loop.pk)
        kinds = [k for k in loop.round_kinds if k in RoundKind.values]
        return Response(DebriefSerializer(profile.debrief_for(sessions, kinds=kinds)).data)


class PlanApi(APIView):
    """GET: a practice plan spreading `hours` a week over `weeks` weeks across the six rounds, tilted
    toward weak rounds (automatic reads count where no review exists yet: `provisional`), with unseen
    questions to practise."""

    class FilterSerializer(serializers.Serializer[Any]):
        weeks = serializers.IntegerField(min_value=1, max_value=12, default=4)
        hours = serializers.IntegerField(min_value=1, max_value=40, default=8)

    class OutputSerializer(serializers.Serializer[Any]):
        weeks = serializers.IntegerField()
        hours_per_week = serializers.IntegerField()
        rows = serializers.ListField(child=serializers.DictField())
        schedule = serializers.ListField(child=serializers.DictField())

    @extend_schema(parameters=[FilterSerializer], responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        results = profile.results_for(profile.finished_sessions_with_results(user=api_user(request)))
        plan = profile.practice_plan(
            user=api_user(request),
            results=results,
            machine=machine_round_scores(user=api_user(request), reviewed={r.session.pk for r in results}),
            weeks=params.validated_data["weeks"],
            hours_per_week=params.validated_data["hours"],
            target_level=profile_of(api_user(request)).target_level,
            target_domain=profile_of(api_user(request)).target_domain,
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
                    "provisional": row.provisional,
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
