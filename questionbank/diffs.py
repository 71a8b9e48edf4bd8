"""The difference between two versions of an item, line by line, as the bank files would show it.

Each version is first written as its bank file(s) (without the status, which belongs to the item, not the
version), then compared with difflib. The rows carry words ("Added", "Removed") as well as classes, so
the change never rests on colour alone.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .bankfiles.writing import coding_files, question_file_text, rubric_file_text
from .models import QuestionVersion, RubricVersion

CONTEXT_LINES = 3


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "context", "removed", "added" or "gap"
    old_line: int | None
    new_line: int | None
    text: str

    @property
    def label(self) -> str:
        return {"removed": "Removed", "added": "Added", "context": "Unchanged", "gap": ""}[self.kind]


@dataclass(frozen=True)
class Diff:
    rows: list[DiffRow]
    added: int
    removed: int

    @property
    def is_empty(self) -> bool:
        return not self.added and not self.removed


def question_version_text(version: QuestionVersion) -> str:
    from .versions import question_data_of

    data = question_data_of(version, status="")
    if version.coding_spec is None:
        return question_file_text(data, with_status=False)
    files = coding_files(data, with_status=False)
    return "".join(f"=== {name} ===\n{text}".rstrip("\n") + "\n\n" for name, text in files.items())


def rubric_version_text(version: RubricVersion) -> str:
    from .versions import rubric_data_of

    return rubric_file_text(rubric_data_of(version, status=""), with_status=False)


def diff_texts(old: str, new: str, *, context: int = CONTEXT_LINES) -> Diff:
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    rows: list[DiffRow] = []
    added = removed = 0
    for index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if index or (group and (group[0][1] > 0 or group[0][3] > 0)):
            rows.append(DiffRow("gap", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(DiffRow("context", i + 1, j1 + (i - i1) + 1, a[i]) for i in range(i1, i2))
                continue
            if tag in ("replace", "delete"):
                rows.extend(DiffRow("removed", i + 1, None, a[i]) for i in range(i1, i2))
                removed += i2 - i1
            if tag in ("replace", "insert"):
                rows.extend(DiffRow("added", None, j + 1, b[j]) for j in range(j1, j2))
                added += j2 - j1
    return Diff(rows=rows, added=added, removed=removed)
