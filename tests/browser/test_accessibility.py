"""Every page passes axe-core's WCAG 2 A/AA rules (axe-core 4.14.1, vendored for tests, MPL-2.0) and does not
scroll sideways on a 390 px phone, for the candidate, the reviewer and the curator.

The list of pages is generated from the URL configuration: every route that answers a GET with an HTML page
is visited. A new route fails `test_every_page_route_is_swept` until PAGES says who opens it and with which
ids (or SKIPPED says why it is not a page)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from interviews.models import Loop, OneOffSlot, SessionQuestion, WeeklyWindow
from interviews.services import answer_save, email_verification_token, practice_start
from questionbank.models import Question, RoundKind
from scoring import grading
from scoring import services as scoring_services
from scoring.models import ReviewFlag, Submission
from tests.bank_helpers import current_version, load_coding_problems
from tests.factories import ProfileFactory, QuestionFactory, UserFactory
from tests.scoring.builders import bank_rubrics, booked_round, make_reviewer, review_next, submitted_round

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()

# Routes that are not pages: POST-only actions, files, fragments polled by pages, the admin and the API.
SKIPPED = {
    "interviews:practice-start": "POST",
    "interviews:answer-save": "POST",
    "interviews:session-submit": "POST",
    "interviews:availability-weekly-add": "POST",
    "interviews:availability-weekly-delete": "POST",
    "interviews:availability-one-off-add": "POST",
    "interviews:availability-one-off-delete": "POST",
    "interviews:availability-rules": "POST",
    "interviews:booking-no-show": "POST",
    "interviews:booking-video": "POST",
    "interviews:booking-brief": "POST",
    "interviews:booking-ics": "a calendar file",
    "interviews:live-reveal": "POST",
    "interviews:live-scratchpad": "POST",
    "scoring:queue-claim": "POST",
    "scoring:review-save": "POST",
    "scoring:review-submit": "POST",
    "scoring:review-release": "POST",
    "scoring:live-review-start": "POST",
    "scoring:calibration-start": "POST",
    "scoring:feedback-rate": "POST",
    "scoring:feedback-flag": "POST",
    "scoring:curator-claim": "POST",
    "scoring:curator-flag-resolve": "POST",
    "scoring:gold-mark": "POST",
    "grading:submission-run": "POST",
    "grading:rejudge-start": "POST",
    "questionbank:preview": "POST",
    "questionbank:rubric-preview": "POST",
    "questionbank:export": "a zip file",
    "questionbank:question-validation": "a fragment polled by the question page",
    "healthz": "JSON",
    "logout": "POST",
    "password_reset_confirm": "needs a mailed token",
    "password_reset_complete": "after a mailed token",
}
for action in ("submit", "withdraw", "approve", "retire", "restore"):
    SKIPPED[f"questionbank:question-{action}"] = "POST"
    SKIPPED[f"questionbank:rubric-{action}"] = "POST"


def _route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern) in ("api/", "admin/"):
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "")
    return names


class World:
    """One of everything: alice's rounds (running, finished, reviewed, booked, looped, coding), bob's review
    work and availability, carol's bank and curation queues."""

    def __init__(self, alice, bob, carol, charlie, tmp_path):
        bank_rubrics()
        load_coding_problems(tmp_path, "stable-softmax")
        for kind in (RoundKind.ML_BREADTH, RoundKind.ML_SYSTEM_DESIGN, RoundKind.BEHAVIOURAL):
            for _ in range(3):
                QuestionFactory(round_kind=kind)
        make_reviewer(bob, RoundKind.ML_BREADTH, RoundKind.CODING)
        self.finished = submitted_round(alice)
        self.review = review_next(bob)
        submitted_round(charlie)
        draft_review = scoring_services.queue_claim_next(reviewer=bob)
        assert draft_review
        self.draft_review = draft_review
        self.breadth = practice_start(candidate=alice, round_kind=RoundKind.ML_BREADTH)
        self.design = practice_start(candidate=alice, round_kind=RoundKind.ML_SYSTEM_DESIGN)
        self.coding = practice_start(candidate=alice, round_kind=RoundKind.CODING)
        self.coding_item = self.coding.items.get()
        self.coding_item.question_version = current_version("stable-softmax")
        self.coding_item.save(update_fields=["question_version"])
        answer_save(
            session=self.coding, item=self.coding_item, text="def softmax(x, axis=-1):\n    return x\n"
        )
        self.submission = Submission.objects.create(
            user=alice,
            item=self.coding_item,
            question_version=self.coding_item.question_version,
            kind="examples",
            code="def softmax(x, axis=-1):\n    return x\n",
            status="done",
            verdict="WA",
            passed=0,
            total=3,
            candidate_report={
                "status": "WA",
                "score": 0,
                "passed": 0,
                "total": 3,
                "tests": [],
                "message": "",
            },
        )
        self.loop = Loop.objects.create(candidate=alice, round_kinds=[RoundKind.ML_BREADTH])
        self.booked = booked_round(alice, bob, loop=self.loop)
        upcoming = timezone.now() + timedelta(days=3)
        self.upcoming = booked_round(alice, bob)
        self.upcoming.status = "scheduled"
        self.upcoming.starts_at, self.upcoming.ends_at = upcoming, upcoming + timedelta(minutes=45)
        self.upcoming.started_at = self.upcoming.submitted_at = None
        self.upcoming.save()
        WeeklyWindow.objects.create(reviewer=bob, weekday=0, start_time="09:00", end_time="17:00")
        OneOffSlot.objects.create(reviewer=bob, starts_at=upcoming, ends_at=upcoming + timedelta(hours=3))
        ReviewFlag.objects.create(
            review=self.review, raised_by=alice, reason="unfair", created_at=timezone.now()
        )
        self.batch = grading.rejudge_start(
            question_version=self.coding_item.question_version, requested_by=carol
        )
        question = Question.objects.filter(round_kind=RoundKind.ML_BREADTH).first()
        rubric_version = scoring_services.rubric_version_for_kind(RoundKind.ML_BREADTH)
        assert question and rubric_version
        self.question, self.rubric_slug = question, rubric_version.rubric.slug
        assert SessionQuestion.objects.filter(session=self.coding).exists()


def charlie_pending(w: World):
    """A signed-up account still waiting for its e-mail to be confirmed (the verify page's token)."""
    return UserFactory(username="pending", is_active=False)


def _pages(w: World, alice, bob, carol) -> dict[str, tuple[object, dict[str, object]]]:
    """Route name -> (who opens it, URL kwargs)."""
    return {
        "home": (None, {}),
        "login": (None, {}),
        "signup": (None, {}),
        "signup-done": (None, {}),
        "verify-resend": (None, {}),
        "verify-email": (None, {"token": email_verification_token(user=charlie_pending(w))}),
        "password_reset": (None, {}),
        "password_reset_done": (None, {}),
        "password_change": (alice, {}),
        "password_change_done": (alice, {}),
        "profile": (alice, {}),
        "interviews:dashboard": (alice, {}),
        "interviews:session-list": (alice, {}),
        "interviews:session-detail": (alice, {"session_id": w.breadth.pk}),
        "interviews:session-results": (alice, {"session_id": w.finished.pk}),
        "interviews:availability": (bob, {}),
        "interviews:book": (alice, {}),
        "interviews:booking-list": (alice, {}),
        "interviews:booking-detail": (alice, {"session_id": w.upcoming.pk}),
        "interviews:booking-reschedule": (alice, {"session_id": w.upcoming.pk}),
        "interviews:loop-list": (alice, {}),
        "interviews:loop-detail": (alice, {"loop_id": w.loop.pk}),
        "interviews:loop-cancel": (alice, {"loop_id": w.loop.pk}),
        "interviews:loop-move": (alice, {"loop_id": w.loop.pk}),
        "interviews:booking-cancel": (alice, {"session_id": w.upcoming.pk}),
        "interviews:practice-pick": (alice, {}),
        "interviews:swap": (alice, {}),
        "interviews:accommodations": (carol, {}),
        "interviews:live-session": (alice, {"session_id": w.upcoming.pk}),
        "interviews:live-review": (bob, {"session_id": w.upcoming.pk}),
        "scoring:queue": (bob, {}),
        "scoring:review-edit": (bob, {"review_id": w.draft_review.pk}),
        "scoring:calibration": (bob, {}),
        "scoring:feedback-list": (alice, {}),
        "scoring:feedback-detail": (alice, {"review_id": w.review.pk}),
        "scoring:session-feedback": (alice, {"session_id": w.finished.pk}),
        "scoring:session-machine-feedback": (alice, {"session_id": w.finished.pk}),
        "scoring:debrief": (alice, {}),
        "scoring:loop-debrief": (alice, {"loop_id": w.loop.pk}),
        "scoring:readiness": (alice, {}),
        "scoring:plan": (alice, {}),
        "scoring:curator-queue": (carol, {}),
        "scoring:curator-flags": (carol, {}),
        "scoring:gold-list": (carol, {}),
        "scoring:agreement": (carol, {}),
        "grading:coding-panel": (alice, {"session_id": w.coding.pk, "item_id": w.coding_item.pk}),
        "grading:submission-detail": (alice, {"submission_id": w.submission.pk}),
        "grading:rejudge-detail": (carol, {"batch_id": w.batch.pk}),
        "question-stats": (carol, {"slug": w.question.slug}),
        "questionbank:question-list": (carol, {}),
        "questionbank:question-new": (carol, {}),
        "questionbank:coding-new": (carol, {}),
        "questionbank:import": (carol, {}),
        "questionbank:rubric-list": (carol, {}),
        "questionbank:rubric-new": (carol, {}),
        "questionbank:rubric-detail": (carol, {"slug": w.rubric_slug}),
        "questionbank:rubric-edit": (carol, {"slug": w.rubric_slug}),
        "questionbank:rubric-history": (carol, {"slug": w.rubric_slug}),
        "questionbank:rubric-diff": (carol, {"slug": w.rubric_slug}),
        "questionbank:question-detail": (carol, {"slug": w.question.slug}),
        "questionbank:question-edit": (carol, {"slug": w.question.slug}),
        "questionbank:question-history": (carol, {"slug": w.question.slug}),
        "questionbank:question-diff": (carol, {"slug": w.question.slug}),
    }


EXTRA_PATHS = {  # the same views again with other content: a design and a coding round, the coding problem
    "design round": ("alice", lambda w: f"/sessions/{w.design.pk}/"),
    "coding round": ("alice", lambda w: f"/sessions/{w.coding.pk}/"),
    "coding problem": ("carol", lambda w: "/bank/stable-softmax/"),
}


def _log_in(page, live_server, user):
    page.context.clear_cookies()
    if user is None:
        return
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


def _sideways(page) -> str | None:
    """The page is wider than the window (scrolls sideways): say which elements stick out."""
    found: str | None = page.evaluate(
        """() => {
          const width = window.innerWidth, scroller = document.scrollingElement;
          if (scroller.scrollWidth <= width) return null;
          const wide = Array.from(document.querySelectorAll('body *'))
            .filter(el => el.getBoundingClientRect().right > width + 1)
            .slice(0, 4).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
          return `scrollWidth ${scroller.scrollWidth} > ${width}: ${wide.join(', ')}`;
        }"""
    )
    return found


def _duplicate_ids(page) -> list[str]:
    """axe 4.14 no longer checks ids: two fields with one id send a label (and the browser) to the wrong one."""
    duplicates: list[str] = page.evaluate(
        """() => {
          const seen = new Map();
          document.querySelectorAll('[id]').forEach(el => seen.set(el.id, (seen.get(el.id) || 0) + 1));
          return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `id "${id}" is used ${n} times`);
        }"""
    )
    return duplicates


@pytest.fixture
def world(db, alice, bob, carol, charlie, tmp_path):
    ProfileFactory(user=UserFactory(username="erin"))  # someone else, so lists are not trivially empty
    return World(alice, bob, carol, charlie, tmp_path)


def test_every_page_route_is_swept(db):
    class Stub:
        def __getattr__(self, name):
            return Stub()

        @property
        def pk(self):
            return 1

        slug = "x"

    stub = Stub()
    listed = set(_pages(stub, None, None, None)) | set(SKIPPED)  # type: ignore[arg-type]
    missing = sorted(_route_names() - listed)
    assert not missing, f"add these routes to PAGES (or SKIPPED, with the reason) in {__file__}: {missing}"
    assert not listed - _route_names(), "PAGES or SKIPPED names a route that no longer exists"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1100, 390], ids=["desktop", "phone"])
def test_every_page_is_accessible_and_fits_the_screen(page, live_server, world, alice, bob, carol, width):
    page.set_viewport_size({"width": width, "height": 900})
    people = {"alice": alice, "bob": bob, "carol": carol}
    visits = [
        (user, reverse(name, kwargs=kwargs))
        for name, (user, kwargs) in _pages(world, alice, bob, carol).items()
    ]
    visits += [(people[who], path(world)) for who, path in EXTRA_PATHS.values()]
    visits.sort(key=lambda v: (getattr(v[0], "pk", 0), v[1]))
    problems: dict[str, list[str]] = {}
    current = object()
    for user, path in visits:
        if user is not current:
            _log_in(page, live_server, user)
            current = user
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        found = []
        if response is None or response.status >= 400:
            found.append(f"HTTP {response.status if response else '?'}")
        found += _violations(page)
        found += _duplicate_ids(page)
        if width <= 390 and (wide := _sideways(page)):
            found.append(wide)
        if found:
            problems[f"{path} ({getattr(user, 'username', 'anonymous')})"] = found
    assert problems == {}


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted([luminance(rgb_a), luminance(rgb_b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.django_db(transaction=True)
def test_the_keyboard_focus_ring_is_visible(page, live_server, alice):
    for _ in range(2):
        QuestionFactory(round_kind=RoundKind.ML_BREADTH)
    session = practice_start(candidate=alice, round_kind=RoundKind.ML_BREADTH)
    _log_in(page, live_server, alice)
    page.goto(f"/sessions/{session.pk}/")
    checked = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
                       return {tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                               color: s.outlineColor, bg: getComputedStyle(document.body).backgroundColor}; }"""
        )
        if style["tag"] == "BODY":
            continue
        checked += 1
        assert style["style"] != "none" and style["width"] >= 2, style
        assert _contrast(style["color"], style["bg"]) >= 3, style
    assert checked >= 8
