"""Read the bank's plain files (docs/bank-format.md) into plain data, validating everything first.

Nothing here touches the database: `read_bank(path)` either returns a complete `BankData` or raises
`BankError` listing every problem found, each with file, line and field, so an import can be
all-or-nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .models import DESIGN_SECTIONS, Difficulty, Domain, Level, RoundKind, Status

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DESIGN_KEYS = [key for key, _, _ in DESIGN_SECTIONS]
NOTE_LISTS = ("key_points", "follow_ups", "red_flags")


@dataclass(frozen=True)
class BankProblem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class BankError(Exception):
    def __init__(self, problems: list[BankProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class QuestionData:
    slug: str
    round_kind: str
    title: str
    prompt_md: str
    difficulty: str
    level: str
    domain: str
    minutes: int
    topics: list[str]
    reviewer_notes: dict[str, list[str]]
    section_notes: dict[str, str]
    status: str = Status.PUBLISHED
    coding_spec: dict[str, Any] | None = None
    source: str = ""


@dataclass
class RubricData:
    slug: str
    round_kind: str
    title: str
    criteria: list[dict[str, Any]]
    source: str = ""


@dataclass
class BankData:
    topics: list[tuple[str, str]] = field(default_factory=list)
    red_flags: list[tuple[str, str]] = field(default_factory=list)
    candidate_questions: list[tuple[str, str]] = field(default_factory=list)
    questions: list[QuestionData] = field(default_factory=list)
    rubrics: list[RubricData] = field(default_factory=list)


class _Reader:
    """Collects problems for one file while its fields are checked."""

    def __init__(self, rel: str, problems: list[BankProblem], line_offset: int = 0):
        self.rel = rel
        self.problems = problems
        self.line_offset = line_offset
        self.lines: dict[str, int] = {}

    def add(self, field_name: str, message: str, line: int | None = None) -> None:
        if line is None:
            line = self.lines.get(field_name.split(".")[0].split("[")[0])
        self.problems.append(BankProblem(self.rel, line, field_name, message))

    def parse(self, text: str) -> Any:
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 + self.line_offset if mark else None
            problem = getattr(exc, "problem", None) or str(exc)
            self.problems.append(BankProblem(self.rel, line, "", f"invalid YAML: {problem}"))
            return None
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                self.lines[str(key_node.value)] = key_node.start_mark.line + 1 + self.line_offset
        return data

    def string(self, data: dict[str, Any], name: str, *, required: bool = True, max_len: int = 0) -> str:
        value = data.get(name)
        if value is None or value == "":
            if required:
                self.add(name, "is required", self.lines.get(name, 1 + self.line_offset))
            return ""
        if not isinstance(value, str):
            self.add(name, f"must be text, not {type(value).__name__}")
            return ""
        if max_len and len(value) > max_len:
            self.add(name, f"is {len(value)} characters; at most {max_len}")
        return value.strip()

    def choice(self, data: dict[str, Any], name: str, choices: type[Any], default: str | None = None) -> str:
        value = data.get(name, default)
        allowed = [c.value for c in choices]
        if value is None:
            self.add(name, "is required", self.lines.get(name, 1 + self.line_offset))
            return ""
        if value not in allowed:
            self.add(name, f"{value!r} is not one of: {', '.join(allowed)}")
            return ""
        return str(value)

    def string_list(self, value: Any, name: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(name, "must be a list of non-empty texts")
            return []
        return [v.strip() for v in value]


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Return (front matter, body) of a markdown file that starts with a '---' block, else None."""
    if not text.startswith("---"):
        return None
    match = re.match(r"^---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?(.*)$", text, re.S | re.M)
    if not match:
        return None
    return match.group(1), match.group(2)


def _read_list_file(
    path: Path, root: Path, problems: list[BankProblem], keys: tuple[str, str]
) -> list[tuple[str, str]]:
    rel = path.relative_to(root).as_posix()
    if not path.exists():
        problems.append(BankProblem(rel, None, "", "file is missing"))
        return []
    reader = _Reader(rel, problems)
    data = reader.parse(path.read_text(encoding="utf-8"))
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(BankProblem(rel, 1, "", "must be a list"))
        return []
    items = []
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    for index, item in enumerate(data):
        line = node.value[index].start_mark.line + 1
        if not isinstance(item, dict):
            problems.append(BankProblem(rel, line, f"[{index}]", "must be a mapping"))
            continue
        first, second = keys
        a, b = item.get(first), item.get(second, "")
        if not isinstance(a, str) or not a.strip():
            problems.append(BankProblem(rel, line, f"[{index}].{first}", "is required"))
            continue
        if not isinstance(b, str):
            problems.append(BankProblem(rel, line, f"[{index}].{second}", "must be text"))
            continue
        items.append((a.strip(), b.strip()))
    seen: set[str] = set()
    for a, _ in items:
        if a in seen:
            problems.append(BankProblem(rel, None, first, f"{a!r} appears twice"))
        seen.add(a)
    return items


def read_question_file(
    path: Path, root: Path, topics: set[str], problems: list[BankProblem]
) -> QuestionData | None:
    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    parts = split_front_matter(text)
    if parts is None:
        problems.append(BankProblem(rel, 1, "", "must start with YAML front matter between '---' lines"))
        return None
    front, body = parts
    reader = _Reader(rel, problems, line_offset=1)
    before = len(problems)
    data = reader.parse(front)
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.add("", "front matter must be a mapping", 2)
        return None
    known = {
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
    for key in data:
        if key not in known:
            reader.add(str(key), f"unknown field (expected one of: {', '.join(sorted(known))})")
    slug = reader.string(data, "slug")
    if slug and not SLUG_RE.match(slug):
        reader.add("slug", "use lowercase letters, digits and hyphens")
    if slug and slug != path.stem:
        reader.add("slug", f"must equal the file name {path.stem!r}")
    round_kind = reader.choice(data, "round", RoundKind)
    if round_kind == RoundKind.CODING:
        reader.add("round", "coding problems live in coding/<slug>/, not in questions/")
    if round_kind and path.parent.name != round_kind:
        reader.add("round", f"{round_kind!r} does not match the folder {path.parent.name!r}")
    title = reader.string(data, "title", max_len=200)
    difficulty = reader.choice(data, "difficulty", Difficulty)
    level = reader.choice(data, "level", Level, default=Level.MID)
    status = reader.choice(data, "status", Status, default=Status.PUBLISHED)
    domain = ""
    if round_kind == RoundKind.ML_DOMAIN:
        domain = reader.choice(data, "domain", Domain)
    elif "domain" in data:
        reader.add("domain", "only ml_domain questions have a domain")
    minutes = data.get("minutes", 5)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 120:
        reader.add("minutes", "must be a whole number of minutes from 1 to 120")
        minutes = 5
    topic_list = reader.string_list(data.get("topics"), "topics")
    if not topic_list:
        reader.add("topics", "name at least one topic", reader.lines.get("topics", 2))
    for topic in topic_list:
        if topic not in topics:
            reader.add("topics", f"unknown topic {topic!r} (add it to topics.yaml)")
    notes_raw = data.get("reviewer_notes") or {}
    notes: dict[str, list[str]] = {}
    if not isinstance(notes_raw, dict):
        reader.add("reviewer_notes", "must be a mapping with key_points, follow_ups and red_flags")
    else:
        for key in notes_raw:
            if key not in NOTE_LISTS:
                reader.add(f"reviewer_notes.{key}", f"unknown key (expected {', '.join(NOTE_LISTS)})")
        for key in NOTE_LISTS:
            notes[key] = reader.string_list(notes_raw.get(key), f"reviewer_notes.{key}")
        if not notes["key_points"]:
            reader.add("reviewer_notes.key_points", "list what a strong answer covers")
    sections: dict[str, str] = {}
    raw_sections = data.get("sections")
    if round_kind == RoundKind.ML_SYSTEM_DESIGN:
        if not isinstance(raw_sections, dict):
            reader.add("sections", f"design prompts need notes for each section: {', '.join(DESIGN_KEYS)}")
        else:
            for key in DESIGN_KEYS:
                value = raw_sections.get(key)
                if not isinstance(value, str) or not value.strip():
                    reader.add(f"sections.{key}", "is required")
                else:
                    sections[key] = value.strip()
            for key in raw_sections:
                if key not in DESIGN_KEYS:
                    reader.add(f"sections.{key}", f"unknown section (expected {', '.join(DESIGN_KEYS)})")
    elif raw_sections is not None:
        reader.add("sections", "only ml_system_design questions have sections")
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


def read_rubric_file(path: Path, root: Path, problems: list[BankProblem]) -> RubricData | None:
    rel = path.relative_to(root).as_posix()
    reader = _Reader(rel, problems)
    before = len(problems)
    data = reader.parse(path.read_text(encoding="utf-8"))
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.add("", "must be a mapping", 1)
        return None
    round_kind = reader.choice(data, "round", RoundKind)
    if round_kind and path.stem != round_kind:
        reader.add("round", f"must match the file name {path.stem!r}")
    title = reader.string(data, "title")
    criteria_raw = data.get("criteria")
    criteria: list[dict[str, Any]] = []
    if not isinstance(criteria_raw, list) or not criteria_raw:
        reader.add("criteria", "must be a non-empty list", reader.lines.get("criteria", 1))
    else:
        keys: set[str] = set()
        for i, item in enumerate(criteria_raw):
            name = f"criteria[{i}]"
            if not isinstance(item, dict):
                reader.add(name, "must be a mapping")
                continue
            key = item.get("key")
            if not isinstance(key, str) or not re.match(r"^[a-z0-9_]+$", key):
                reader.add(f"{name}.key", "is required: lowercase letters, digits and underscores")
                continue
            if key in keys:
                reader.add(f"{name}.key", f"{key!r} appears twice")
            keys.add(key)
            weight = item.get("weight", 1)
            if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 10:
                reader.add(f"{name}.weight", "must be a whole number from 1 to 10")
            levels = item.get("levels")
            if not isinstance(levels, dict) or sorted(str(k) for k in levels) != ["1", "2", "3", "4"]:
                reader.add(f"{name}.levels", "must describe exactly the levels 1, 2, 3 and 4")
                continue
            if not all(isinstance(v, str) and v.strip() for v in levels.values()):
                reader.add(f"{name}.levels", "every level needs a descriptor")
                continue
            title_value = item.get("title")
            if not isinstance(title_value, str) or not title_value.strip():
                reader.add(f"{name}.title", "is required")
                continue
            criteria.append(
                {
                    "key": key,
                    "title": title_value.strip(),
                    "weight": weight,
                    "from_grader": bool(item.get("from_grader", False)),
                    "levels": {
                        str(k): str(v).strip() for k, v in sorted(levels.items(), key=lambda kv: str(kv[0]))
                    },
                }
            )
    if len(problems) > before:
        return None
    return RubricData(
        slug=f"{round_kind}-rubric", round_kind=round_kind, title=title, criteria=criteria, source=rel
    )


def read_coding_problem(
    folder: Path, root: Path, topics: set[str], problems: list[BankProblem]
) -> QuestionData | None:
    """Load one coding problem folder through the judge's loader, which validates tests and checkers."""
    from scoring.judge import problem as judge_problem  # plain Python, no Django: see docs/architecture.md

    rel = folder.relative_to(root).as_posix()
    try:
        spec = judge_problem.load_problem_dir(folder)
    except judge_problem.BankError as exc:
        for item in exc.problems:
            file, line, field_name, message = item
            problems.append(BankProblem(f"{rel}/{Path(file).name}", line, field_name, message))
        return None
    data = spec.to_dict()
    before = len(problems)
    for topic in data.get("topics", []):
        if topic not in topics:
            problems.append(BankProblem(f"{rel}/problem.yaml", None, "topics", f"unknown topic {topic!r}"))
    if data["slug"] != folder.name:
        problems.append(
            BankProblem(f"{rel}/problem.yaml", None, "slug", f"must equal the folder {folder.name!r}")
        )
    if len(problems) > before:
        return None
    return QuestionData(
        slug=data["slug"],
        round_kind=RoundKind.CODING,
        title=data["title"],
        prompt_md=data["statement"],
        difficulty=data["difficulty"],
        level=data.get("level") or Level.MID,
        domain="",
        minutes=int(data.get("minutes") or 45),
        topics=list(data.get("topics", [])),
        reviewer_notes={key: list(data.get("reviewer_notes", {}).get(key, [])) for key in NOTE_LISTS},
        section_notes={},
        status=data.get("status") or Status.PUBLISHED,
        coding_spec=data,
        source=rel,
    )


def read_bank(root: Path) -> BankData:
    """Read and validate the whole bank folder. Raises BankError with every problem found."""
    root = Path(root)
    problems: list[BankProblem] = []
    if not root.is_dir():
        raise BankError([BankProblem(str(root), None, "", "is not a folder")])
    bank = BankData()
    bank.topics = _read_list_file(root / "topics.yaml", root, problems, ("slug", "name"))
    for slug, _ in bank.topics:
        if not SLUG_RE.match(slug):
            problems.append(
                BankProblem(
                    "topics.yaml", None, "slug", f"{slug!r}: use lowercase letters, digits and hyphens"
                )
            )
    topic_slugs = {slug for slug, _ in bank.topics}
    if (root / "red_flags.yaml").exists():
        bank.red_flags = _read_list_file(root / "red_flags.yaml", root, problems, ("key", "text"))
    if (root / "candidate_questions.yaml").exists():
        bank.candidate_questions = _read_list_file(
            root / "candidate_questions.yaml", root, problems, ("text", "why")
        )
    seen: dict[str, str] = {}
    questions_dir = root / "questions"
    files = sorted(questions_dir.glob("*/*.md")) if questions_dir.is_dir() else []
    for path in files:
        question = read_question_file(path, root, topic_slugs, problems)
        if question:
            bank.questions.append(question)
    coding_dir = root / "coding"
    for folder in sorted(p for p in coding_dir.iterdir() if p.is_dir()) if coding_dir.is_dir() else []:
        question = read_coding_problem(folder, root, topic_slugs, problems)
        if question:
            bank.questions.append(question)
    for question in bank.questions:
        if question.slug in seen:
            problems.append(
                BankProblem(
                    question.source, None, "slug", f"{question.slug!r} is also used by {seen[question.slug]}"
                )
            )
        seen[question.slug] = question.source
    rubrics_dir = root / "rubrics"
    for path in sorted(rubrics_dir.glob("*.yaml")) if rubrics_dir.is_dir() else []:
        rubric = read_rubric_file(path, root, problems)
        if rubric:
            bank.rubrics.append(rubric)
    if problems:
        raise BankError(problems)
    return bank
