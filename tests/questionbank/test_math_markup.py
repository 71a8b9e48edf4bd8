"""TeX in prompts and statements: formulas leave Markdown untouched and come out as KaTeX-ready spans."""

import re

import pytest

from questionbank.bankfiles.reading import read_bank
from questionbank.importing import BANK_DIR
from questionbank.rendering import render_markdown


def test_inline_and_display_formulas_become_math_spans():
    html = render_markdown("Let $y = f(x) + \\varepsilon$.\n\n$$L = -\\log p_y$$")
    assert '<span class="math-tex">y = f(x) + \\varepsilon</span>' in html
    assert '<span class="math-tex math-display">L = -\\log p_y</span>' in html
    assert "$" not in html


def test_markdown_does_not_touch_the_tex():
    html = render_markdown("Compare $a_i * b_i$ with $c_i * d_i$ and $x \\\\ y$.")
    assert "<em>" not in html
    assert "a_i * b_i" in html and "x \\\\ y" in html


def test_dollars_as_money_and_in_code_stay_text():
    html = render_markdown("An alert costs \\$5 and a miss \\$200; costs $5 and $10. Run `echo $HOME $PATH`.")
    assert "math-tex" not in html
    assert "costs $5 and a miss $200" in html and "<code>echo $HOME $PATH</code>" in html


def test_tex_is_escaped_and_cannot_inject_markup():
    html = render_markdown("$x < y <script>alert(1)</script>$")
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("question", read_bank(BANK_DIR).questions, ids=lambda q: q.slug)
def test_no_question_in_the_bank_shows_raw_tex(question):
    html = render_markdown(question.prompt_md)
    text_only = re.sub(r'<span class="math-tex[^"]*">.*?</span>', "", html, flags=re.S)
    assert "$\\" not in text_only and not re.search(r"\$[^$\s]+\$", text_only), text_only
