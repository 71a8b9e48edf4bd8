"""The reviewer notes of a question version, read in one place. Plain Python (no Django): the bank files,
the pages, the API and the feedback engine (scoring/feedback) all read them through here.

`reviewer_notes` is {"key_points": [...], "key_point_examples": [...], "follow_ups": [...], "red_flags": [...],
"red_flag_examples": [...]}. The follow-ups are a ladder, revealed to the candidate top down during a booked
round. The two example lists are optional and, when given, have one entry per key point (per red flag) in the
same order, "-" for one without an example:
- `key_point_examples`: how a strong candidate would say that point, in their own voice; candidates see them
  after the round as the model answer, and the automatic read (scoring/feedback) matches answers against them;
- `red_flag_examples`: what a candidate showing that flag might say; reviewers see them as "Sounds like", and
  the automatic read looks for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOTE_LISTS = ("key_points", "key_point_examples", "follow_ups", "red_flags", "red_flag_examples")
NO_EXAMPLE = "-"
# Each example list and the list it illustrates, with the name of one item for messages.
EXAMPLES_OF = {
    "key_point_examples": ("key_points", "key point"),
    "red_flag_examples": ("red_flags", "red flag"),
}
OPTIONAL_LISTS = frozenset(EXAMPLES_OF)  # stored only when given, so older versions keep their hash


def note_list(reviewer_notes: Mapping[str, Any] | None, key: str) -> list[str]:
    """One list of the notes as texts; [] when the notes or the list are absent."""
    return [str(item) for item in (reviewer_notes or {}).get(key) or []]


def follow_ups(reviewer_notes: Mapping[str, Any] | None) -> list[str]:
    """The follow-up ladder of a question, top down."""
    return note_list(reviewer_notes, "follow_ups")


def examples(reviewer_notes: Mapping[str, Any] | None, key: str) -> list[str]:
    """One example per item of the list ``key`` illustrates (e.g. "red_flag_examples"), aligned with it; ""
    where an item has none."""
    items = note_list(reviewer_notes, EXAMPLES_OF[key][0])
    given = note_list(reviewer_notes, key)
    return [given[i] if i < len(given) and given[i].strip() != NO_EXAMPLE else "" for i in range(len(items))]


def red_flag_examples(reviewer_notes: Mapping[str, Any] | None) -> list[str]:
    return examples(reviewer_notes, "red_flag_examples")


def key_point_examples(reviewer_notes: Mapping[str, Any] | None) -> list[str]:
    return examples(reviewer_notes, "key_point_examples")


def examples_problem(key: str, items: list[str], given: list[str]) -> str | None:
    """Why the example list ``key`` cannot go with ``items``, or None when it fits (absent, or one per item)."""
    if given and len(given) != len(items):
        _, noun = EXAMPLES_OF[key]
        return (
            f"has {len(given)} line(s) but there are {len(items)} {noun}(s): give one example per {noun}, "
            f'in the same order, and "{NO_EXAMPLE}" for a {noun} without one'
        )
    return None


def notes_problems(lists: Mapping[str, list[str]]) -> dict[str, str]:
    """{example list: problem} for every example list that does not fit the list it illustrates."""
    out = {}
    for key, (items_key, _) in EXAMPLES_OF.items():
        problem = examples_problem(key, list(lists.get(items_key) or []), list(lists.get(key) or []))
        if problem:
            out[key] = problem
    return out


def flags_with_examples(reviewer_notes: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(red flag, example or "") pairs, for the pages that show both."""
    return list(zip(note_list(reviewer_notes, "red_flags"), red_flag_examples(reviewer_notes), strict=True))


def points_with_examples(reviewer_notes: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(key point, how a strong answer says it or "") pairs."""
    return list(zip(note_list(reviewer_notes, "key_points"), key_point_examples(reviewer_notes), strict=True))


def stored_notes(lists: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The notes as a version stores them: every list, except optional ones left empty."""
    return {
        key: list(lists.get(key) or []) for key in NOTE_LISTS if key not in OPTIONAL_LISTS or lists.get(key)
    }
