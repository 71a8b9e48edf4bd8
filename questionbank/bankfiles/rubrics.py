"""Reading one rubric (`rubrics/<round>.yaml`, or the YAML of the curator's edit form), every field checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..models import RoundKind, Status
from .data import BankProblem, RubricData, rubric_slug
from .fields import FieldReader, sequence_lines

RUBRIC_FIELDS = ("criteria", "round", "status", "title")
CRITERION_FIELDS = ("from_grader", "key", "levels", "title", "weight")
KEY_RE = re.compile(r"^[a-z0-9_]+$")

# Reports a problem of one criterion (field name, message) at the criterion's line.
AddProblem = Callable[[str, str], None]


def read_rubric_file(path: Path, root: Path, problems: list[BankProblem]) -> RubricData | None:
    rel = path.relative_to(root).as_posix()
    return parse_rubric_text(path.read_text(encoding="utf-8"), rel, problems, file_round=path.stem)


def parse_rubric_text(
    text: str, rel: str, problems: list[BankProblem], *, file_round: str | None = None
) -> RubricData | None:
    """Validate one rubric's YAML (a file, or the curator's edit form). `file_round` is the file's stem."""
    reader = FieldReader(rel, problems)
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
        if key not in RUBRIC_FIELDS:
            reader.add(str(key), f"unknown field (expected one of: {', '.join(RUBRIC_FIELDS)})")
    round_kind = reader.choice(data, "round", RoundKind)
    if round_kind and file_round is not None and file_round != round_kind:
        reader.add("round", f"must match the file name {file_round!r}")
    title = reader.string(data, "title", max_len=200)
    status = reader.choice(data, "status", Status, default=Status.PUBLISHED)
    criteria = _read_criteria(reader, text, data.get("criteria"), round_kind)
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


def _read_criteria(reader: FieldReader, text: str, raw: Any, round_kind: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or not raw:
        reader.add("criteria", "must be a non-empty list", reader.lines.get("criteria", 1))
        return []
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    item_lines = sequence_lines(node, "criteria", reader.line_offset)
    keys: set[str] = set()
    criteria = []
    for i, item in enumerate(raw):
        line = item_lines[i] if i < len(item_lines) else None

        def add(field_name: str, message: str, line: int | None = line) -> None:
            reader.add(field_name, message, line)

        criterion = _read_criterion(add, f"criteria[{i}]", item, keys, round_kind)
        if criterion is not None:
            criteria.append(criterion)
    return criteria


def _read_criterion(
    add: AddProblem, name: str, item: Any, keys: set[str], round_kind: str
) -> dict[str, Any] | None:
    """One criterion, checked; None when it cannot be used (its problems are reported through `add`)."""
    if not isinstance(item, dict):
        add(name, "must be a mapping")
        return None
    key = item.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        add(f"{name}.key", "is required: lowercase letters, digits and underscores")
        return None
    if key in keys:
        add(f"{name}.key", f"{key!r} appears twice")
    keys.add(key)
    for extra in item:
        if extra not in CRITERION_FIELDS:
            add(f"{name}.{extra}", f"unknown field (expected {', '.join(CRITERION_FIELDS)})")
    weight = item.get("weight", 1)
    if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 10:
        add(f"{name}.weight", "must be a whole number from 1 to 10")
    from_grader = item.get("from_grader", False)
    if not isinstance(from_grader, bool):
        add(f"{name}.from_grader", "must be true or false")
    elif from_grader and round_kind and round_kind != RoundKind.CODING:
        add(f"{name}.from_grader", "only the coding rubric has criteria filled in by the grader")
    levels = _read_levels(add, name, item.get("levels"))
    if levels is None:
        return None
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        add(f"{name}.title", "is required")
        return None
    return {
        "key": key,
        "title": title.strip(),
        "weight": weight,
        "from_grader": from_grader is True,
        "levels": levels,
    }


def _read_levels(add: AddProblem, name: str, levels: Any) -> dict[str, str] | None:
    """The descriptors of the levels 1 to 4, by level as text."""
    if not isinstance(levels, dict) or sorted(str(k) for k in levels) != ["1", "2", "3", "4"]:
        add(f"{name}.levels", "must describe exactly the levels 1, 2, 3 and 4")
        return None
    if not all(isinstance(v, str) and v.strip() for v in levels.values()):
        add(f"{name}.levels", "every level needs a descriptor")
        return None
    return {str(k): str(v).strip() for k, v in sorted(levels.items(), key=lambda kv: str(kv[0]))}
