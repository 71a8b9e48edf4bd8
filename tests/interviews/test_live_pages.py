"""The live pages over HTTP: the candidate's round and the reviewer's view, polling, reveals, the scratchpad."""

from datetime import timedelta

import pytest

from interviews.live import scratchpad_save
from interviews.models import Answer, SessionStatus
from questionbank.models import RoundKind
from tests.factories import QuestionFactory

from .conftest import at

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_before_the_start_the_candidate_waits_with_a_countdown(clock, alice_client, alice_booked):
    clock.move_to(alice_booked.starts_at - timedelta(minutes=5))
    page = alice_client.get(f"/live/{alice_booked.pk}/").content.decode()
    assert 'data-seconds-left="300"' in page and 'data-on-zero="reload"' in page
    assert "opens at <strong>10:00</strong>" in page
    alice_booked.refresh_from_db()
    assert alice_booked.status == SessionStatus.SCHEDULED


def test_the_practice_url_of_a_booked_round_leads_to_the_live_page(clock, alice_client, alice_booked):
    response = alice_client.get(f"/sessions/{alice_booked.pk}/")
    assert response.status_code == 302 and response.url == f"/live/{alice_booked.pk}/"


def test_at_the_start_the_round_opens_with_only_revealed_questions(clock, alice_client, alice_booked):
    clock.move_to(alice_booked.starts_at + timedelta(seconds=30))
    page = alice_client.get(f"/live/{alice_booked.pk}/").content.decode()
    alice_booked.refresh_from_db()
    assert alice_booked.status == SessionStatus.IN_PROGRESS
    seconds_left = alice_booked.duration_seconds - 30
    assert f'data-seconds-left="{seconds_left}"' in page
    first, second = alice_booked.items.order_by("position")[:2]
    assert first.question_version.title in page and second.question_version.title not in page
    assert "SECRET-NOTE" not in page  # reviewer notes never reach the candidate
    assert 'hx-trigger="every 2s"' in page


def test_the_reviewer_sees_the_same_countdown(clock, alice_client, bob_client, alice_booked):
    clock.move_to(alice_booked.starts_at + timedelta(seconds=30))
    alice_client.get(f"/live/{alice_booked.pk}/")
    clock.move_to(alice_booked.starts_at + timedelta(seconds=90))
    page = bob_client.get(f"/live/{alice_booked.pk}/review/").content.decode()
    assert f'data-seconds-left="{alice_booked.duration_seconds - 90}"' in page


def test_the_reviewer_sees_the_candidates_work_and_the_notes(clock, alice_client, bob_client, alice_booked):
    clock.move_to(alice_booked.starts_at)
    alice_client.get(f"/live/{alice_booked.pk}/")
    item = alice_booked.items.get(position=1)
    alice_client.post(
        f"/sessions/{alice_booked.pk}/items/{item.pk}/answer/",
        {"base_revision": 0, "text": "Bias is error from assumptions"},
        headers=HTMX,
    )
    page = bob_client.get(f"/live/{alice_booked.pk}/review/").content.decode()
    assert "Bias is error from assumptions" in page
    assert "SECRET-NOTE" in page  # the reviewer notes
    fragment = bob_client.get(f"/live/{alice_booked.pk}/review/", headers=HTMX)
    body = fragment.content.decode()
    assert body.lstrip().startswith('<div id="live-work"') and 'hx-trigger="every 2s"' in body
    assert "Bias is error from assumptions" in body and "<html" not in body


def test_the_polled_fragment_stops_polling_once_submitted(clock, alice_client, bob_client, alice_booked):
    clock.move_to(alice_booked.starts_at)
    alice_client.get(f"/live/{alice_booked.pk}/")
    alice_client.post(f"/sessions/{alice_booked.pk}/submit/", {"auto": "1"})
    body = bob_client.get(f"/live/{alice_booked.pk}/review/", headers=HTMX).content.decode()
    assert "Submitted" in body and "hx-trigger" not in body


def test_a_coding_round_is_shown_in_a_read_only_editor(
    clock, alice, alice_client, bob_client, bob_available, book, coding_questions
):
    session = book(alice, bob_available, at(11), round_kind=RoundKind.CODING)
    clock.move_to(session.starts_at)
    item = session.items.get()
    alice_client.get(f"/live/{session.pk}/")
    alice_client.post(
        f"/sessions/{session.pk}/items/{item.pk}/answer/",
        {"base_revision": 0, "text": "def kmeans(): pass"},
        headers=HTMX,
    )
    body = bob_client.get(f"/live/{session.pk}/review/", headers=HTMX).content.decode()
    assert "data-code-editor data-readonly" in body and 'hx-preserve="true"' in body
    assert body.count("def kmeans(): pass") == 2  # the editor and the feed that updates it


def test_revealing_the_next_question_shows_it_to_the_candidate(clock, alice_client, bob_client, alice_booked):
    clock.move_to(alice_booked.starts_at)
    alice_client.get(f"/live/{alice_booked.pk}/")
    # Nothing new: the candidate's poll is a no-op.
    assert alice_client.get(f"/live/{alice_booked.pk}/?known=1&fu=0", headers=HTMX).status_code == 204
    response = bob_client.post(f"/live/{alice_booked.pk}/review/reveal/", {"what": "question"}, headers=HTMX)
    assert response.status_code == 200 and response.content.decode().lstrip().startswith(
        '<section id="reviewer-questions"'
    )
    poll = alice_client.get(f"/live/{alice_booked.pk}/?known=1&fu=0", headers=HTMX)
    assert poll.headers["HX-Refresh"] == "true"
    second = alice_booked.items.get(position=2)
    assert second.question_version.title in alice_client.get(f"/live/{alice_booked.pk}/").content.decode()


def test_a_revealed_follow_up_reaches_the_candidate_and_nothing_else_does(
    clock, alice_client, bob_client, alice_booked
):
    item = alice_booked.items.get(position=1)
    version = item.question_version
    version.reviewer_notes = {
        "key_points": ["SECRET-NOTE"],
        "follow_ups": ["What about L1?", "HIDDEN-RUNG"],
        "red_flags": [],
    }
    version.save()
    clock.move_to(alice_booked.starts_at)
    alice_client.get(f"/live/{alice_booked.pk}/")
    bob_client.post(f"/live/{alice_booked.pk}/review/reveal/", {"what": "follow_up", "item": item.pk})
    poll = alice_client.get(f"/live/{alice_booked.pk}/?known=1&fu=0", headers=HTMX)
    body = poll.content.decode()
    assert (
        poll.status_code == 200
        and "What about L1?" in body
        and 'hx-swap-oob="innerHTML:#live-announce"' in body
    )
    assert "HIDDEN-RUNG" not in body and "SECRET-NOTE" not in body
    page = alice_client.get(f"/live/{alice_booked.pk}/").content.decode()
    assert "What about L1?" in page and "HIDDEN-RUNG" not in page and "SECRET-NOTE" not in page


def test_a_reveal_without_htmx_redirects_back(clock, bob_client, alice_booked):
    response = bob_client.post(f"/live/{alice_booked.pk}/review/reveal/", {"what": "question"})
    assert response.status_code == 302 and response.url == f"/live/{alice_booked.pk}/review/"


def test_a_follow_up_of_another_sessions_question_is_404(
    clock, alice, bob_client, alice_booked, bob_available, book
):
    other = book(alice, bob_available, at(14))
    item = other.items.get(position=1)
    response = bob_client.post(
        f"/live/{alice_booked.pk}/review/reveal/", {"what": "follow_up", "item": item.pk}
    )
    assert response.status_code == 404


def test_the_scratchpad_autosaves_and_never_reaches_the_candidate(
    clock, alice_client, bob_client, alice_booked
):
    response = bob_client.post(
        f"/live/{alice_booked.pk}/review/scratchpad/", {"text": "PRIVATE: hesitant on CV"}, headers=HTMX
    )
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    assert "PRIVATE: hesitant on CV" in bob_client.get(f"/live/{alice_booked.pk}/review/").content.decode()
    clock.move_to(alice_booked.starts_at)
    for path in (f"/live/{alice_booked.pk}/", f"/bookings/{alice_booked.pk}/"):
        assert "PRIVATE" not in alice_client.get(path).content.decode()
    alice_client.post(f"/sessions/{alice_booked.pk}/submit/")
    assert "PRIVATE" not in alice_client.get(f"/sessions/{alice_booked.pk}/results/").content.decode()


def test_after_the_round_the_candidate_goes_to_the_results(clock, alice_client, alice_booked, settings):
    clock.move_to(alice_booked.ends_at + timedelta(seconds=settings.DEADLINE_GRACE_SECONDS + 1))
    response = alice_client.get(f"/live/{alice_booked.pk}/")
    assert response.status_code == 302 and response.url == f"/sessions/{alice_booked.pk}/results/"


def test_the_deep_dive_brief_is_shown_to_the_reviewer_before_the_session(
    clock, alice, bob_client, bob_available, book
):
    from interviews.services import reviewer_rounds_set

    reviewer_rounds_set(user=bob_available, round_kinds=[RoundKind.PROJECT_DEEP_DIVE])
    QuestionFactory(round_kind=RoundKind.PROJECT_DEEP_DIVE)
    session = book(
        alice,
        bob_available,
        at(10),
        round_kind=RoundKind.PROJECT_DEEP_DIVE,
        project_brief="Churn model at Acme",
    )
    assert "Churn model at Acme" in bob_client.get(f"/live/{session.pk}/review/").content.decode()
    assert "Churn model at Acme" in bob_client.get(f"/bookings/{session.pk}/").content.decode()


def test_design_sections_show_their_budget_and_the_time_used(
    clock, alice, alice_client, bob_client, bob_available, book
):
    from interviews.services import reviewer_rounds_set

    reviewer_rounds_set(user=bob_available, round_kinds=[RoundKind.ML_SYSTEM_DESIGN])
    QuestionFactory(round_kind=RoundKind.ML_SYSTEM_DESIGN)
    session = book(alice, bob_available, at(10), round_kind=RoundKind.ML_SYSTEM_DESIGN)
    clock.move_to(session.starts_at)
    alice_client.get(f"/live/{session.pk}/")
    clock.move_to(session.starts_at + timedelta(minutes=10))
    page = alice_client.get(f"/live/{session.pk}/").content.decode()
    assert "Problem framing <small>(suggested 6 min · <span data-section-used>0</span> min used)" in page
    item = session.items.get()
    url = f"/sessions/{session.pk}/items/{item.pk}/answer/"
    alice_client.post(
        url,
        {"base_revision": 0, "text": "Who are the users?", "section": "framing", "seconds_spent": "190"},
        headers=HTMX,
    )
    # The page cannot claim more time than the round has lasted (10 minutes).
    alice_client.post(
        url, {"base_revision": 0, "text": "x", "section": "metrics", "seconds_spent": "9999"}, headers=HTMX
    )
    answers = {a.section: a.seconds_spent for a in Answer.objects.filter(item=item)}
    assert answers == {"framing": 190, "metrics": 600}
    assert (
        "<span data-section-used>3</span> min used"
        in alice_client.get(f"/live/{session.pk}/").content.decode()
    )
    assert (
        "Problem framing <small>(3 of 6 min used)"
        in bob_client.get(f"/live/{session.pk}/review/").content.decode()
    )
    # A smaller figure later (another tab) never lowers it.
    scratchpad_save(session=session, by=bob_available, text="")
    alice_client.post(
        url,
        {"base_revision": 0, "text": "Who are the users?", "section": "framing", "seconds_spent": "5"},
        headers=HTMX,
    )
    assert Answer.objects.get(item=item, section="framing").seconds_spent == 190


def test_the_reviewer_can_score_the_round_from_the_live_page_once_it_started(
    clock, alice_client, bob_client, alice_booked
):
    before = bob_client.get(f"/live/{alice_booked.pk}/review/").content.decode()
    assert "Score this round with the rubric" not in before
    clock.move_to(alice_booked.starts_at + timedelta(seconds=30))
    alice_client.get(f"/live/{alice_booked.pk}/")
    during = bob_client.get(f"/live/{alice_booked.pk}/review/").content.decode()
    assert f'action="/reviews/live/{alice_booked.pk}/start/"' in during
