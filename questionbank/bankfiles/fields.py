"""The field reader behind every bank file: YAML parsed with the line of each key, so that every problem
names file:line: field: message."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..reviewer_notes import NOTE_LISTS, notes_problems, stored_notes
from .data import BankProblem


class FieldReader:
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


def read_list_file(
    path: Path, root: Path, problems: list[BankProblem], keys: tuple[str, str]
) -> list[tuple[str, str]]:
    rel = path.relative_to(root).as_posix()
    if not path.exists():
        problems.append(BankProblem(rel, None, "", "file is missing"))
        return []
    reader = FieldReader(rel, problems)
    data = reader.parse(path.read_text(encoding="utf-8"))
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(BankProblem(rel, 1, "", "must be a list"))
        return []
    items = []
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    item_nodes = node.value if isinstance(node, yaml.SequenceNode) else []  # a list composes to a sequence
    for index, item in enumerate(data):
        line = item_nodes[index].start_mark.line + 1
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


def sequence_lines(node: yaml.Node | None, key: str, offset: int = 0) -> list[int]:
    """1-based lines of the items of the list under `key` in a composed mapping."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            return [item.start_mark.line + 1 + offset for item in value_node.value]
    return []


def read_notes(reader: FieldReader, notes_raw: Any, *, required: bool = True) -> dict[str, list[str]]:
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
    for key, problem in notes_problems(notes).items():
        reader.add(f"reviewer_notes.{key}", problem)
    return stored_notes(notes)
