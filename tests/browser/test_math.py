"""Math renders with the vendored KaTeX: in questions (from the Markdown pipeline) and in review feedback."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from interviews.services import practice_start
from questionbank.models import RoundKind
from scoring import services
from tests.scoring.builders import bank_rubrics, make_reviewer, questions, submitted_round

PROMPT = (
    "Let $y = f(x) + \\varepsilon$ with $\\mathrm{Var}(\\varepsilon) = \\sigma^2$.\n\n"
    "$$E_{D,\\varepsilon}\\big[(y - \\hat f_D(x))^2\\big]$$\n\nAn alert costs \\$5."
)


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.django_db(transaction=True)
def test_formulas_in_a_question_render_and_no_raw_tex_is_left(page, live_server, alice):
    questions(RoundKind.ML_BREADTH, n=2, prompt_md=PROMPT)
    session = practice_start(candidate=alice, round_kind="ml_breadth")
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    _log_in(page, live_server, alice)
    page.goto(f"/sessions/{session.pk}/")
    prompt = page.locator(".prompt").first
    expect(prompt.locator(".katex")).to_have_count(3)
    expect(prompt.locator(".katex-display")).to_have_count(1)
    text = prompt.inner_text()
    assert "\\varepsilon" not in text and "$" not in text.replace("$5", "")
    assert "An alert costs $5." in text
    page.wait_for_load_state("networkidle")
    assert failed == []  # KaTeX and its fonts come from static/, all found


@pytest.mark.django_db(transaction=True)
def test_formulas_in_review_feedback_render(page, live_server, alice, bob):
    bank_rubrics()
    questions(RoundKind.ML_BREADTH, n=3)
    make_reviewer(bob, RoundKind.ML_BREADTH)
    submitted_round(alice)
    review = services.queue_claim_next(reviewer=bob)
    assert review
    keys = [c["key"] for c in review.rubric_version.criteria]
    data = services.ReviewInput(
        scores={k: 3 for k in keys},
        comments={k: "Mention that $\\lambda \\lVert w \\rVert^2$ shrinks weights." for k in keys},
        recommendation=3,
        summary="Good: you derived $\\frac{\\partial L}{\\partial w}$ correctly.",
    )
    services.review_submit(review=review, data=data)
    _log_in(page, live_server, alice)
    page.goto(f"/feedback/{review.pk}/")
    expect(page.locator("[data-math-text] .katex").first).to_be_visible()
    assert "\\frac" not in page.locator("main").inner_text()
    assert "\\lambda" not in page.locator("main").inner_text()
