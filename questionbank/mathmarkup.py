"""TeX math in Markdown: `$...$` (inline) and `$$...$$` (display) are taken out before Markdown runs and
put back afterwards as `<span class="math-tex">` holding the TeX as escaped text, which the page renders
with the vendored KaTeX (static/js/math.js). Markdown never sees the TeX, so `_`, `*` and `\\` inside a
formula are not turned into emphasis or escapes; without JavaScript the reader still sees the TeX.

The delimiters follow pandoc's rule: an opening `$` has a non-space right after it, a closing `$` has a
non-space right before it and no digit after it, so "costs $5 and $10" is not a formula. `\\$` is a literal
dollar sign. Nothing inside code spans or fenced code blocks is touched. docs/frontend-assets.md, "Math".
"""

from __future__ import annotations

import html
import re
import secrets

_CODE = re.compile(r"(^```.*?^```[ \t]*$|^~~~.*?^~~~[ \t]*$|`+[^`]*?`+)", re.M | re.S)
_MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"  # display: $$...$$, may span lines
    r"|(?<![\\$])\$(?P<inline>[^\s$](?:[^$\n]|\\\$)*?)(?<![\s\\])\$(?!\d)",  # inline: $x$, one line
    re.S,
)


class MathPlaceholders:
    """Swap formulas for opaque tokens, run Markdown, then swap the tokens for KaTeX-ready spans."""

    def __init__(self) -> None:
        self._salt = secrets.token_hex(4)
        self._parts: list[str] = []

    def _token(self, html_fragment: str) -> str:
        self._parts.append(html_fragment)
        return f"MATHX{self._salt}X{len(self._parts) - 1}X"

    def protect(self, text: str) -> str:
        pieces = _CODE.split(text)
        # split() with one group: even indexes are prose, odd ones are code, left as they are.
        return "".join(piece if i % 2 else self._protect_prose(piece) for i, piece in enumerate(pieces))

    def _protect_prose(self, text: str) -> str:
        def formula(match: re.Match[str]) -> str:
            display = match.group("display") is not None
            tex = (match.group("display") if display else match.group("inline")).strip()
            css = "math-tex math-display" if display else "math-tex"
            return self._token(f'<span class="{css}">{html.escape(tex, quote=False)}</span>')

        text = _MATH.sub(formula, text)
        return text.replace("\\$", self._token("$"))

    def restore(self, rendered: str) -> str:
        if not self._parts:
            return rendered
        pattern = re.compile(rf"MATHX{self._salt}X(\d+)X")
        return pattern.sub(lambda m: self._parts[int(m.group(1))], rendered)
