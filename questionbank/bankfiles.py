"""Read the bank's plain files (docs/bank-format.md) into plain data, validating everything first.

Nothing here touches the database: `read_bank(path)` either returns a complete `BankData` or raises
`BankError` listing every problem found, each with file, line and field, so an import can be
all-or-nothing. `write_bank(bank, path)` is the inverse: it writes the same format in one canonical
layout, so that writing what was read, then reading and writing again, gives byte-identical files.
"""

from __future__ import annotations

import enum
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
    # Coding only: problem.yaml as written, kept so an export gives back the curator's file.
    problem_yaml: str = ""
    source: str = ""


@dataclass
class RubricData:
    slug: str
    round_kind: str
    title: str
    criteria: list[dict[str, Any]]
    status: str = Status.PUBLISHED
    source: str = ""


@dataclass
class BankData:
    topics: list[tuple[str, str]] = field(default_factory=list)
    red_flags: list[tuple[str, str]] = field(default_factory=list)
    candidate_questions: list[tuple[str, str]] = field(default_factory=list)
    questions: list[QuestionData] = field(default_factory=list)
    rubrics: list[RubricData] = field(default_factory=list)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalised(data: QuestionData) -> QuestionData:
    """The question as the file reader would give it back: LF line ends, texts stripped, the prompt ending
    with one newline, empty notes dropped, topics sorted. Coding statements are kept byte for byte."""
    from dataclasses import replace

    notes = {
        key: [_lf(v).strip() for v in data.reviewer_notes.get(key, []) if v.strip()] for key in NOTE_LISTS
    }
    return replace(
        data,
        title=data.title.strip(),
        prompt_md=data.prompt_md if data.coding_spec is not None else _lf(data.prompt_md).strip() + "\n",
        topics=sorted(data.topics),
        reviewer_notes=notes,
        section_notes={key: _lf(value).strip() for key, value in data.section_notes.items()},
    )


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
    notes = _read_notes(reader, data.get("reviewer_notes"))
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
    return parse_rubric_text(path.read_text(encoding="utf-8"), rel, problems, file_round=path.stem)


def parse_rubric_text(
    text: str, rel: str, problems: list[BankProblem], *, file_round: str | None = None
) -> RubricData | None:
    """Validate one rubric's YAML (a file, or the curator's edit form). `file_round` is the file's stem."""
    reader = _Reader(rel, problems)
    before = len(problems)
    data = reader.parse(text)
    if data is None:
        if len(problems) == before:
            reader.add("", "the rubric is empty", 1)
        return None
    if not isinstance(data, dict):
        reader.add("", "must be a mapping", 1)
        return None
    for key in data:
        if key not in {"round", "title", "status", "criteria"}:
            reader.add(str(key), "unknown field (expected one of: criteria, round, status, title)")
    round_kind = reader.choice(data, "round", RoundKind)
    if round_kind and file_round is not None and file_round != round_kind:
        reader.add("round", f"must match the file name {file_round!r}")
    title = reader.string(data, "title", max_len=200)
    status = reader.choice(data, "status", Status, default=Status.PUBLISHED)
    criteria_raw = data.get("criteria")
    criteria: list[dict[str, Any]] = []
    if not isinstance(criteria_raw, list) or not criteria_raw:
        reader.add("criteria", "must be a non-empty list", reader.lines.get("criteria", 1))
    else:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        item_lines = _sequence_lines(node, "criteria", reader.line_offset)
        keys: set[str] = set()
        for i, item in enumerate(criteria_raw):
            name = f"criteria[{i}]"
            line = item_lines[i] if i < len(item_lines) else None

            def add(field_name: str, message: str, line: int | None = line) -> None:
                reader.add(field_name, message, line)

            if not isinstance(item, dict):
                add(name, "must be a mapping")
                continue
            key = item.get("key")
            if not isinstance(key, str) or not re.match(r"^[a-z0-9_]+$", key):
                add(f"{name}.key", "is required: lowercase letters, digits and underscores")
                continue
            if key in keys:
                add(f"{name}.key", f"{key!r} appears twice")
            keys.add(key)
            for extra in item:
                if extra not in {"key", "title", "weight", "from_grader", "levels"}:
                    add(f"{name}.{extra}", "unknown field (expected from_grader, key, levels, title, weight)")
            weight = item.get("weight", 1)
            if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 10:
                add(f"{name}.weight", "must be a whole number from 1 to 10")
            from_grader = item.get("from_grader", False)
            if not isinstance(from_grader, bool):
                add(f"{name}.from_grader", "must be true or false")
            elif from_grader and round_kind and round_kind != RoundKind.CODING:
                add(f"{name}.from_grader", "only the coding rubric has criteria filled in by the grader")
            levels = item.get("levels")
            if not isinstance(levels, dict) or sorted(str(k) for k in levels) != ["1", "2", "3", "4"]:
                add(f"{name}.levels", "must describe exactly the levels 1, 2, 3 and 4")
                continue
            if not all(isinstance(v, str) and v.strip() for v in levels.values()):
                add(f"{name}.levels", "every level needs a descriptor")
                continue
            title_value = item.get("title")
            if not isinstance(title_value, str) or not title_value.strip():
                add(f"{name}.title", "is required")
                continue
            criteria.append(
                {
                    "key": key,
                    "title": title_value.strip(),
                    "weight": weight,
                    "from_grader": from_grader is True,
                    "levels": {
                        str(k): str(v).strip() for k, v in sorted(levels.items(), key=lambda kv: str(kv[0]))
                    },
                }
            )
    if len(problems) > before:
        return None
    return RubricData(
        slug=rubric_slug(round_kind),
        round_kind=round_kind,
        title=title,
        criteria=criteria,
        status=status,
        source=rel,
    )


def rubric_slug(round_kind: str) -> str:
    return f"{round_kind}-rubric"


def _sequence_lines(node: yaml.Node | None, key: str, offset: int = 0) -> list[int]:
    """1-based lines of the items of the list under `key` in a composed mapping."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            return [item.start_mark.line + 1 + offset for item in value_node.value]
    return []


CURATION_FILE = "curation.yaml"


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
        "reviewer_notes": {key: [] for key in NOTE_LISTS},
    }
    if not path.exists():
        return defaults
    reader = _Reader(f"{rel}/{CURATION_FILE}", problems)
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
    minutes = data.get("minutes", 45)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 120:
        reader.add("minutes", "must be a whole number of minutes from 1 to 120")
    notes = _read_notes(reader, data.get("reviewer_notes"), required=False)
    if len(problems) > before:
        return None
    return {"status": status, "minutes": minutes, "reviewer_notes": notes}


def _read_notes(reader: _Reader, notes_raw: Any, *, required: bool = True) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {key: [] for key in NOTE_LISTS}
    if notes_raw is None:
        notes_raw = {}
    if not isinstance(notes_raw, dict):
        reader.add("reviewer_notes", "must be a mapping with key_points, follow_ups and red_flags")
        return notes
    for key in notes_raw:
        if key not in NOTE_LISTS:
            reader.add(f"reviewer_notes.{key}", f"unknown key (expected {', '.join(NOTE_LISTS)})")
    for key in NOTE_LISTS:
        notes[key] = reader.string_list(notes_raw.get(key), f"reviewer_notes.{key}")
    if required and not notes["key_points"]:
        reader.add("reviewer_notes.key_points", "list what a strong answer covers")
    return notes


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


# ---- writing ---------------------------------------------------------------------------------------


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
    data = {
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
