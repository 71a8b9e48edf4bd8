import json
from typing import Any

from django import template

register = template.Library()


def _format(value: Any) -> str:
    """Tagged JSON (docs/bank-format.md) as a reader writes Python: arrays as array([...]), nan as nan."""
    if isinstance(value, dict) and "$ndarray" in value:
        return f"array({json.dumps(_plain(value['$ndarray']))}, dtype={value.get('dtype', '?')})"
    if isinstance(value, dict) and "$float" in value:
        return str(value["$float"])
    if isinstance(value, list):
        return "[" + ", ".join(_format(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_format(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    if isinstance(value, dict) and "$float" in value:
        return str(value["$float"])
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@register.filter
def show_value(value: Any, limit: int = 1500) -> str:
    """A test value as compact text, cut to `limit` characters for display."""
    text = _format(value)
    return text if len(text) <= limit else text[:limit] + " …"


@register.filter
def show_call(args: Any, kwargs: Any = None) -> str:
    """The arguments of a test as a call's argument list: `array(...), 2, seed=0`."""
    parts = [_format(a) for a in (args or [])]
    parts += [f"{k}={_format(v)}" for k, v in (kwargs or {}).items()]
    text = ", ".join(parts)
    return text if len(text) <= 1500 else text[:1500] + " …"


VERDICT_WORDS = {
    "AC": "Accepted",
    "WA": "Wrong answer",
    "TLE": "Time limit exceeded",
    "MLE": "Memory limit exceeded",
    "OLE": "Output limit exceeded",
    "RE": "Runtime error",
    "CE": "Compile error",
}


@register.filter
def verdict_words(code: str) -> str:
    """A judge verdict code ("WA") in words ("Wrong answer"); pages show the code as the tooltip."""
    return VERDICT_WORDS.get(str(code), str(code))


@register.simple_tag
def final_submission(item: Any) -> Any:
    """The verdict a coding question ended with: the newest graded "Submit", else the newest graded run."""
    from scoring.models import SubmissionKind, SubmissionStatus

    graded = item.submissions.filter(status=SubmissionStatus.DONE).order_by("-created_at", "-pk")
    return graded.filter(kind=SubmissionKind.SUBMIT).first() or graded.first()
