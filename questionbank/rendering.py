"""Markdown written by curators, rendered once when a version is saved and sanitised (it is not trusted)."""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3

from .mathmarkup import MathPlaceholders

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "sub",
    "sup",
}


def render_markdown(text: str) -> str:
    """Markdown to HTML with everything but a safe set of tags stripped (curator text is not trusted).

    A leading level-1 heading is dropped: pages show the item's title themselves.
    """
    text = re.sub(r"\A\s*#(?!#)[^\n]*\n", "", text)
    # TeX formulas bypass Markdown and come back as KaTeX-ready spans (questionbank/mathmarkup.py).
    math = MathPlaceholders()
    html = markdown_lib.markdown(math.protect(text), extensions=["fenced_code", "tables", "sane_lists"])
    cleaned = nh3.clean(
        html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener nofollow"
    )
    return math.restore(cleaned)
