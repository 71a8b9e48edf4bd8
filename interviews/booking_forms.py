"""Forms of the booking and live-session pages. Rules live in the services; these only read input."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings

from config.errors import ApplicationError
from questionbank.models import RoundKind

from .models import Profile, Weekday

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BRIEF_HELP = (
    "One page about a past project: the problem, your part, the choices you made and what came of it. "
    "Your reviewer reads it before the session."
)


def form_error(form: forms.BaseForm, exc: ApplicationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one, else above it."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


class WeeklyWindowForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int, label="Day")
    start_time = forms.TimeField(widget=TIME_INPUT, label="From")
    end_time = forms.TimeField(widget=TIME_INPUT, label="To")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            raise forms.ValidationError("The window must end after it starts (split windows over midnight).")
        return data


class OneOffSlotForm(forms.Form):
    day = forms.DateField(widget=DATE_INPUT, label="Date")
    start_time = forms.TimeField(widget=TIME_INPUT, label="From")
    end_time = forms.TimeField(widget=TIME_INPUT, label="To")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            raise forms.ValidationError("The slot must end after it starts.")
        return data


class BookingRulesForm(forms.ModelForm):  # type: ignore[type-arg]  # generic in the stubs only
    meeting_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Video meeting link",
        help_text="Your meeting room; each session booked with you starts with this link.",
    )

    class Meta:
        model = Profile
        fields = ["min_notice_minutes", "buffer_minutes", "daily_limit", "meeting_url"]
        labels = {
            "min_notice_minutes": "Minimum notice (minutes)",
            "buffer_minutes": "Buffer between sessions (minutes)",
            "daily_limit": "Most sessions a day",
            "meeting_url": "Video meeting link",
        }


class SlotSearchForm(forms.Form):
    round_kind = forms.ChoiceField(choices=RoundKind.choices, label="Round")


class BookForm(forms.Form):
    round_kind = forms.ChoiceField(choices=RoundKind.choices)
    slot = forms.CharField(max_length=80, error_messages={"required": "Choose one of the open slots."})
    project_brief = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), label="Project brief", help_text=BRIEF_HELP
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason (optional)",
        help_text="Shown to the other side in the cancellation email.",
    )


class RescheduleForm(forms.Form):
    slot = forms.CharField(max_length=80, error_messages={"required": "Choose one of the open slots."})


class LoopMoveForm(forms.Form):
    """Where to place a loop's rounds (moving a loop asks only this)."""

    one_day = forms.TypedChoiceField(
        choices=[
            ("", "As soon as possible (across days, several rounds a day when they fit)"),
            ("1", "All on one day"),
            ("0", "Across days, one round a day"),
        ],
        coerce=lambda value: {"1": True, "0": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        initial="",
        label="Placement",
    )
    from_day = forms.DateField(widget=DATE_INPUT, label="Earliest day")


class LoopForm(LoopMoveForm):
    round_kinds = forms.MultipleChoiceField(
        choices=RoundKind.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Rounds",
        initial=RoundKind.values,
        error_messages={"required": "Choose at least one round."},
    )
    project_brief = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Project brief (for the project deep dive)",
        help_text=BRIEF_HELP,
    )
    field_order = ["round_kinds", "one_day", "from_day", "project_brief"]


class SwapSearchForm(forms.Form):
    my_kind = forms.ChoiceField(choices=RoundKind.choices, label="The round I practise")
    their_kind = forms.ChoiceField(choices=RoundKind.choices, label="The round I interview them in")


class SwapBookForm(SwapSearchForm):
    slot = forms.CharField(max_length=80, error_messages={"required": "Choose one of the open slots."})
    project_brief = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), label="Project brief", help_text=BRIEF_HELP
    )


class VideoLinkForm(forms.Form):
    video_url = forms.URLField(required=False, label="Video meeting link", assume_scheme="https")


class BriefForm(forms.Form):
    project_brief = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), label="Project brief")


class ScratchpadForm(forms.Form):
    text = forms.CharField(required=False, strip=False, max_length=settings.ANSWER_MAX_CHARS * 2)


class AccommodationForm(forms.Form):
    username = forms.CharField(max_length=150)
    factor = forms.DecimalField(
        min_value=Decimal("1.00"),
        max_value=Decimal("3.00"),
        decimal_places=2,
        initial=Decimal("1.50"),
        label="Extra time factor",
        help_text="1.00 is no extra time; 1.50 gives 45 minutes for a 30-minute round.",
    )
