"""The questions of the bank over the API (docs/api.md): everyone reads the published bank as candidates see
it; curators read everything (reviewer notes, coding specs with hidden tests and solutions), write through
the same forms and services as the curator pages and run the workflow. Rubrics: rubric_api.py; the bank as
a zip: bank_api.py.
"""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]  # django-filter ships no types
from django.db.models import QuerySet
from django.http import QueryDict
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import form_errors
from config.http import api_user

from . import selectors, services
from .access import get_question_for_user, visible_questions
from .bankfiles.data import DESIGN_KEYS
from .bankfiles.writing import join_wrong_files
from .coding_checks import coding_validation_request
from .forms import CodingProblemForm, QuestionForm
from .models import Difficulty, Domain, Level, Question, QuestionVersion, RoundKind, Status, Topic
from .reviewer_notes import NOTE_LISTS
from .roles import is_curator, require_curator


class TopicSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()


class CodingPublicSerializer(serializers.Serializer[Any]):
    """What a candidate sees of a coding problem: never hidden tests, solutions or checker code."""

    statement_html = serializers.CharField()
    starter = serializers.CharField()
    function = serializers.CharField()
    examples = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    limits = serializers.DictField(allow_null=True, help_text="time_limit_s, memory_mb and a sentence")


class VersionStateSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    state = serializers.CharField(source="review_state")
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    approved_by = serializers.CharField(source="approved_by.username", default=None, allow_null=True)
    validation_status = serializers.CharField(default="")


class CurationSerializer(serializers.Serializer[Any]):
    """Curators only: the live version's reviewer notes and, for coding problems, the whole spec."""

    version = serializers.IntegerField(source="number")
    prompt_md = serializers.CharField()
    reviewer_notes = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    section_notes = serializers.DictField(child=serializers.CharField())
    coding_spec = serializers.JSONField(allow_null=True)
    problem_yaml = serializers.CharField()
    validation_status = serializers.CharField()
    validation = serializers.JSONField()


class QuestionOutputSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    round_kind = serializers.ChoiceField(choices=RoundKind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    title = serializers.CharField(source="current_version.title", default="")
    difficulty = serializers.CharField(source="current_version.difficulty", default="")
    level = serializers.CharField(source="current_version.level", default="")
    domain = serializers.CharField(source="current_version.domain", default="")
    minutes = serializers.IntegerField(source="current_version.minutes", default=0)
    topics = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(TopicSerializer(many=True))
    def get_topics(self, question: Question) -> list[dict[str, str]]:
        version = question.current_version
        return [] if version is None else [{"slug": t.slug, "name": t.name} for t in version.topics.all()]

    def get_url(self, question: Question) -> str:
        return f"/api/bank/questions/{question.slug}/"


class QuestionDetailOutputSerializer(QuestionOutputSerializer):
    prompt_html = serializers.CharField(source="current_version.prompt_html", default="")
    coding = serializers.SerializerMethodField()
    curation = serializers.SerializerMethodField()

    @extend_schema_field(CodingPublicSerializer(allow_null=True))
    def get_coding(self, question: Question) -> dict[str, Any] | None:
        version = question.current_version
        return None if version is None else version.coding_public()

    @extend_schema_field(CurationSerializer(allow_null=True))
    def get_curation(self, question: Question) -> dict[str, Any] | None:
        version = question.current_version
        if version is None or not is_curator(self.context["request"].user):
            return None
        return dict(CurationSerializer(version).data)


class QuestionFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    round_kind = django_filters.ChoiceFilter(choices=RoundKind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices, help_text="curators only")
    difficulty = django_filters.ChoiceFilter(choices=Difficulty.choices)
    topic = django_filters.CharFilter(help_text="a topic slug")
    q = django_filters.CharFilter(help_text="words in the slug, title or prompt")
    awaiting_review = django_filters.BooleanFilter(help_text="curators: a version waits for approval")

    class Meta:
        model = Question
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Question]) -> QuerySet[Question]:
        """The curator page's selector does the filtering (and PostgreSQL's full-text search)."""
        data = self.form.cleaned_data
        curator = is_curator(self.request.user)
        filters = selectors.QuestionFilters(
            round_kind=data.get("round_kind") or "",
            topic=(data.get("topic") or "")[:64],
            difficulty=data.get("difficulty") or "",
            status=(data.get("status") or "") if curator else Status.PUBLISHED,
            text=(data.get("q") or "").strip()[:200],
            awaiting_review=bool(data.get("awaiting_review")) and curator,
        )
        found = selectors.question_list(filters=filters)
        return found if curator else found.filter(current_version__isnull=False)


class QuestionListApi(ListAPIView[Any]):
    """GET: the bank as the user may see it, filtered. POST (curators): a new draft question."""

    serializer_class = QuestionOutputSerializer
    filterset_class = QuestionFilter

    def get_queryset(self) -> QuerySet[Question]:
        return visible_questions(self.request.user)

    class InputSerializer(serializers.Serializer[Any]):
        """A question of any round. Coding problems send their files in `files` instead of the prompt."""

        slug = serializers.CharField(max_length=100)
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)
        title = serializers.CharField(max_length=200, required=False)
        prompt_md = serializers.CharField(max_length=50_000, required=False)
        difficulty = serializers.ChoiceField(choices=Difficulty.choices, required=False)
        level = serializers.ChoiceField(choices=Level.choices, required=False)
        domain = serializers.ChoiceField(choices=Domain.choices, required=False, allow_blank=True)
        minutes = serializers.IntegerField(min_value=1, max_value=120, required=False)
        topics = serializers.ListField(child=serializers.SlugField(max_length=64), required=False)
        reviewer_notes = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField(max_length=2000)), required=False
        )
        section_notes = serializers.DictField(child=serializers.CharField(max_length=5000), required=False)
        files = serializers.DictField(
            child=serializers.CharField(allow_blank=True, max_length=200_000, trim_whitespace=False),
            required=False,
            help_text="coding only: problem.yaml, statement.md, starter.py, reference.py, at least three "
            "wrong/<what_is_wrong>.py, and optionally generator.py and checker.py",
        )

    @extend_schema(request=InputSerializer, responses={201: QuestionDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        require_curator(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        round_kind = payload["round_kind"]
        form = _question_form(payload, round_kind=round_kind)
        if not form.is_valid():
            raise form_errors(form)
        question = services.question_create(data=form.to_data(), author=api_user(request))
        question = get_question_for_user(request.user, question.slug)
        body = QuestionDetailOutputSerializer(question, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


CODING_FILE_FIELDS = {
    "problem.yaml": "problem_yaml",
    "statement.md": "statement_md",
    "starter.py": "starter_py",
    "reference.py": "reference_py",
    "generator.py": "generator_py",
    "checker.py": "checker_py",
}


def _question_form(
    payload: dict[str, Any], *, round_kind: str, editing_slug: str | None = None
) -> QuestionForm | CodingProblemForm:
    """The curator pages' form, filled from JSON: it holds every validation rule of a question."""
    form_data = QueryDict(mutable=True)
    if editing_slug is None:
        form_data["slug"] = payload.get("slug", "")
    notes = payload.get("reviewer_notes") or {}
    for key in NOTE_LISTS:
        form_data[key] = "\n".join(str(line) for line in notes.get(key, []))
    form_data["minutes"] = str(payload.get("minutes", 45 if round_kind == RoundKind.CODING else 5))
    if round_kind == RoundKind.CODING:
        files = payload.get("files") or {}
        wrongs = {f.removeprefix("wrong/"): code for f, code in files.items() if f.startswith("wrong/")}
        unknown = sorted(set(files) - set(CODING_FILE_FIELDS) - {f"wrong/{name}" for name in wrongs})
        if unknown:
            raise serializers.ValidationError(
                {"files": [f"Unknown file: {', '.join(unknown)} (wrong solutions go in wrong/<name>.py)."]}
            )
        for file, name in CODING_FILE_FIELDS.items():
            form_data[name] = files.get(file, "")
        form_data["wrongs"] = join_wrong_files(wrongs)
        return CodingProblemForm(form_data, editing_slug=editing_slug)
    for name in ("title", "prompt_md", "difficulty", "level", "domain"):
        if name in payload:
            form_data[name] = str(payload[name])
    form_data.setlist("topics", list(payload.get("topics", [])))
    sections = payload.get("section_notes") or {}
    for key in DESIGN_KEYS:
        form_data[f"section_{key}"] = sections.get(key, "")
    return QuestionForm(form_data, round_kind=round_kind, editing=editing_slug is not None)


class QuestionDetailApi(APIView):
    """GET: one question as the user may see it. PUT (curators): save an edit as a new version."""

    @extend_schema(responses={200: QuestionDetailOutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        question = get_question_for_user(request.user, slug)
        return Response(QuestionDetailOutputSerializer(question, context={"request": request}).data)

    class InputSerializer(QuestionListApi.InputSerializer):
        # DRF drops an inherited field set to None; the stubs expect a field.
        slug = None  # type: ignore[assignment]  # DRF's way to drop a field; the stubs want a Field
        round_kind = None  # type: ignore[assignment]  # as above

    class EditSerializer(serializers.Serializer[Any]):
        changed = serializers.BooleanField(help_text="false when nothing changed (no version was made)")
        version = serializers.IntegerField(allow_null=True)
        question = QuestionDetailOutputSerializer()

    @extend_schema(request=InputSerializer, responses={200: EditSerializer})
    def put(self, request: Request, slug: str) -> Response:
        require_curator(request.user)
        question = get_question_for_user(request.user, slug)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = _question_form(dict(data.validated_data), round_kind=question.round_kind, editing_slug=slug)
        if not form.is_valid():
            raise form_errors(form)
        new = form.to_data() if isinstance(form, CodingProblemForm) else form.to_data(slug=slug)
        version = services.question_update(question=question, data=new, author=api_user(request))
        question = get_question_for_user(request.user, slug)
        body = {
            "changed": version is not None,
            "version": version.number if version else None,
            "question": QuestionDetailOutputSerializer(question, context={"request": request}).data,
        }
        return Response(body)


QUESTION_ACTIONS = {
    "submit": services.question_submit,
    "withdraw": services.question_withdraw,
    "approve": services.question_approve,
    "retire": services.question_retire,
    "restore": services.question_restore,
}


class QuestionTransitionApi(APIView):
    """POST (curators): move a question through the workflow; `action` is fixed by the URL."""

    action = ""

    @extend_schema(request=None, responses={200: QuestionDetailOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        require_curator(request.user)
        question = get_question_for_user(request.user, slug)
        QUESTION_ACTIONS[self.action](question=question, user=api_user(request))
        question = get_question_for_user(request.user, slug)
        return Response(QuestionDetailOutputSerializer(question, context={"request": request}).data)


class QuestionVersionListApi(ListAPIView[Any]):
    """GET (curators): every version of a question, newest first, with who wrote and approved it."""

    serializer_class = VersionStateSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[QuestionVersion]:
        require_curator(self.request.user)
        question = get_question_for_user(self.request.user, self.kwargs["slug"])
        return selectors.question_versions(question=question)


class QuestionValidationApi(APIView):
    """POST (curators): run the sandbox check of a coding problem's newest version again."""

    @extend_schema(request=None, responses={202: VersionStateSerializer})
    def post(self, request: Request, slug: str) -> Response:
        require_curator(request.user)
        question = get_question_for_user(request.user, slug)
        version = coding_validation_request(question=question, user=api_user(request))
        return Response(VersionStateSerializer(version).data, status=status.HTTP_202_ACCEPTED)


class TopicListApi(ListAPIView[Any]):
    """GET: every topic (the filter values of the question list)."""

    serializer_class = TopicSerializer
    filter_backends: list[Any] = []
    queryset = Topic.objects.order_by("name")
