"""The coding round: open it, type a solution in the editor, run the examples, submit, see per-test verdicts."""

import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from interviews.services import practice_start
from scoring.models import Submission
from tests.bank_helpers import current_version, load_coding_problems

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
    item.question_version = current_version("stable-softmax")
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


def _coding_session(alice, tmp_path):
    load_coding_problems(tmp_path, "stable-softmax")
    session = practice_start(candidate=alice, round_kind="coding")
    item = session.items.get()
    item.question_version = current_version("stable-softmax")
    item.save(update_fields=["question_version"])
    return session, item


def _type_code(page, code):
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


@pytest.mark.django_db(transaction=True)
def test_shortcuts_double_clicks_history_and_verdict_words(page, live_server, alice, tmp_path):
    session, _item = _coding_session(alice, tmp_path)
    _log_in(page, live_server, alice)
    page.goto(f"/sessions/{session.pk}/")
    run = page.get_by_role("button", name="Run examples")
    expect(run).to_contain_text("Ctrl+'")
    expect(page.get_by_role("button", name="Submit code")).to_contain_text("Ctrl+Enter")
    # Statement and editor side by side on a wide screen.
    statement = page.locator(".question-statement").bounding_box()
    work = page.locator(".question-work").bounding_box()
    assert statement["x"] + statement["width"] <= work["x"]

    _type_code(page, "def softmax(x, axis=-1):\n    return x\n")
    page.keyboard.press("Control+'")  # typed a moment ago: the run must carry every character
    verdict = page.locator(".coding-panel .verdict")
    expect(verdict).to_contain_text("Wrong answer", timeout=30_000)
    expect(verdict.locator("[title='Verdict code WA']").first).to_be_visible()
    first = Submission.objects.get()
    assert first.kind == "examples" and first.code == "def softmax(x, axis=-1):\n    return x\n"
    expect(run).to_be_enabled()

    _type_code(page, REFERENCE)
    run.dblclick()  # a double click is one submission: the button is disabled while it runs
    expect(verdict).to_contain_text("All tests passed", timeout=30_000)
    assert Submission.objects.count() == 2

    page.keyboard.press("Control+Enter")
    expect(verdict).to_contain_text("10 of 10 tests passed", timeout=30_000)
    history = page.locator(".submission-history tbody tr")
    expect(history).to_have_count(3)
    expect(history.first).to_contain_text("Accepted")
    expect(history.last).to_contain_text("Wrong answer")
    assert Submission.objects.filter(kind="submit").count() == 1

    # The results page shows the final verdict table.
    page.get_by_role("button", name="Submit the round").click()
    page.get_by_role("dialog").get_by_role("button", name="Submit the round").click()
    expect(page.get_by_role("heading", name="Final verdict")).to_be_visible()
    expect(page.locator(".verdict")).to_contain_text("10 of 10 tests passed")
    expect(page.locator(".verdict-table tbody tr")).to_have_count(10)


@pytest.mark.django_db(transaction=True)
def test_custom_input_runs_and_bad_json_gets_a_message(page, live_server, alice, tmp_path):
    session, _item = _coding_session(alice, tmp_path)
    _log_in(page, live_server, alice)
    page.goto(f"/sessions/{session.pk}/")
    _type_code(page, REFERENCE)
    page.get_by_text("Custom input").click()
    custom = page.get_by_label("Arguments for softmax, as JSON")
    custom.fill("[[1, 2")
    page.get_by_role("button", name="Run with this input").click()
    verdict = page.locator(".coding-panel .verdict")
    expect(verdict).to_contain_text("not valid JSON")
    custom.fill('[{"$ndarray": [1, 2, 3], "dtype": "float64"}]')
    page.get_by_role("button", name="Run with this input").click()
    expect(verdict).to_contain_text("All tests passed", timeout=30_000)
    expect(verdict).to_contain_text("Your input")
    assert Submission.objects.get().kind == "custom"


@pytest.mark.django_db(transaction=True)
def test_without_scripts_run_lands_back_on_the_round(browser, live_server, alice, tmp_path):
    session, item = _coding_session(alice, tmp_path)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        _log_in(page, live_server, alice)
        page.goto(f"/sessions/{session.pk}/")
        page.locator("textarea[name=text]").fill(REFERENCE)
        page.get_by_role("button", name="Run examples").click()
        expect(page).to_have_url(f"{live_server.url}/sessions/{session.pk}/#panel-{item.pk}")
        expect(page.get_by_text("your code was sent; the verdict is below")).to_be_visible()
        assert Submission.objects.get().code == REFERENCE
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_statement_sits_above_the_editor_and_the_timer_stays_in_view(
    page, live_server, alice, tmp_path
):
    session, _item = _coding_session(alice, tmp_path)
    page.set_viewport_size({"width": 390, "height": 800})
    _log_in(page, live_server, alice)
    page.goto(f"/sessions/{session.pk}/")
    expect(page.locator(".cm-content")).to_be_visible()
    statement = page.locator(".question-statement").bounding_box()
    work = page.locator(".question-work").bounding_box()
    assert statement["y"] + statement["height"] <= work["y"]
    page.get_by_role("button", name="Submit the round").scroll_into_view_if_needed()
    timer = page.locator("#timer").bounding_box()
    assert page.evaluate("window.scrollY") > 500
    assert timer["y"] >= 0 and timer["y"] + timer["height"] <= 800


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_shows_why_and_the_buttons_work_again(page, live_server, alice, tmp_path):
    session, _item = _coding_session(alice, tmp_path)
    _log_in(page, live_server, alice)
    page.goto(f"/sessions/{session.pk}/")
    _type_code(page, REFERENCE)
    page.route("**/run/", lambda route: route.abort())  # the network drops the run
    run = page.get_by_role("button", name="Run examples")
    run.click()
    verdict = page.locator(".coding-panel .verdict")
    expect(verdict).to_contain_text("the connection failed")
    expect(run).to_be_enabled()
    page.unroute("**/run/")
    page.route("**/run/", lambda route: route.fulfill(status=502, body="Bad gateway"))
    run.click()
    expect(verdict).to_contain_text("error 502")
    expect(run).to_be_enabled()
    page.unroute("**/run/")
    run.click()
    expect(verdict).to_contain_text("All tests passed", timeout=30_000)
    assert Submission.objects.count() == 1
