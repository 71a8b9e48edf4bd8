"""The Content-Security-Policy (no 'unsafe-inline' for scripts or styles) breaks nothing: the main pages,
the coding editor (CodeMirror), htmx swaps and the API docs load without a single violation."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from interviews.services import practice_start, session_submit
from tests.bank_helpers import load_coding_problems
from tests.factories import QuestionFactory

# Registered before any page script runs: every violation is kept on window for the test to read.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.django_db(transaction=True)
def test_main_pages_load_with_no_csp_violation(page, live_server, alice, carol, tmp_path):
    load_coding_problems(tmp_path, "stable-softmax")
    for kind in ("ml_breadth", "ml_system_design"):
        QuestionFactory(round_kind=kind)
    breadth = practice_start(candidate=alice, round_kind="ml_breadth")
    design = practice_start(candidate=alice, round_kind="ml_system_design")
    coding = practice_start(candidate=alice, round_kind="coding")
    finished = practice_start(candidate=alice, round_kind="ml_breadth")
    session_submit(session=finished)
    page.add_init_script(LISTEN)
    console = []
    page.on(
        "console",
        lambda m: (
            console.append(m.text) if "Content Security Policy" in m.text or "Refused" in m.text else None
        ),
    )

    header = page.request.get("/accounts/login/").headers["content-security-policy"]
    assert "script-src 'self'" in header and "style-src 'self'" in header and "unsafe-inline" not in header

    pages: dict[str, User | None] = {
        path: None for path in ["/", "/accounts/login/", "/accounts/signup/", "/accounts/signup/done/"]
    }
    pages.update(
        {
            path: alice
            for path in [
                "/dashboard/",
                "/sessions/",
                f"/sessions/{breadth.pk}/",
                f"/sessions/{design.pk}/",
                f"/sessions/{coding.pk}/",
                f"/sessions/{finished.pk}/results/",
                "/accounts/profile/",
                "/book/",
                "/bookings/",
                "/api/docs/",
            ]
        }
    )
    pages.update({"/bank/": carol})
    violations = {}
    current = None
    for path, user in pages.items():
        if user is not current:
            page.context.clear_cookies()
            if user is not None:
                _log_in(page, live_server, user)
            current = user
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if path == f"/sessions/{coding.pk}/":
            expect(page.locator(".cm-content")).to_be_visible()  # CodeMirror started and styled itself
            page.locator(".cm-content").click()
            page.keyboard.insert_text("def f():\n    return 1\n")
            expect(page.locator(".save-status")).to_contain_text("Saved at")  # an htmx request went out
        if path == "/api/docs/":
            expect(page.locator(".swagger-ui .info")).to_be_visible()
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    assert violations == {}
    assert console == []
