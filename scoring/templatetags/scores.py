"""One way to show a score on every page: `{{ result.score|score_percent }}` gives "67%"."""

from __future__ import annotations

from django import template

from scoring import maths

register = template.Library()


@register.filter
def score_percent(score: float | None) -> str:
    """A weighted rubric score (1-4) as a whole percent, or a dash when there is none."""
    value = maths.score_percent(score)
    return "-" if value is None else f"{value}%"


@register.filter
def percent(value: float | None) -> str:
    """A 0-100% value (readiness, trends) as a whole percent, or a dash when there is none."""
    shown = maths.shown_percent(value)
    return "-" if shown is None else f"{shown}%"


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    """`{{ slugs|get_item:name }}`: a value from a dict by a variable key, or ""."""
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
