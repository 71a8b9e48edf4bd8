"""Read a question straight from the bank's files (questionbank/bank/), for the benchmark and tests that
run the engine without a database. The app builds the same ``QuestionInput`` from a QuestionVersion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from questionbank.design_sections import DESIGN_SECTIONS  # plain data, no Django
from questionbank.reviewer_notes import (  # plain Python, no Django
    follow_ups,
    key_point_examples,
    note_list,
    red_flag_examples,
)

from .types import QuestionInput, RedFlagDef, SectionInput


def question_input(
    *,
    round_kind: str,
    prompt: str,
    reviewer_notes: dict[str, Any],
    section_notes: dict[str, str] | None = None,
    round_seconds: int | None = None,
    title: str = "",
) -> QuestionInput:
    """The engine's view of a question version's data; section budgets are shares of ``round_seconds``."""
    sections = []
    if round_kind == "ml_system_design":
        notes = section_notes or {}
        for key, name, share in DESIGN_SECTIONS:
            budget = max(60, round(round_seconds * share)) if round_seconds else None
            sections.append(SectionInput(key, name, str(notes.get(key, "") or ""), budget))
    return QuestionInput(
        round_kind=round_kind,
        prompt=prompt,
        key_points=note_list(reviewer_notes, "key_points"),
        follow_ups=follow_ups(reviewer_notes),
        red_flags=note_list(reviewer_notes, "red_flags"),
        red_flag_examples=red_flag_examples(reviewer_notes),
        key_point_examples=key_point_examples(reviewer_notes),
        sections=sections,
        title=title,
    )


def load_question(path: Path) -> QuestionInput:
    raw = path.read_text(encoding="utf-8")
    _, front, prompt = raw.split("---", 2)
    meta = yaml.safe_load(front)
    return question_input(
        round_kind=meta["round"],
        prompt=prompt.strip(),
        reviewer_notes=meta.get("reviewer_notes") or {},
        section_notes=meta.get("sections") or {},
        round_seconds=int(meta.get("minutes") or 5) * 60,
        title=meta.get("title", ""),
    )


def load_red_flags(path: Path) -> list[RedFlagDef]:
    return [RedFlagDef(row["key"], row["text"]) for row in yaml.safe_load(path.read_text(encoding="utf-8"))]
