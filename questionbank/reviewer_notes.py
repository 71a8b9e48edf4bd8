"""The reviewer notes of a question version, read in one place. Plain Python (no Django): the bank files,
the pages, the API and the feedback engine (scoring/feedback) all read them through here.

`reviewer_notes` is {"key_points": [...], "follow_ups": [...], "red_flags": [...], "red_flag_examples": [...]};
the follow-ups are a ladder, revealed to the candidate top down during a booked round. `red_flag_examples` is
optional and, when given, has one entry per red flag in the same order: what a candidate showing that flag
might say, in their own voice ("-" for a flag without an example). The automatic read (scoring/feedback)
compares answers with these; reviewers see them as "sounds like".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOTE_LISTS = ("key_points", "follow_ups", "red_flags", "red_flag_examples")
NO_EXAMPLE = "-"
OPTIONAL_LISTS = frozenset({"red_flag_examples"})  # stored only when given, so older versions keep their hash


def note_list(reviewer_notes: Mapping[str, Any] | None, key: str) -> list[str]:
    """One list of the notes as texts; [] when the notes or the list are absent."""
    return [str(item) for item in (reviewer_notes or {}).get(key) or []]


def follow_ups(reviewer_notes: Mapping[str, Any] | None) -> list[str]:
    """The follow-up ladder of a question, top down."""
    return note_list(reviewer_notes, "follow_ups")


def red_flag_examples(reviewer_notes: Mapping[str, Any] | None) -> list[str]:
    """One example per red flag, aligned with ``red_flags``; "" where a flag has none."""
    flags = note_list(reviewer_notes, "red_flags")
    examples = note_list(reviewer_notes, "red_flag_examples")
    return [
        examples[i] if i < len(examples) and examples[i].strip() != NO_EXAMPLE else ""
        for i in range(len(flags))
    ]


def examples_problem(red_flags: list[str], examples: list[str]) -> str | None:
    """Why ``examples`` cannot go with ``red_flags``, or None when they fit (absent, or one per flag)."""
    if examples and len(examples) != len(red_flags):
        return (
            f"has {len(examples)} line(s) but there are {len(red_flags)} red flag(s): give one example per red "
            f'flag, in the same order, and "{NO_EXAMPLE}" for a flag without one'
        )
    return None


def flags_with_examples(reviewer_notes: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(red flag, example or "") pairs, for the pages that show both."""
    return list(zip(note_list(reviewer_notes, "red_flags"), red_flag_examples(reviewer_notes), strict=True))


def stored_notes(lists: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The notes as a version stores them: every list, except optional ones left empty."""
    return {
        key: list(lists.get(key) or []) for key in NOTE_LISTS if key not in OPTIONAL_LISTS or lists.get(key)
    }
