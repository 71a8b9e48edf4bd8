import zoneinfo
from functools import lru_cache

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from questionbank.models import Domain, Level, RoundKind

from .models import Profile


@lru_cache(maxsize=1)
def time_zone_choices() -> list[tuple[str, str]]:
    return [
        (name, name.replace("_", " "))
        for name in sorted(zoneinfo.available_timezones())
        if "/" in name or name == "UTC"
    ]


class SignupForm(UserCreationForm):  # type: ignore[type-arg]  # generic in the stubs only
    email = forms.EmailField(help_text="For password resets and booking emails.")
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, initial="UTC", help_text="Times are shown in this zone."
    )
    target_level = forms.ChoiceField(choices=Level.choices, initial=Level.MID, label="Target level")
    target_domain = forms.ChoiceField(
        choices=[("", "No preference"), *Domain.choices],
        required=False,
        label="Target domain",
        help_text="Used to pick questions for the ML domain knowledge round.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    # No check that the address is free: the form never tells whether an address is registered (its
    # owner gets an email instead, interviews.services.user_signup).
    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.strip()


class VerificationResendForm(forms.Form):
    email = forms.EmailField(max_length=254, help_text="The address you signed up with.")


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]  # generic in the stubs only
    time_zone = forms.ChoiceField(choices=time_zone_choices)
    review_rounds = forms.MultipleChoiceField(
        choices=RoundKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Rounds I review",
        help_text="Opt in to review other candidates in these rounds (give to get).",
    )

    class Meta:
        model = Profile
        fields = ["time_zone", "target_level", "target_domain"]


class StartPracticeForm(forms.Form):
    round_kind = forms.ChoiceField(choices=RoundKind.choices, required=False)
    question = forms.SlugField(required=False, max_length=100)
    topic = forms.SlugField(required=False, max_length=64)


class PracticePickForm(forms.Form):
    """The practice picker's filters (GET)."""

    round_kind = forms.ChoiceField(
        choices=[("", "Any round"), *RoundKind.choices], required=False, label="Round"
    )
    topic = forms.SlugField(required=False, max_length=64)
    question = forms.SlugField(required=False, max_length=100)


class AnswerForm(forms.Form):
    # The hard limit is checked in the service with a clearer message; this only stops absurd bodies.
    text = forms.CharField(required=False, strip=False, max_length=settings.CODE_MAX_CHARS * 4)
    section = forms.CharField(required=False, max_length=32)
    # Design sections: seconds the page measured in this section (clamped by the service).
    seconds_spent = forms.IntegerField(required=False, min_value=0)
    # The answer's revision this text was based on (0: no answer yet): a stale save is refused (409).
    base_revision = forms.IntegerField(min_value=0)
