"""Curator forms. Each turns its fields into the same plain data the bank files give (`QuestionData`,
`RubricData`), normalised the same way, so an item written in a form and the same item exported and
imported again have the same content hash."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django import forms

from .bankfiles.data import CURATION_FILE, DESIGN_KEYS, SLUG_RE, BankProblem, QuestionData, RubricData
from .bankfiles.questions import read_coding_problem
from .bankfiles.rubrics import parse_rubric_text
from .bankfiles.writing import criteria_yaml, dump_yaml, join_wrong_files, split_wrong_files
from .design_sections import DESIGN_SECTIONS
from .models import Difficulty, Domain, Level, RoundKind, Status, Topic
from .reviewer_notes import NO_EXAMPLE, NOTE_LISTS, notes_problems, stored_notes


def clean_text(value: str) -> str:
    """Browsers send CRLF line ends; the bank's files use LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in clean_text(value).split("\n") if line.strip()]


def _slug_field() -> forms.CharField:
    return forms.CharField(
        max_length=100,
        help_text="Lowercase letters, digits and hyphens; it names the file in exports and never changes.",
    )


def _check_slug(value: str) -> str:
    value = value.strip()
    if not SLUG_RE.match(value):
        raise forms.ValidationError("Use lowercase letters, digits and hyphens, e.g. bias-variance-tradeoff.")
    return value


class NotesMixin(forms.Form):
    key_points = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="A strong answer covers",
        help_text="One point per line. Reviewers see them while scoring; candidates only after their round.",
    )
    key_point_examples = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="How a strong answer says each point (optional)",
        help_text=f"One line per key point, in the same order: the point as a strong candidate would explain "
        f'it, in their own words. Write "{NO_EXAMPLE}" for a point without one. Candidates see these after '
        f"the round as the model answer; the automatic read matches answers against them.",
    )
    follow_ups = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Follow-up questions",
        help_text="One per line, easiest first.",
    )
    red_flags = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Red flags", help_text="One per line."
    )
    red_flag_examples = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="How each red flag sounds (optional)",
        help_text=f"One line per red flag, in the same order: something a candidate showing it might say, in "
        f'their own words. Write "{NO_EXAMPLE}" for a flag without one. The automatic read uses these to find '
        f"the flag in answers.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        lists = {key: _lines(cleaned.get(key) or "") for key in NOTE_LISTS}
        for key, problem in notes_problems(lists).items():
            self.add_error(key, f"This list {problem}.")
        return cleaned

    def notes(self) -> dict[str, list[str]]:
        return stored_notes({key: _lines(self.cleaned_data.get(key) or "") for key in NOTE_LISTS})

    @staticmethod
    def notes_initial(notes: dict[str, list[str]]) -> dict[str, str]:
        return {key: "\n".join(notes.get(key, [])) for key in NOTE_LISTS}


class QuestionForm(NotesMixin):
    """A question of any round but coding. `round_kind` decides which fields are required."""

    slug = _slug_field()
    title = forms.CharField(max_length=200)
    difficulty = forms.ChoiceField(choices=Difficulty.choices, initial=Difficulty.MEDIUM)
    level = forms.ChoiceField(choices=Level.choices, initial=Level.MID, help_text="Target seniority.")
    domain = forms.ChoiceField(choices=[("", "(none)"), *Domain.choices], required=False)
    minutes = forms.IntegerField(
        min_value=1, max_value=120, initial=5, help_text="Suggested time for this question."
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"), to_field_name="slug", widget=forms.CheckboxSelectMultiple
    )
    prompt_md = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Prompt (markdown)",
        help_text="What the candidate sees.",
    )

    def __init__(self, *args: Any, round_kind: str, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.round_kind = round_kind
        self.editing = editing
        if editing:
            del self.fields["slug"]
        if round_kind != RoundKind.ML_DOMAIN:
            del self.fields["domain"]
        else:
            self.fields["domain"].required = True
        if round_kind == RoundKind.ML_SYSTEM_DESIGN:
            for key, title, _ in DESIGN_SECTIONS:
                self.fields[f"section_{key}"] = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 2}),
                    label=f"Notes for the section: {title}",
                    help_text="What a strong answer covers in this section (reviewers only).",
                )
        # Keep the prompt next to the title, the notes after it.
        order = ["slug", "title", "prompt_md", "difficulty", "level", "domain", "minutes", "topics"]
        self.order_fields(order)

    def clean_slug(self) -> str:
        return _check_slug(self.cleaned_data["slug"])

    def to_data(self, *, slug: str | None = None, status: str = Status.DRAFT) -> QuestionData:
        data = self.cleaned_data
        sections = {}
        if self.round_kind == RoundKind.ML_SYSTEM_DESIGN:
            sections = {key: clean_text(data[f"section_{key}"]).strip() for key in DESIGN_KEYS}
        return QuestionData(
            slug=slug or data["slug"],
            round_kind=self.round_kind,
            title=data["title"].strip(),
            prompt_md=clean_text(data["prompt_md"]).strip() + "\n",
            difficulty=data["difficulty"],
            level=data["level"],
            domain=data.get("domain") or "",
            minutes=data["minutes"],
            topics=sorted(t.slug for t in data["topics"]),
            reviewer_notes=self.notes(),
            section_notes=sections,
            status=status,
        )

    @classmethod
    def initial_from(cls, data: QuestionData) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "slug": data.slug,
            "title": data.title,
            "difficulty": data.difficulty,
            "level": data.level,
            "domain": data.domain,
            "minutes": data.minutes,
            "topics": data.topics,
            "prompt_md": data.prompt_md,
            **cls.notes_initial(data.reviewer_notes),
        }
        for key in DESIGN_KEYS:
            initial[f"section_{key}"] = data.section_notes.get(key, "")
        return initial


CODING_FILES = {
    "problem_yaml": "problem.yaml",
    "statement_md": "statement.md",
    "starter_py": "starter.py",
    "reference_py": "reference.py",
    "generator_py": "generator.py",
    "checker_py": "checker.py",
}


class CodingProblemForm(NotesMixin):
    """The files of a coding problem folder, validated by the same loader as the bank files."""

    slug = _slug_field()
    problem_yaml = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "code"}),
        label="problem.yaml",
        help_text="Title, difficulty, topics, function, limits, checker and tests (docs/bank-format.md).",
    )
    statement_md = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        label="Statement (statement.md, markdown)",
        help_text="What the candidate sees, with the signature and constraints.",
    )
    starter_py = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "code"}),
        label="Starter code (starter.py)",
    )
    reference_py = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "code"}),
        label="Reference solution (reference.py)",
        help_text="Must pass every test. Curators only.",
    )
    wrongs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false", "class": "code"}),
        label="Plausible wrong solutions (wrong/*.py)",
        help_text="At least three, each starting with a line '# === wrong/<what_is_wrong>.py ===' "
        "(e.g. wrong/off_by_one.py). Each must fail at least one test, to prove the tests have teeth.",
    )
    generator_py = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "code"}),
        required=False,
        label="Test generator (generator.py, optional)",
    )
    checker_py = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "code"}),
        required=False,
        label="Custom checker (checker.py, optional)",
    )
    minutes = forms.IntegerField(min_value=1, max_value=120, initial=45, help_text="Suggested time.")

    def __init__(self, *args: Any, editing_slug: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing_slug = editing_slug
        self.data_out: QuestionData | None = None
        if editing_slug:
            del self.fields["slug"]

    def clean_slug(self) -> str:
        return _check_slug(self.cleaned_data["slug"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        slug = self.editing_slug or cleaned.get("slug")
        if not slug or any(name in self.errors for name in ("problem_yaml", "minutes")):
            return cleaned
        topics = set(Topic.objects.values_list("slug", flat=True))
        problems: list[BankProblem] = []
        with tempfile.TemporaryDirectory(prefix="coding-form-") as tmp:
            root = Path(tmp)
            folder = root / "coding" / slug
            folder.mkdir(parents=True)
            for name, file in CODING_FILES.items():
                text = clean_text(cleaned.get(name) or "")
                if text or name not in ("generator_py", "checker_py"):
                    (folder / file).write_text(text, encoding="utf-8")
            wrongs, wrong_errors = split_wrong_files(clean_text(cleaned.get("wrongs") or ""))
            for message in wrong_errors:
                self.add_error("wrongs", message)
            (folder / "wrong").mkdir()
            for file, text in wrongs.items():
                (folder / "wrong" / file).write_text(text, encoding="utf-8")
            curation = {"status": Status.DRAFT, "minutes": cleaned["minutes"], "reviewer_notes": self.notes()}
            (folder / CURATION_FILE).write_text(dump_yaml(curation), encoding="utf-8")
            data = read_coding_problem(folder, root, topics, problems)
        by_file = {file: name for name, file in CODING_FILES.items()}
        for problem in problems:
            file = problem.file.split(f"coding/{slug}/", 1)[-1].removeprefix(f"coding/{slug}")
            where = f"line {problem.line}: " if problem.line else ""
            what = f"{problem.field}: " if problem.field else ""
            target = "wrongs" if file.startswith("wrong") else by_file.get(file)
            if file == CURATION_FILE:
                target = "key_points" if "reviewer_notes" in problem.field else None
            self.add_error(target, f"{file}: {where}{what}{problem.message}")
        self.data_out = data
        return cleaned

    def to_data(self) -> QuestionData:
        assert self.data_out is not None, "call is_valid() first"
        return self.data_out

    @classmethod
    def initial_from(cls, data: QuestionData, files: dict[str, str]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "slug": data.slug,
            "minutes": data.minutes,
            **cls.notes_initial(data.reviewer_notes),
        }
        for name, file in CODING_FILES.items():
            initial[name] = files.get(file, "")
        initial["wrongs"] = join_wrong_files(
            {file.removeprefix("wrong/"): text for file, text in files.items() if file.startswith("wrong/")}
        )
        return initial


class RubricForm(forms.Form):
    """A rubric: its title and its criteria as YAML (the `criteria:` list of rubrics/<round>.yaml)."""

    round_kind = forms.ChoiceField(choices=RoundKind.choices, label="Round")
    title = forms.CharField(max_length=200)
    criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
        label="Criteria (YAML)",
        help_text="A list of criteria, each with key, title, weight (1-10), levels 1 to 4 and, for coding, "
        "from_grader: true on the criterion the grader fills in.",
    )

    HEADER_LINES = 3  # round, title and "criteria:" come before the curator's text

    def __init__(
        self, *args: Any, round_kind: str | None = None, taken: set[str] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fixed_round = round_kind
        self.data_out: RubricData | None = None
        if round_kind:
            del self.fields["round_kind"]
        else:
            field = self.fields["round_kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(k, v) for k, v in RoundKind.choices if k not in (taken or set())]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        round_kind = self.fixed_round or cleaned.get("round_kind")
        if not round_kind or "title" not in cleaned or "criteria" not in cleaned:
            return cleaned
        text = (
            f"round: {round_kind}\ntitle: {json.dumps(cleaned['title'].strip(), ensure_ascii=False)}\n"
            f"criteria:\n{clean_text(cleaned['criteria'])}\n"
        )
        problems: list[BankProblem] = []
        self.data_out = parse_rubric_text(text, "criteria", problems)
        for problem in problems:
            line = (problem.line or 0) - self.HEADER_LINES
            where = f"line {line}: " if line > 0 else ""
            what = f"{problem.field}: " if problem.field else ""
            self.add_error("criteria", f"{where}{what}{problem.message}")
        return cleaned

    def to_data(self) -> RubricData:
        assert self.data_out is not None, "call is_valid() first"
        return self.data_out

    @staticmethod
    def initial_from(data: RubricData) -> dict[str, Any]:
        return {"round_kind": data.round_kind, "title": data.title, "criteria": criteria_yaml(data.criteria)}


class BankUploadForm(forms.Form):
    archive = forms.FileField(
        label="Bank zip",
        help_text="A zip of the bank folder, as the download gives. Everything is checked first.",
    )
