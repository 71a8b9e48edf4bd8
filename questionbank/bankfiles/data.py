"""The bank as plain data, as read from its files or written to them; nothing here touches the database.

`read_bank(path)` (reading.py) either returns a complete `BankData` or raises `BankError` listing every
problem found, each with file, line and field, so an import can be all-or-nothing. `write_bank(bank, path)`
(writing.py) is the inverse, in one canonical layout: writing what was read, then reading and writing
again, gives byte-identical files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..design_sections import DESIGN_SECTIONS
from ..models import Status
from ..reviewer_notes import NOTE_LISTS, stored_notes

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DESIGN_KEYS = [key for key, _, _ in DESIGN_SECTIONS]
CURATION_FILE = "curation.yaml"


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
    notes = stored_notes(
        {key: [_lf(v).strip() for v in data.reviewer_notes.get(key, []) if v.strip()] for key in NOTE_LISTS}
    )
    return replace(
        data,
        title=data.title.strip(),
        prompt_md=data.prompt_md if data.coding_spec is not None else _lf(data.prompt_md).strip() + "\n",
        topics=sorted(data.topics),
        reviewer_notes=notes,
        section_notes={key: _lf(value).strip() for key, value in data.section_notes.items()},
    )


def rubric_slug(round_kind: str) -> str:
    return f"{round_kind}-rubric"
