"""The reviewer notes of a question version, read in one place. Plain Python (no Django): the bank files,
the pages, the API and the feedback engine (scoring/feedback) all read them through here.

`reviewer_notes` is {"key_points": [...], "follow_ups": [...], "red_flags": [...]}; the follow-ups are a
ladder, revealed to the candidate top down during a booked round.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOTE_LISTS = ("key_points", "follow_ups", "red_flags")


def note_list(reviewer_notes: Mapping[str, Any] | None, key: str) -> list[str]:
    """One list of the notes as texts; [] when the notes or the list are absent."""
    return [str(item) for item in (reviewer_notes or {}).get(key) or []]


def follow_ups(reviewer_notes: Mapping[str, Any] | None) -> list[str]:
    """The follow-up ladder of a question, top down."""
    return note_list(reviewer_notes, "follow_ups")
