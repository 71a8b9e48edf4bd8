import json
from typing import Any

from django import template

register = template.Library()


@register.filter
def show_value(value: Any, limit: int = 1500) -> str:
    """A test value (tagged JSON) as compact text, cut to `limit` characters for display."""
    if isinstance(value, dict) and "$ndarray" in value:
        text = f"array({json.dumps(value['$ndarray'])}, dtype={value.get('dtype', '?')})"
    elif isinstance(value, dict) and "$float" in value:
        text = str(value["$float"])
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + " …"
