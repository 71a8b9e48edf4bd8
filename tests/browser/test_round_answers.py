"""Nothing typed is lost: a submit right after typing, a save from a stale tab, a reload right after typing,
and the "submit the round" confirmation that names the unanswered questions."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from interviews.models import Answer, SessionStatus
from interviews.services import practice_start
from tests.factories import QuestionFactory

TEXT = "Bias is error from wrong assumptions; variance is sensitivity to the sample. 0123456789 äöü €!"


def _log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def breadth_round(db, alice):
    for _ in range(3):
        QuestionFactory(round_kind="ml_breadth")
    return practice_start(candidate=alice, round_kind="ml_breadth")


def _answer_box(page, index=0):
    return page.locator("textarea[name=text]").nth(index)


@pytest.mark.django_db(transaction=True)
def test_typing_then_submitting_at_once_keeps_every_character(page, live_server, alice, breadth_round):
    _log_in(page.context, live_server, alice)
    page.goto(f"/sessions/{breadth_round.pk}/")
    box = _answer_box(page)
    box.click()
    page.keyboard.type(TEXT, delay=0)
    # Well inside the 600 ms save delay: the page must flush the pending text before submitting.
    page.get_by_role("button", name="Submit the round").click()
    dialog = page.get_by_role("dialog", name="Submit the round now?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Submit the round").click()
    expect(page).to_have_url(f"{live_server.url}/sessions/{breadth_round.pk}/results/")
    first = breadth_round.items.get(position=1)
    assert Answer.objects.get(item=first).text == TEXT
    expect(page.locator(".answer-text").first).to_have_text(TEXT)


@pytest.mark.django_db(transaction=True)
def test_ending_early_asks_first_and_names_the_unanswered_questions(page, live_server, alice, breadth_round):
    _log_in(page.context, live_server, alice)
    page.goto(f"/sessions/{breadth_round.pk}/")
    titles = [item.question_version.title for item in breadth_round.items.order_by("position")]
    _answer_box(page, 1).fill("An answer to the second question")
    page.get_by_role("button", name="Submit the round").click()
    dialog = page.get_by_role("dialog", name="Submit the round now?")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-dialog-list] li")).to_have_count(2)
    expect(dialog).to_contain_text(titles[0])
    expect(dialog).to_contain_text(titles[2])
    expect(dialog).not_to_contain_text(titles[1])
    # The focus is inside the dialog, on the safe choice; Escape (or "Keep working") closes it.
    expect(dialog.get_by_role("button", name="Keep working")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    breadth_round.refresh_from_db()
    assert breadth_round.status == SessionStatus.IN_PROGRESS


@pytest.mark.django_db(transaction=True)
def test_a_stale_tab_cannot_overwrite_newer_text_and_sees_both(browser, live_server, alice, breadth_round):
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    try:
        for context in contexts:
            _log_in(context, live_server, alice)
        old_tab, new_tab = (context.new_page() for context in contexts)
        old_tab.goto(f"/sessions/{breadth_round.pk}/")
        new_tab.goto(f"/sessions/{breadth_round.pk}/")
        _answer_box(new_tab).fill("The newer text, from the other tab")
        expect(new_tab.locator(".save-status").first).to_contain_text("Saved at")

        _answer_box(old_tab).fill("Stale text typed in the first tab")
        status = old_tab.locator(".save-status").first
        expect(status).to_contain_text("changed elsewhere")
        expect(status.locator("[data-newer-text]")).to_have_text("The newer text, from the other tab")
        item = breadth_round.items.get(position=1)
        assert Answer.objects.get(item=item).text == "The newer text, from the other tab"

        # The candidate chooses to keep their own text: it replaces the newer one knowingly.
        status.get_by_role("button", name="Keep my text (replace the newer one)").click()
        expect(status).to_contain_text("Saved at")
        assert Answer.objects.get(item=item).text == "Stale text typed in the first tab"
    finally:
        for context in contexts:
            context.close()


@pytest.mark.django_db(transaction=True)
def test_taking_the_newer_text_puts_it_in_the_box(browser, live_server, alice, breadth_round):
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    try:
        for context in contexts:
            _log_in(context, live_server, alice)
        old_tab, new_tab = (context.new_page() for context in contexts)
        old_tab.goto(f"/sessions/{breadth_round.pk}/")
        new_tab.goto(f"/sessions/{breadth_round.pk}/")
        _answer_box(new_tab).fill("Newer")
        expect(new_tab.locator(".save-status").first).to_contain_text("Saved at")
        _answer_box(old_tab).fill("Older")
        status = old_tab.locator(".save-status").first
        status.get_by_role("button", name="Use the newer text").click()
        expect(_answer_box(old_tab)).to_have_value("Newer")
        _answer_box(old_tab).fill("Newer, and more")
        expect(status).to_contain_text("Saved at")
        assert Answer.objects.get(item=breadth_round.items.get(position=1)).text == "Newer, and more"
    finally:
        for context in contexts:
            context.close()


@pytest.mark.django_db(transaction=True)
def test_a_reload_right_after_typing_shows_the_newest_text(page, live_server, alice, breadth_round):
    _log_in(page.context, live_server, alice)
    page.goto(f"/sessions/{breadth_round.pk}/")
    _answer_box(page).click()
    page.keyboard.type(TEXT, delay=0)
    page.reload()
    expect(_answer_box(page)).to_have_value(TEXT)
    expect(page.locator(".save-status").first).to_contain_text("Saved at")
    assert Answer.objects.get(item=breadth_round.items.get(position=1)).text == TEXT
    page.reload()
    expect(_answer_box(page)).to_have_value(TEXT)
