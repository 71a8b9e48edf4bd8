"""The question bank over the API (docs/api.md): everyone reads the published bank as candidates see it;
curators read everything (reviewer notes, coding specs with hidden tests and solutions), write through the
same forms and services as the curator pages, run the workflow and import/export the bank as a zip.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ErrorSerializer, form_errors
from config.errors import ApplicationError

from . import selectors, services
from .bankfiles import DESIGN_KEYS, NOTE_LISTS, BankError, criteria_yaml, join_wrong_files
from .forms import CodingProblemForm, QuestionForm, RubricForm
from .models import (
    Difficulty,
    Domain,
    Level,
    Question,
    QuestionVersion,
    RoundKind,
    Rubric,
    RubricVersion,
    Status,
    Topic,
)
from .roles import is_curator

# ---- reading -------------------------------------------------------------------------------------------


def visible_questions(user: Any) -> QuerySet[Question]:
    """Curators see every question; everyone else the published ones, through their live version."""
    questions = Question.objects.select_related("current_version").prefetch_related(
        Prefetch("current_version__topics", queryset=Topic.objects.order_by("name"))
    )
    if is_curator(user):
        return questions
    return questions.filter(status=Status.PUBLISHED, current_version__isnull=False)


def get_question_for_user(user: Any, slug: str) -> Question:
    """404 for a question the user may not read (a draft, for a candidate), as for one that does not exist."""
    return get_object_or_404(visible_questions(user), slug=slug)


def require_curator(user: Any) -> None:
    if not is_curator(user):
        raise ApplicationError("Only curators can see or change this part of the bank.", status=403)


def get_rubric_for_user(user: Any, slug: str) -> Rubric:
    rubrics = Rubric.objects.select_related("current_version")
    if not is_curator(user):
        rubrics = rubrics.filter(status=Status.PUBLISHED, current_version__isnull=False)
    return get_object_or_404(rubrics, slug=slug)


class TopicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CodingPublicSerializer(serializers.Serializer):
    """What a candidate sees of a coding problem: never hidden tests, solutions or checker code."""

    statement_html = serializers.CharField()
    starter = serializers.CharField()
    function = serializers.CharField()
    examples = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    limits = serializers.DictField(allow_null=True, help_text="time_limit_s, memory_mb and a sentence")


class VersionStateSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    state = serializers.CharField(source="review_state")
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    approved_by = serializers.CharField(source="approved_by.username", default=None, allow_null=True)
    validation_status = serializers.CharField(default="")


class CurationSerializer(serializers.Serializer):
    """Curators only: the live version's reviewer notes and, for coding problems, the whole spec."""

    version = serializers.IntegerField(source="number")
    prompt_md = serializers.CharField()
    reviewer_notes = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    section_notes = serializers.DictField(child=serializers.CharField())
    coding_spec = serializers.JSONField(allow_null=True)
    problem_yaml = serializers.CharField()
    validation_status = serializers.CharField()
    validation = serializers.JSONField()


class QuestionOutputSerializer(serializers.Serializer):
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


class QuestionFilter(django_filters.FilterSet):
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


class QuestionListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: the bank as the user may see it, filtered. POST (curators): a new draft question."""

    serializer_class = QuestionOutputSerializer
    filterset_class = QuestionFilter

    def get_queryset(self) -> QuerySet[Question]:
        return visible_questions(self.request.user)

    class InputSerializer(serializers.Serializer):
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
        question = services.question_create(data=form.to_data(), author=request.user)  # type: ignore[call-arg]
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
        slug = None  # type: ignore[assignment]
        round_kind = None  # type: ignore[assignment]

    class EditSerializer(serializers.Serializer):
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
        version = services.question_update(question=question, data=new, author=request.user)  # type: ignore[arg-type]
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
        QUESTION_ACTIONS[self.action](question=question, user=request.user)
        question = get_question_for_user(request.user, slug)
        return Response(QuestionDetailOutputSerializer(question, context={"request": request}).data)


class QuestionVersionListApi(ListAPIView):  # type: ignore[type-arg]
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
        version = services.coding_validation_request(question=question, user=request.user)  # type: ignore[arg-type]
        return Response(VersionStateSerializer(version).data, status=status.HTTP_202_ACCEPTED)


# ---- topics and rubrics ----------------------------------------------------------------------------------


class TopicListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: every topic (the filter values of the question list)."""

    serializer_class = TopicSerializer
    filter_backends: list[Any] = []
    queryset = Topic.objects.order_by("name")


class CriterionSerializer(serializers.Serializer):
    key = serializers.SlugField(max_length=64)
    title = serializers.CharField(max_length=200)
    weight = serializers.IntegerField(min_value=1, max_value=10)
    from_grader = serializers.BooleanField(required=False, default=False)
    levels = serializers.DictField(child=serializers.CharField(max_length=2000), help_text='"1" to "4"')


class RubricOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    round_kind = serializers.ChoiceField(choices=RoundKind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    version = serializers.IntegerField(source="current_version.number", default=None, allow_null=True)
    title = serializers.CharField(source="current_version.title", default="")
    criteria = CriterionSerializer(source="current_version.criteria", many=True, default=list)


class RubricFilter(django_filters.FilterSet):
    round_kind = django_filters.ChoiceFilter(choices=RoundKind.choices)

    class Meta:
        model = Rubric
        fields: list[str] = []


class RubricListApi(ListAPIView):  # type: ignore[type-arg]
    """GET: the rubrics (published ones; curators see all). POST (curators): a draft rubric for a round."""

    serializer_class = RubricOutputSerializer
    filterset_class = RubricFilter

    def get_queryset(self) -> QuerySet[Rubric]:
        rubrics = selectors.rubric_list()
        if not is_curator(self.request.user):
            rubrics = rubrics.filter(status=Status.PUBLISHED, current_version__isnull=False)
        return rubrics

    class InputSerializer(serializers.Serializer):
        round_kind = serializers.ChoiceField(choices=RoundKind.choices)
        title = serializers.CharField(max_length=200)
        criteria = CriterionSerializer(many=True)

    @extend_schema(request=InputSerializer, responses={201: RubricOutputSerializer})
    def post(self, request: Request) -> Response:
        require_curator(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = _rubric_form(dict(data.validated_data), round_kind=None)
        if not form.is_valid():
            raise form_errors(form)
        rubric = services.rubric_create(data=form.to_data(), author=request.user)  # type: ignore[arg-type]
        return Response(RubricOutputSerializer(rubric).data, status=status.HTTP_201_CREATED)


def _rubric_form(payload: dict[str, Any], *, round_kind: str | None) -> RubricForm:
    criteria = [
        {**criterion, "levels": dict(criterion.get("levels", {}))}
        for criterion in payload.get("criteria", [])
    ]
    form_data = {"title": payload.get("title", ""), "criteria": criteria_yaml(criteria)}
    if round_kind is None:
        form_data["round_kind"] = payload.get("round_kind", "")
    return RubricForm(form_data, round_kind=round_kind)


class RubricDetailApi(APIView):
    """GET: one rubric. PUT (curators): save an edit as a new version."""

    @extend_schema(responses={200: RubricOutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        return Response(RubricOutputSerializer(get_rubric_for_user(request.user, slug)).data)

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        criteria = CriterionSerializer(many=True)

    @extend_schema(request=InputSerializer, responses={200: RubricOutputSerializer})
    def put(self, request: Request, slug: str) -> Response:
        require_curator(request.user)
        rubric = get_rubric_for_user(request.user, slug)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = _rubric_form(dict(data.validated_data), round_kind=rubric.round_kind)
        if not form.is_valid():
            raise form_errors(form)
        services.rubric_update(rubric=rubric, data=form.to_data(), author=request.user)  # type: ignore[arg-type]
        return Response(RubricOutputSerializer(get_rubric_for_user(request.user, slug)).data)


RUBRIC_ACTIONS = {
    "submit": services.rubric_submit,
    "withdraw": services.rubric_withdraw,
    "approve": services.rubric_approve,
    "retire": services.rubric_retire,
    "restore": services.rubric_restore,
}


class RubricTransitionApi(APIView):
    """POST (curators): move a rubric through the workflow; `action` is fixed by the URL."""

    action = ""

    @extend_schema(request=None, responses={200: RubricOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        require_curator(request.user)
        rubric = get_rubric_for_user(request.user, slug)
        RUBRIC_ACTIONS[self.action](rubric=rubric, user=request.user)
        return Response(RubricOutputSerializer(get_rubric_for_user(request.user, slug)).data)


class RubricVersionListApi(ListAPIView):  # type: ignore[type-arg]
    """GET (curators): every version of a rubric, newest first."""

    filter_backends: list[Any] = []

    class OutputSerializer(serializers.Serializer):
        number = serializers.IntegerField()
        state = serializers.CharField(source="review_state")
        title = serializers.CharField()
        criteria = CriterionSerializer(many=True)
        created_at = serializers.DateTimeField()
        approved_at = serializers.DateTimeField(allow_null=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[RubricVersion]:
        require_curator(self.request.user)
        return selectors.rubric_versions(rubric=get_rubric_for_user(self.request.user, self.kwargs["slug"]))


# ---- the bank as files ------------------------------------------------------------------------------------


class BankExportApi(APIView):
    """GET (curators): the whole bank as a zip of plain files (docs/bank-format.md)."""

    @extend_schema(
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="the bank zip")}
    )
    def get(self, request: Request) -> HttpResponse:
        require_curator(request.user)
        response = HttpResponse(services.bank_zip(), content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="mockloop-bank-{timezone.now():%Y-%m-%d}.zip"'
        )
        return response


class BankImportApi(APIView):
    """POST (curators): import a bank zip, checked completely first (sandbox included), all or nothing."""

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        archive = serializers.FileField(help_text="a zip of the bank folder, as the export gives")

    class OutputSerializer(serializers.Serializer):
        summary = serializers.CharField()
        changed_nothing = serializers.BooleanField()
        created = serializers.ListField(child=serializers.CharField())
        updated = serializers.ListField(child=serializers.CharField())
        unchanged = serializers.IntegerField()
        status_changed = serializers.ListField(child=serializers.CharField())
        checked = serializers.ListField(child=serializers.CharField())

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, 400: ErrorSerializer})
    def post(self, request: Request) -> Response:
        require_curator(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            summary = services.bank_import_zip(
                data=data.validated_data["archive"].read(), author=request.user
            )  # type: ignore[arg-type]
        except BankError as exc:
            problems = [str(p) for p in exc.problems]
            detail = f"Nothing was imported. Fix what `problems` lists ({len(problems)}), then upload the zip again."
            return Response({"detail": detail, "problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "summary": str(summary),
            "changed_nothing": summary.changed_nothing,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "status_changed": summary.status_changed,
            "checked": summary.checked,
        }
        return Response(self.OutputSerializer(body).data)
