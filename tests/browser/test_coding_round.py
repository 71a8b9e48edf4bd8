"""The coding round: open it, type a solution in the editor, run the examples, submit, see per-test verdicts."""

import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from interviews.services import practice_start
from questionbank.models import Question
from scoring.models import Submission
from tests.bank_helpers import load_coding_problems

REFERENCE = (
    Path(__file__).resolve().parents[2] / "questionbank/bank/coding/stable-softmax/reference.py"
).read_text()


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_type_run_examples_submit_and_see_verdicts(page, live_server, alice, tmp_path):
    load_coding_problems(tmp_path, "stable-softmax")
    session = practice_start(candidate=alice, round_kind="coding")
    item = session.items.get()
    item.question_version = Question.objects.get(slug="stable-softmax").current_version
    item.save(update_fields=["question_version"])
    _log_in(page, live_server, alice)

    page.goto(f"/sessions/{session.pk}/")
    expect(page.get_by_role("heading", name="Coding round")).to_be_visible()
    editor = page.locator(".cm-content")
    expect(editor).to_be_visible()
    expect(page.get_by_role("heading", name="Examples")).to_be_visible()

    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(REFERENCE)
    expect(page.locator(".save-status")).to_contain_text("Saved at")

    page.get_by_role("button", name="Run examples").click()
    verdict = page.locator(".coding-panel .verdict")
    expect(verdict).to_contain_text("All tests passed", timeout=30_000)
    expect(verdict).to_contain_text("examples passed")

    page.get_by_role("button", name="Submit code").click()
    expect(verdict).to_contain_text(re.compile(r"10 of 10 tests passed"), timeout=30_000)
    expect(verdict.locator("tbody tr")).to_have_count(10)
    expect(verdict.get_by_text("hidden").first).to_be_visible()
    assert Submission.objects.filter(user=alice, kind="submit", verdict="AC").count() == 1
