from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from config.errors import ApplicationError

from .flags import REASON_MAX_CHARS
from .models import Recommendation
from .services import ReviewInput

_LEVELS = {"1": 1, "2": 2, "3": 3, "4": 4}


def review_input_from_post(post: QueryDict, criteria: list[dict[str, Any]]) -> ReviewInput:
    """Read the review form: `score_<key>`, `comment_<key>`, `red_flags`, `recommendation`, ..."""

    def level(raw: str, name: str) -> int | None:
        if raw == "":
            return None
        if raw not in _LEVELS:
            raise ApplicationError("Each score is a level from 1 to 4.", status=400, field=name)
        return _LEVELS[raw]

    scores = {c["key"]: level(post.get(f"score_{c['key']}", ""), f"score_{c['key']}") for c in criteria}
    recommendation = post.get("recommendation", "")
    if recommendation and recommendation not in {str(v) for v in Recommendation.values}:
        raise ApplicationError("Choose one of the four recommendations.", status=400, field="recommendation")
    return ReviewInput(
        scores=scores,
        comments={c["key"]: post.get(f"comment_{c['key']}", "") for c in criteria},
        red_flags=post.getlist("red_flags"),
        recommendation=int(recommendation) if recommendation else None,
        summary=post.get("summary", ""),
        override_reason=post.get("override_reason", ""),
    )


class RatingForm(forms.Form):
    """Shown on the feedback page beside FlagForm: each has its own id prefix, so both `reason` fields
    keep unique ids (labels point at the right box)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_rating_%s")
        super().__init__(*args, **kwargs)

    helpful = forms.TypedChoiceField(
        choices=[("yes", "Helpful"), ("no", "Not helpful")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Was this review helpful?",
    )
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why (optional)",
    )


class FlagForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_flag_%s")
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was unfair?",
        help_text="A curator reads this and the review. If they agree, the review stops counting.",
    )


class FlagResolveForm(forms.Form):
    decision = forms.ChoiceField(choices=[("uphold", "Uphold: discount the review"), ("dismiss", "Dismiss")])
    note = forms.CharField(
        required=False, max_length=REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanForm(forms.Form):
    weeks = forms.IntegerField(min_value=1, max_value=12, initial=4, label="Weeks until the interview")
    hours = forms.IntegerField(min_value=1, max_value=40, initial=8, label="Hours per week")
