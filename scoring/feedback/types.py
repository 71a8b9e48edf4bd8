"""The engine's inputs and output, as plain data (JSON-ready through ``Analysis.as_dict``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RedFlagDef:
    slug: str  # a key of red_flags.yaml, or "q0", "q1"... for the question's own red flags by index
    text: str


@dataclass(frozen=True)
class SectionInput:
    """One design section of a system-design question: its key, title, notes and time budget."""

    key: str
    title: str
    notes: str = ""
    budget_seconds: int | None = None


@dataclass(frozen=True)
class QuestionInput:
    round_kind: str
    prompt: str
    key_points: list[str]
    follow_ups: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)  # the question's own
    red_flag_examples: list[str] = field(default_factory=list)  # per own flag, how it sounds; "" for none
    key_point_examples: list[str] = field(default_factory=list)  # per key point, said well; "" for none
    sections: list[SectionInput] = field(default_factory=list)  # ml_system_design only
    title: str = ""


@dataclass(frozen=True)
class AnswerInput:
    """Either ``text`` or, for system design, ``sections`` ({key: text}) with ``seconds`` ({key: seconds})."""

    text: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, int] = field(default_factory=dict)

    def parts(self) -> list[tuple[str, str]]:
        """(section key, text) pairs in a fixed order; one part with key "" for a plain answer."""
        if self.sections:
            return [(key, text or "") for key, text in self.sections.items()]
        return [("", self.text or "")]


@dataclass
class Evidence:
    text: str
    section: str = ""
    start: int = 0  # character offsets into that part's original text, for highlighting
    end: int = 0


@dataclass
class KeyPointResult:
    text: str
    status: str  # covered | partly | missing
    score: float
    evidence: Evidence | None
    buzzword_only: bool = False  # the best match was a term named without explanation


@dataclass
class RedFlagResult:
    slug: str
    text: str
    evidence: Evidence
    own: bool  # the question's own red flag rather than the shared list


@dataclass
class Analysis:
    engine: str
    status: str  # analysed | empty
    message: str = ""
    overall: float | None = None
    level: str = ""  # strong | partial | weak
    confidence: float = 0.0
    key_points: list[KeyPointResult] = field(default_factory=list)
    red_flags: list[RedFlagResult] = field(default_factory=list)
    structure: dict[str, Any] = field(default_factory=dict)
    add_next_time: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # truncation, language, buzzword warnings
    words: int = 0
    truncated: bool = False
    buzzword_share: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
