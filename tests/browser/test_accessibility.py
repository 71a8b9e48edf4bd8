"""Every main page passes axe-core's WCAG 2 A/AA rules (axe-core 4.14.1, vendored for tests, MPL-2.0)."""

from pathlib import Path

import pytest
from django.test import Client

from interviews.services import practice_start, session_submit
from tests.bank_helpers import load_coding_problems
from tests.factories import QuestionFactory

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _violations(page) -> list[str]:
    # Served from the page's own origin: the Content-Security-Policy refuses inline scripts.
    page.route("**/__test-axe.js", lambda route: route.fulfill(body=AXE, content_type="text/javascript"))
    page.add_script_tag(url="/__test-axe.js")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1100, 390], ids=["desktop", "phone"])
def test_main_pages_have_no_accessibility_violations(page, live_server, alice, carol, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    load_coding_problems(tmp_path, "stable-softmax")
    for kind in ("ml_breadth", "ml_system_design"):
        for _ in range(2):
            QuestionFactory(round_kind=kind)
    breadth = practice_start(candidate=alice, round_kind="ml_breadth")
    design = practice_start(candidate=alice, round_kind="ml_system_design")
    coding = practice_start(candidate=alice, round_kind="coding")
    finished = practice_start(candidate=alice, round_kind="ml_breadth")
    session_submit(session=finished)

    pages = {"/": None, "/accounts/login/": None, "/accounts/signup/": None}
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
            ]
        }
    )
    pages.update({"/bank/": carol})
    problems = {}
    current = None
    for path, user in pages.items():
        if user is not current:
            page.context.clear_cookies()
            if user is not None:
                _log_in(page, live_server, user)
            current = user
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}
