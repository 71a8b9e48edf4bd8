"""Reading one question file (`questions/<round>/<slug>.md`) or one coding problem folder
(`coding/<slug>/`), every field checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..models import Difficulty, Domain, Level, RoundKind, Status
from ..reviewer_notes import stored_notes
from .data import CURATION_FILE, DESIGN_KEYS, SLUG_RE, BankProblem, QuestionData
from .fields import FieldReader, read_notes, split_front_matter

QUESTION_FIELDS = frozenset(
    {
        "slug",
        "round",
        "title",
        "difficulty",
        "level",
        "domain",
        "minutes",
        "topics",
        "reviewer_notes",
        "sections",
        "status",
    }
)


def read_question_file(
    path: Path, root: Path, topics: set[str], problems: list[BankProblem]
) -> QuestionData | None:
    rel = path.relative_to(root).as_posix()
    parts = split_front_matter(path.read_text(encoding="utf-8"))
    if parts is None:
        problems.append(BankProblem(rel, 1, "", "must start with YAML front matter between '---' lines"))
        return None
    front, body = parts
    reader = FieldReader(rel, problems, line_offset=1)
    before = len(problems)
    data = reader.parse(front)
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.add("", "front matter must be a mapping", 2)
        return None
    for key in data:
        if key not in QUESTION_FIELDS:
            reader.add(str(key), f"unknown field (expected one of: {', '.join(sorted(QUESTION_FIELDS))})")
    slug = _read_slug(reader, data, path)
    round_kind = _read_round(reader, data, path)
    title = reader.string(data, "title", max_len=200)
    difficulty = reader.choice(data, "difficulty", Difficulty)
    level = reader.choice(data, "level", Level, default=Level.MID)
    status = reader.choice(data, "status", Status, default=Status.PUBLISHED)
    domain = _read_domain(reader, data, round_kind)
    minutes = _read_minutes(reader, data, default=5)
    topic_list = _read_topics(reader, data, topics)
    notes = read_notes(reader, data.get("reviewer_notes"))
    sections = _read_sections(reader, data.get("sections"), round_kind)
    if not body.strip():
        problems.append(
            BankProblem(rel, None, "body", "the prompt (markdown after the front matter) is empty")
        )
    if len(problems) > before:
        return None
    return QuestionData(
        slug=slug,
        round_kind=round_kind,
        title=title,
        prompt_md=body.strip() + "\n",
        difficulty=difficulty,
        level=level,
        domain=domain,
        minutes=minutes,
        topics=topic_list,
        reviewer_notes=notes,
        section_notes=sections,
        status=status,
        source=rel,
    )


def _read_slug(reader: FieldReader, data: dict[str, Any], path: Path) -> str:
    slug = reader.string(data, "slug")
    if slug and not SLUG_RE.match(slug):
        reader.add("slug", "use lowercase letters, digits and hyphens")
    if slug and slug != path.stem:
        reader.add("slug", f"must equal the file name {path.stem!r}")
    return slug


def _read_round(reader: FieldReader, data: dict[str, Any], path: Path) -> str:
    round_kind = reader.choice(data, "round", RoundKind)
    if round_kind == RoundKind.CODING:
        reader.add("round", "coding problems live in coding/<slug>/, not in questions/")
    if round_kind and path.parent.name != round_kind:
        reader.add("round", f"{round_kind!r} does not match the folder {path.parent.name!r}")
    return round_kind


def _read_domain(reader: FieldReader, data: dict[str, Any], round_kind: str) -> str:
    if round_kind == RoundKind.ML_DOMAIN:
        return reader.choice(data, "domain", Domain)
    if "domain" in data:
        reader.add("domain", "only ml_domain questions have a domain")
    return ""


def _read_topics(reader: FieldReader, data: dict[str, Any], topics: set[str]) -> list[str]:
    topic_list = reader.string_list(data.get("topics"), "topics")
    if not topic_list:
        reader.add("topics", "name at least one topic", reader.lines.get("topics", 2))
    for topic in topic_list:
        if topic not in topics:
            reader.add("topics", f"unknown topic {topic!r} (add it to topics.yaml)")
    return topic_list


def _read_sections(reader: FieldReader, raw_sections: Any, round_kind: str) -> dict[str, str]:
    """System design only: the reviewer's notes for every design section, and no others."""
    sections: dict[str, str] = {}
    if round_kind != RoundKind.ML_SYSTEM_DESIGN:
        if raw_sections is not None:
            reader.add("sections", "only ml_system_design questions have sections")
        return sections
    if not isinstance(raw_sections, dict):
        reader.add("sections", f"design prompts need notes for each section: {', '.join(DESIGN_KEYS)}")
        return sections
    for key in DESIGN_KEYS:
        value = raw_sections.get(key)
        if not isinstance(value, str) or not value.strip():
            reader.add(f"sections.{key}", "is required")
        else:
            sections[key] = value.strip()
    for key in raw_sections:
        if key not in DESIGN_KEYS:
            reader.add(f"sections.{key}", f"unknown section (expected {', '.join(DESIGN_KEYS)})")
    return sections


def read_coding_problem(
    folder: Path, root: Path, topics: set[str], problems: list[BankProblem]
) -> QuestionData | None:
    """Load one coding problem folder through the judge's loader, which validates tests and checkers.

    The folder's `curation.yaml` (optional) carries what only the bank needs: status, suggested minutes
    and reviewer notes. The judge never reads it.
    """
    from scoring.judge import problem as judge_problem  # plain Python, no Django: see docs/architecture.md

    rel = folder.relative_to(root).as_posix()
    before = len(problems)
    curation = _read_curation(folder, rel, problems)
    try:
        spec = judge_problem.load_problem_dir(folder, known_topics=topics)
    except judge_problem.BankError as exc:
        for item in exc.problems:
            file, line, field_name, message = item
            inside = file.split("/", 1)[1] if "/" in file else ""  # "<slug>/wrong/x.py" -> "wrong/x.py"
            where = f"{rel}/{inside}" if inside else rel
            problems.append(BankProblem(where, line or None, field_name, message))
        return None
    data = spec.to_dict()
    if data["slug"] != folder.name:
        problems.append(
            BankProblem(f"{rel}/problem.yaml", None, "slug", f"must equal the folder {folder.name!r}")
        )
    if len(problems) > before or curation is None:
        return None
    return QuestionData(
        slug=data["slug"],
        round_kind=RoundKind.CODING,
        title=data["title"],
        prompt_md=data["statement"],
        difficulty=data["difficulty"],
        level=data.get("level") or Level.MID,
        domain="",
        minutes=curation["minutes"],
        topics=list(data.get("topics", [])),
        reviewer_notes=curation["reviewer_notes"],
        section_notes={},
        status=curation["status"],
        coding_spec=data,
        problem_yaml=(folder / "problem.yaml").read_text(encoding="utf-8"),
        source=rel,
    )


def _read_curation(folder: Path, rel: str, problems: list[BankProblem]) -> dict[str, Any] | None:
    path = folder / CURATION_FILE
    defaults: dict[str, Any] = {
        "status": Status.PUBLISHED,
        "minutes": 45,
        "reviewer_notes": stored_notes({}),
    }
    if not path.exists():
        return defaults
    reader = FieldReader(f"{rel}/{CURATION_FILE}", problems)
    before = len(problems)
    data = reader.parse(path.read_text(encoding="utf-8"))
    if data is None:
        return defaults if len(problems) == before else None
    if not isinstance(data, dict):
        reader.add("", "must be a mapping of status, minutes and reviewer_notes", 1)
        return None
    for key in data:
        if key not in {"status", "minutes", "reviewer_notes"}:
            reader.add(str(key), "unknown field (expected one of: minutes, reviewer_notes, status)")
    status = reader.choice(data, "status", Status, default=Status.PUBLISHED)
    minutes = _read_minutes(reader, data, default=45)
    notes = read_notes(reader, data.get("reviewer_notes"), required=False)
    if len(problems) > before:
        return None
    return {"status": status, "minutes": minutes, "reviewer_notes": notes}


def _read_minutes(reader: FieldReader, data: dict[str, Any], *, default: int) -> int:
    """Suggested minutes, 1 to 120 (`default` when absent, or when invalid: the problem is reported)."""
    minutes = data.get("minutes", default)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 120:
        reader.add("minutes", "must be a whole number of minutes from 1 to 120")
        return default
    return minutes
