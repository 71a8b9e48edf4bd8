"""Writing the bank's files in one canonical layout (the inverse of reading.py)."""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Any

import yaml

from ..models import RoundKind
from ..reviewer_notes import NOTE_LISTS
from .data import CURATION_FILE, DESIGN_KEYS, BankData, QuestionData, RubricData

FOLD_WIDTH = 110


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key. Plain and quoted texts stay on one line (a changed
    sentence is one changed line in a diff); only `_Folded` texts wrap, at FOLD_WIDTH."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def write_plain(self, text: str, split: bool = True) -> None:
        super().write_plain(text, split=False)

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        super().write_double_quoted(text, split=False)

    def write_single_quoted(self, text: str, split: bool = True) -> None:
        super().write_single_quoted(text, split=False)


class _Flow(list[Any]):
    """A short list written on one line: `topics: [a, b]`."""


class _Folded(str):
    """A long paragraph written as a folded block (`>-`), wrapped at FOLD_WIDTH."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)
# Choices (Status.DRAFT...) are str enums: written as their plain value.
_Dumper.add_multi_representer(enum.Enum, lambda dumper, value: _represent_str(dumper, str(value.value)))
_Dumper.add_representer(
    _Folded, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=">")
)
_Dumper.add_representer(
    _Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)
)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=FOLD_WIDTH, default_flow_style=False
    )


def _paragraph(text: str) -> str:
    return _Folded(text) if len(text) > 80 and "\n" not in text else text


def _notes_for_file(notes: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: list(notes[key]) for key in NOTE_LISTS if notes.get(key)}


def question_file_text(question: QuestionData, *, with_status: bool = True) -> str:
    """The `questions/<round>/<slug>.md` file for a (non-coding) question."""
    front: dict[str, Any] = {
        "slug": question.slug,
        "round": question.round_kind,
        "title": question.title,
        "difficulty": question.difficulty,
        "level": question.level,
    }
    if question.domain:
        front["domain"] = question.domain
    front["topics"] = _Flow(question.topics)
    front["minutes"] = question.minutes
    if with_status:
        front["status"] = question.status
    front["reviewer_notes"] = _notes_for_file(question.reviewer_notes)
    if question.section_notes:
        front["sections"] = {
            key: _paragraph(question.section_notes[key])
            for key in DESIGN_KEYS
            if key in question.section_notes
        }
    return f"---\n{dump_yaml(front)}---\n{question.prompt_md.strip()}\n"


def curation_file_text(question: QuestionData, *, with_status: bool = True) -> str:
    data: dict[str, Any] = {"status": question.status} if with_status else {}
    data["minutes"] = question.minutes
    notes = _notes_for_file(question.reviewer_notes)
    if notes:
        data["reviewer_notes"] = notes
    return dump_yaml(data)


def coding_files(question: QuestionData, *, with_status: bool = True) -> dict[str, str]:
    """File name -> text of the `coding/<slug>/` folder of a coding problem."""
    spec = question.coding_spec or {}
    files = {
        "problem.yaml": question.problem_yaml or _problem_yaml_from_spec(spec),
        "statement.md": spec.get("statement", question.prompt_md),
        "starter.py": spec.get("starter", ""),
        "reference.py": spec.get("reference", ""),
        **{f"wrong/{name}.py": code for name, code in sorted(spec.get("wrongs", {}).items())},
        CURATION_FILE: curation_file_text(question, with_status=with_status),
    }
    if spec.get("generator") is not None:
        files["generator.py"] = spec["generator"]
    if spec.get("checker_source") is not None:
        files["checker.py"] = spec["checker_source"]
    return files


WRONG_MARKER_RE = re.compile(r"^# === wrong/(.*?) ===[ \t]*$")


def join_wrong_files(wrongs: dict[str, str]) -> str:
    """Several wrong solutions as one text for a curator's form: each starts with `# === wrong/<name>.py ===`."""
    parts = []
    for name, code in wrongs.items():
        body = code if code.endswith("\n") or not code else code + "\n"
        parts.append(f"# === wrong/{name} ===\n{body}")
    return "".join(parts)


def split_wrong_files(text: str) -> tuple[dict[str, str], list[str]]:
    """The inverse of `join_wrong_files`: name ("off_by_one.py") -> code, and a message per problem found."""
    from scoring.judge.problem import WRONG_NAME_RE  # the file names the judge's loader accepts

    wrongs: dict[str, str] = {}
    errors: list[str] = []
    name: str | None = None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        match = WRONG_MARKER_RE.match(line.rstrip("\n"))
        if match:
            name = match.group(1)
            stem = name.removesuffix(".py")
            if not name.endswith(".py") or not WRONG_NAME_RE.match(stem):
                errors.append(
                    f"line {number}: wrong/{name}: name each wrong solution after its mistake, "
                    "wrong/<lowercase_letters_digits_underscores>.py, e.g. wrong/off_by_one.py"
                )
            elif name in wrongs:
                errors.append(f"line {number}: wrong/{name} appears twice")
            wrongs.setdefault(name, "")
            continue
        if name is None:
            if line.strip():
                errors.append(
                    f"line {number}: start each wrong solution with a line '# === wrong/<what_is_wrong>.py ==='"
                )
                name = ""  # report the stray text once
            continue
        if name:
            wrongs[name] += line
    wrongs = {n: code for n, code in wrongs.items() if n.endswith(".py") and WRONG_NAME_RE.match(n[:-3])}
    return wrongs, errors


def _problem_yaml_from_spec(spec: dict[str, Any]) -> str:
    """problem.yaml rebuilt from a stored spec, for versions saved before the file itself was kept."""
    data: dict[str, Any] = {
        key: spec[key]
        for key in ("slug", "title", "kind", "difficulty", "level", "topics", "function", "time_limit_s")
        if key in spec
    }
    data["memory_mb"] = spec.get("memory_mb")
    data["checker"] = spec.get("checker")
    if spec.get("inputs_read_only"):
        data["inputs_read_only"] = True
    tests = []
    for test in spec.get("tests", []):
        item: dict[str, Any] = {"name": test["name"]}
        if test.get("visible"):
            item["visible"] = True
        if test.get("weight", 1) != 1:
            item["weight"] = test["weight"]
        if test.get("generate") is not None:
            item["generate"] = test["generate"]
        else:
            item["args"] = test.get("args") or []
            if test.get("kwargs"):
                item["kwargs"] = test["kwargs"]
            item["expected"] = test.get("expected")
        if test.get("checker"):
            item["checker"] = test["checker"]
        tests.append(item)
    data["tests"] = tests
    return dump_yaml(data)


def _criteria_for_file(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for criterion in criteria:
        item: dict[str, Any] = {
            "key": criterion["key"],
            "title": criterion["title"],
            "weight": criterion["weight"],
        }
        if criterion.get("from_grader"):
            item["from_grader"] = True
        item["levels"] = {int(k): v for k, v in sorted(criterion["levels"].items())}
        out.append(item)
    return out


def criteria_yaml(criteria: list[dict[str, Any]]) -> str:
    """The `criteria:` list of a rubric file, on its own (the curator's edit form)."""
    return dump_yaml(_criteria_for_file(criteria))


def rubric_file_text(rubric: RubricData, *, with_status: bool = True) -> str:
    data: dict[str, Any] = {"round": rubric.round_kind, "title": rubric.title}
    if with_status:
        data["status"] = rubric.status
    data["criteria"] = _criteria_for_file(rubric.criteria)
    return dump_yaml(data)


_LIST_HEADERS = {
    "topics.yaml": "# Every topic a question or coding problem may name. Append new ones at the end.\n",
    "red_flags.yaml": "# The red-flag checklist a reviewer ticks in every round. Keys are stable: reviews refer to them.\n",
    "candidate_questions.yaml": "# Good questions a candidate can ask the interviewer. `why` says what the question reveals.\n",
}


def bank_files(bank: BankData) -> dict[str, str]:
    """Every file of the bank folder, by path relative to it, in the canonical layout."""
    files: dict[str, str] = {}
    topics = [{"slug": slug, "name": name} for slug, name in bank.topics]
    files["topics.yaml"] = _LIST_HEADERS["topics.yaml"] + "".join(
        f"- {yaml.dump(t, Dumper=_Dumper, default_flow_style=True, sort_keys=False, allow_unicode=True, width=1_000_000)}"
        for t in topics
    )
    files["red_flags.yaml"] = _LIST_HEADERS["red_flags.yaml"] + (
        dump_yaml([{"key": key, "text": text} for key, text in bank.red_flags]) if bank.red_flags else ""
    )
    files["candidate_questions.yaml"] = _LIST_HEADERS["candidate_questions.yaml"] + (
        dump_yaml(
            [{"text": text, "why": why} if why else {"text": text} for text, why in bank.candidate_questions]
        )
        if bank.candidate_questions
        else ""
    )
    for rubric in bank.rubrics:
        files[f"rubrics/{rubric.round_kind}.yaml"] = rubric_file_text(rubric)
    for question in bank.questions:
        if question.round_kind == RoundKind.CODING:
            for name, text in coding_files(question).items():
                files[f"coding/{question.slug}/{name}"] = text
        else:
            files[f"questions/{question.round_kind}/{question.slug}.md"] = question_file_text(question)
    return dict(sorted(files.items()))


def write_bank(bank: BankData, root: Path) -> list[str]:
    """Write the bank under `root` (which must be empty or absent). Returns the paths written."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty: export into a new folder")
    files = bank_files(bank)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
