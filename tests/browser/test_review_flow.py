"""A reviewer scores a round from the queue; the candidate reads the review, the debrief and the profile."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from questionbank.models import RoundKind
from scoring import services
from scoring.models import Review, ReviewRating, ReviewStatus
from tests.scoring.builders import bank_rubrics, full_input, make_reviewer, review_next, submitted_round


def _log_in(page, live_server, user):
    """Log in through a session cookie: the login form (and its rate limit) has its own tests."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name=f"Hello, {user.username}")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_scores_a_round_from_the_queue(page, live_server, alice, bob, breadth_questions):
    bank_rubrics()
    make_reviewer(bob, RoundKind.ML_BREADTH)
    submitted_round(alice, text="Regularisation shrinks weights to reduce variance.")
    version = services.rubric_version_for_kind(RoundKind.ML_BREADTH)
    assert version
    criteria = version.criteria

    _log_in(page, live_server, bob)
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("button", name="Review the next round").click()
    expect(page.get_by_role("heading", name="The candidate's work")).to_be_visible()
    expect(page.get_by_text("Regularisation shrinks weights to reduce variance.").first).to_be_visible()
    expect(page.get_by_text("SECRET-NOTE: decomposition of error").first).to_be_visible()

    # A comment is saved as it is typed (autosave).
    expect(page.locator("#review-save-status")).to_be_empty()
    page.get_by_label(f"Comment on {criteria[1]['title'].lower()}").fill("Good on the trade-offs.")
    expect(page.locator("#review-save-status")).to_contain_text("Draft saved at")
    review = Review.objects.get(reviewer=bob)
    assert review.comments == {criteria[1]["key"]: "Good on the trade-offs."}
    # Score every criterion but the first.
    for criterion in criteria[1:]:
        group = page.get_by_role("group", name=re.compile(re.escape(criterion["title"])))
        group.get_by_role("radio", name=re.compile("^3 ")).check()

    # Submitting early names what is missing, and nothing typed is lost.
    page.get_by_role("button", name="Submit the review").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text(f"Choose a level for {criteria[0]['title']}.")
    expect(errors).to_contain_text("Choose a recommendation.")
    expect(page.get_by_label(f"Comment on {criteria[1]['title'].lower()}")).to_have_value(
        "Good on the trade-offs."
    )

    page.get_by_role("group", name=re.compile(re.escape(criteria[0]["title"]))).get_by_role(
        "radio", name=re.compile("^2 ")
    ).check()
    page.get_by_role("group", name="Red flags").get_by_role(
        "checkbox", name=re.compile("^Asks no questions")
    ).check()
    page.get_by_role("group", name="Recommendation").get_by_role(
        "radio", name="Lean hire", exact=True
    ).check()
    page.get_by_label("Overall summary for the candidate").fill("Clear answers; go deeper on correctness.")
    page.get_by_role("button", name="Submit the review").click()

    expect(page.get_by_text("Review submitted. Thank you!")).to_be_visible()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    expect(page.get_by_role("heading", name="Other reviews of this round")).to_be_visible()
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.recommendation == 3
    assert review.scores[criteria[0]["key"]] == 2
    assert list(review.red_flags.values_list("key", flat=True)) == ["asks-no-questions"]


@pytest.mark.django_db(transaction=True)
def test_the_candidate_reads_the_review_the_debrief_and_the_profile(
    page, live_server, alice, bob, breadth_questions
):
    bank_rubrics()
    make_reviewer(bob, RoundKind.ML_BREADTH)
    dave = make_reviewer(type(bob).objects.create_user("dave", password="x"), RoundKind.ML_BREADTH)
    session = submitted_round(alice)
    first = services.queue_claim_next(reviewer=bob)
    assert first
    data = full_input(first, score=3, recommendation=3)
    data.summary = "BOB-SUMMARY: strong on metrics."
    services.review_submit(review=first, data=data)
    review_next(dave, score=4, recommendation=4)

    _log_in(page, live_server, alice)
    page.goto(f"/sessions/{session.pk}/results/")
    # The feedback fragment loads into the results page.
    summary = page.locator("#feedback-summary")
    expect(summary).to_contain_text("Final:")
    expect(summary).to_contain_text("Lean hire")
    summary.get_by_role("link", name=re.compile("Reviewer A")).click()

    expect(
        page.get_by_role("heading", name=re.compile("Reviewer A on your ML breadth round"))
    ).to_be_visible()
    criterion = first.rubric_version.criteria[0]
    expect(page.get_by_role("cell", name=criterion["levels"]["3"][:30]).first).to_be_visible()
    expect(page.get_by_text("BOB-SUMMARY: strong on metrics.")).to_be_visible()
    expect(page.get_by_text("Recommendation: Lean hire")).to_be_visible()
    page.get_by_label("Helpful", exact=True).check()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_text("You rated it")).to_contain_text("helpful")
    assert ReviewRating.objects.get(review=first).helpful is True

    page.goto("/dashboard/")
    page.get_by_role("link", name="Loop debrief").click()
    # One reviewed round of six: no verdict yet, not even a provisional one.
    expect(page.get_by_role("heading", name=re.compile("Hiring committee summary"))).to_contain_text(
        "Incomplete"
    )
    expect(page.get_by_text("1 of 6 rounds reviewed")).to_be_visible()
    expect(page.get_by_text("How this is decided")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^ML breadth Lean hire"))).to_be_visible()

    page.get_by_role("link", name="Readiness profile").click()
    chart = page.get_by_role("img", name="Readiness profile across the six rounds")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Readiness by round")
    expect(table.get_by_role("row", name=re.compile("ML breadth"))).to_contain_text("83%")
    expect(table.get_by_role("row", name=re.compile("Coding"))).to_contain_text("Not reviewed yet")
