"""The curator pages over HTTP: search and filters, create and edit with preview, the workflow buttons,
history and diffs, rubrics; query counts of list pages; everyone but curators is turned away."""

import pytest
from django.db import connection

from questionbank import services
from questionbank.models import Question, QuestionVersion, Rubric, Status, ValidationStatus
from tests.factories import QuestionFactory, TopicFactory

from .conftest import question_data

pytestmark = pytest.mark.django_db

FORM = {
    "slug": "new-question",
    "title": "What is dropout?",
    "prompt_md": "Explain **dropout**.\r\n\r\n<script>alert(1)</script>",
    "difficulty": "medium",
    "level": "mid",
    "minutes": "5",
    "topics": ["bias-variance"],
    "key_points": "Randomly zeroes units during training.\r\nActs as an ensemble.\r\n",
    "follow_ups": "Why rescale at training time?",
    "red_flags": "",
}


def make_questions(n, **kwargs):
    topic = TopicFactory(slug="shared-topic", name="Shared topic")
    questions = [QuestionFactory(**kwargs) for _ in range(n)]
    for question in questions:
        question.current_version.topics.add(topic, TopicFactory())
    return questions


# ---- list, filters, search ------------------------------------------------------------------------------


def test_the_list_filters_by_round_topic_difficulty_status_and_text(carol_client):
    breadth = QuestionFactory(round_kind="ml_breadth", version__title="Dropout as an ensemble")
    design = QuestionFactory(round_kind="ml_system_design", status=Status.DRAFT, version__difficulty="hard")
    TopicFactory(slug="regularisation", name="Regularisation")
    breadth.current_version.topics.add(TopicFactory(slug="regularisation"))

    def titles(query):
        page = carol_client.get(f"/bank/?{query}").content.decode()
        return {q.current_version.title for q in (breadth, design) if q.current_version.title in page}

    assert titles("round=ml_system_design") == {design.current_version.title}
    assert titles("topic=regularisation") == {breadth.current_version.title}
    assert titles("difficulty=hard") == {design.current_version.title}
    assert titles("status=draft") == {design.current_version.title}
    assert titles("q=ensemble") == {breadth.current_version.title}
    assert titles("q=DROPOUT&round=ml_breadth") == {breadth.current_version.title}
    assert titles("round=nonsense&difficulty=impossible") == {
        q.current_version.title for q in (breadth, design)
    }


def test_the_list_shows_what_waits_for_a_review(carol, dave, carol_client, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    services.question_update(question=question, data=question_data(title="Reworded"), author=carol)
    services.question_submit(question=question, user=carol)
    QuestionFactory()
    page = carol_client.get("/bank/?review=1").content.decode()
    assert "Bias and variance" in page and "v2 waiting for a review" in page
    assert "1 question." in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_text_search_uses_postgresql_full_text_search(carol_client):
    QuestionFactory(version__title="Regularising deep networks", version__prompt_md="Why does dropout help?")
    QuestionFactory(version__title="Unrelated", version__prompt_md="Tell me about trees.")
    # Stemming: "regularise" finds "Regularising"; "helps" finds "help" in the prompt.
    assert "Regularising deep networks" in carol_client.get("/bank/?q=regularise").content.decode()
    page = carol_client.get("/bank/?q=dropout+helps").content.decode()
    assert "Regularising deep networks" in page and "Unrelated" not in page


def test_htmx_filters_return_only_the_table(carol_client):
    QuestionFactory(round_kind="behavioural")
    body = carol_client.get(
        "/bank/?round=behavioural&q=title", headers={"HX-Request": "true"}
    ).content.decode()
    assert body.lstrip().startswith('<div id="question-table"') and "<html" not in body


@pytest.mark.parametrize("query", ["", "?round=ml_breadth&topic=shared-topic&q=title"])
def test_the_list_costs_the_same_queries_for_5_or_25_questions(
    carol_client, django_assert_num_queries, query, session_queries
):
    make_questions(5)
    carol_client.get("/bank/")  # warm the session and the curator's groups
    # (session), user, groups, count, page of questions, their topics, topics for the filter
    with django_assert_num_queries(6 + session_queries):
        carol_client.get(f"/bank/{query}")
    make_questions(20)
    with django_assert_num_queries(6 + session_queries):
        response = carol_client.get(f"/bank/{query}")
    assert response.status_code == 200


def test_the_rubric_list_and_a_history_cost_a_fixed_number_of_queries(
    carol, dave, carol_client, django_assert_num_queries, topics, session_queries
):
    question = services.question_create(data=question_data(), author=carol)
    with django_assert_num_queries(4 + session_queries):
        carol_client.get("/bank/bias-question/history/")
    for n in range(6):
        services.question_update(
            question=question, data=question_data(title=f"Wording {n}"), author=carol if n % 2 else dave
        )
    with django_assert_num_queries(4 + session_queries):
        assert carol_client.get("/bank/bias-question/history/").status_code == 200
    with django_assert_num_queries(3 + session_queries):
        assert carol_client.get("/bank/rubrics/").status_code == 200


# ---- create, edit, preview ------------------------------------------------------------------------------


def test_a_curator_creates_a_draft_question(carol, carol_client, topics):
    response = carol_client.post("/bank/new/?round=ml_breadth", {**FORM, "save": "1"})
    assert response.status_code == 302 and response.url == "/bank/new-question/"
    question = Question.objects.get(slug="new-question")
    version = question.current_version
    assert question.status == Status.DRAFT and version.created_by == carol
    assert version.prompt_md == "Explain **dropout**.\n\n<script>alert(1)</script>\n"
    assert "<strong>dropout</strong>" in version.prompt_html and "<script>" not in version.prompt_html
    assert version.reviewer_notes == {
        "key_points": ["Randomly zeroes units during training.", "Acts as an ensemble."],
        "follow_ups": ["Why rescale at training time?"],
        "red_flags": [],
    }


def test_the_form_reports_errors_per_field(carol_client, topics):
    response = carol_client.post("/bank/new/?round=ml_domain", {**FORM, "slug": "Bad Slug", "key_points": ""})
    assert response.status_code == 400
    form = response.context["form"]
    assert "slug" in form.errors and "key_points" in form.errors and "domain" in form.errors
    assert Question.objects.count() == 0


def test_a_design_question_needs_notes_for_every_section(carol_client, topics):
    response = carol_client.post(
        "/bank/new/?round=ml_system_design", {**FORM, "section_framing": "Goal first."}
    )
    assert response.status_code == 400
    assert "section_metrics" in response.context["form"].errors


def test_the_preview_button_renders_markdown_without_saving(carol_client, topics):
    response = carol_client.post("/bank/new/?round=ml_breadth", {**FORM, "preview": "1"})
    assert response.status_code == 200
    assert "<strong>dropout</strong>" in response.context["preview"]
    assert Question.objects.count() == 0


def test_the_htmx_preview_is_sanitised_markdown(carol_client):
    response = carol_client.post(
        "/bank/preview/",
        {"prompt_md": "A *table*:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<img src=x onerror=alert(1)>"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<em>table</em>" in body and "<table>" in body
    assert "onerror" not in body and "<img" not in body


def test_editing_a_published_question_through_the_form_keeps_the_live_version(
    carol, dave, dave_client, topics
):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    page = dave_client.get("/bank/bias-question/edit/")
    assert page.context["form"].initial["title"] == "Bias and variance"
    data = {**FORM, "title": "Bias, variance and noise"}
    del data["slug"]
    response = dave_client.post("/bank/bias-question/edit/", data, follow=True)
    assert "Candidates still get the live version" in response.content.decode()
    question.refresh_from_db()
    assert question.current_version.number == 1
    assert question.versions.count() == 2
    assert question.versions.get(number=2).created_by == dave


def test_saving_an_unchanged_form_makes_no_version(carol, carol_client, topics):
    services.question_create(data=question_data(), author=carol)
    initial = carol_client.get("/bank/bias-question/edit/").context["form"].initial
    data = {key: value for key, value in initial.items() if value is not None and key != "slug"}
    response = carol_client.post("/bank/bias-question/edit/", data, follow=True)
    assert "Nothing changed" in response.content.decode()
    assert QuestionVersion.objects.count() == 1


# ---- the workflow buttons ----------------------------------------------------------------------------


def test_send_for_review_then_another_curator_approves(carol, dave, carol_client, dave_client, topics):
    services.question_create(data=question_data(), author=carol)
    assert carol_client.post("/bank/bias-question/submit/").status_code == 302

    page = carol_client.get("/bank/bias-question/").content.decode()
    assert "You wrote or submitted these changes: another curator must approve them." in page
    assert 'disabled aria-describedby="approve-blocker"' in page
    response = carol_client.post("/bank/bias-question/approve/", follow=True)
    assert "another curator must approve" in response.content.decode()
    assert Question.objects.get().status == Status.IN_REVIEW

    assert "approve-blocker" not in dave_client.get("/bank/bias-question/").content.decode()
    response = dave_client.post("/bank/bias-question/approve/", follow=True)
    assert "Approved and published" in response.content.decode()
    assert Question.objects.get().status == Status.PUBLISHED


def test_retire_and_restore_buttons(carol, dave, carol_client, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    carol_client.post("/bank/bias-question/retire/")
    assert Question.objects.get().status == Status.RETIRED
    carol_client.post("/bank/bias-question/restore/")
    assert Question.objects.get().status == Status.PUBLISHED


def test_the_workflow_actions_refuse_get(carol_client, topics):
    QuestionFactory(slug="some-question")
    for action in ("submit", "withdraw", "approve", "retire", "restore"):
        assert carol_client.get(f"/bank/some-question/{action}/").status_code == 405


# ---- history and diff --------------------------------------------------------------------------------


def test_history_and_an_accessible_diff_between_two_versions(carol, dave, carol_client, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_update(
        question=question,
        data=question_data(prompt_md="Explain the trade-off with an example.\n"),
        author=dave,
    )
    history = carol_client.get("/bank/bias-question/history/").content.decode()
    assert "v2" in history and "v1" in history and "dave" in history and "carol" in history

    response = carol_client.get("/bank/bias-question/diff/?a=1&b=2")
    page = response.content.decode()
    assert response.context["diff"].added == 1 and response.context["diff"].removed == 1
    assert "<td>Removed</td>" in page and "<del>Explain the **bias-variance** trade-off.</del>" in page
    assert "<td>Added</td>" in page and "<ins>Explain the trade-off with an example.</ins>" in page
    assert "1 line removed, 1 line added" in page
    same = carol_client.get("/bank/bias-question/diff/?a=2&b=2").content.decode()
    assert "the same content" in same


def test_a_coding_problem_diff_shows_which_file_changed(carol, carol_client, topics):
    spec = {
        "tests": [],
        "statement": "S",
        "starter": "def f(): ...\n",
        "reference": "R = 1\n",
        "wrongs": {"off_by_one": "R = 2\n"},
    }
    data = question_data(
        slug="code-one", round_kind="coding", coding_spec=spec, problem_yaml="slug: code-one\n"
    )
    question = services.question_create(data=data, author=carol)
    changed = {**spec, "reference": "R = 3\n"}
    services.question_update(
        question=question,
        data=question_data(
            slug="code-one", round_kind="coding", coding_spec=changed, problem_yaml="slug: code-one\n"
        ),
        author=carol,
    )
    rows = carol_client.get("/bank/code-one/diff/").context["diff"].rows
    changed_rows = [(row.kind, row.text) for row in rows if row.kind in ("added", "removed")]
    assert changed_rows == [("removed", "R = 1"), ("added", "R = 3")]
    assert any(row.text == "=== reference.py ===" for row in rows)


# ---- coding problems through the pages -------------------------------------------------------------------

PROBLEM_YAML = """slug: add-one
title: Add one
kind: algorithmic
difficulty: easy
topics: [bias-variance]
function: add_one
time_limit_s: 2
memory_mb: 256
checker: {type: exact}
tests:
  - name: small
    visible: true
    args: [1]
    expected: 2
  - name: negative
    args: [-5]
    expected: -4
"""
CODING_FORM = {
    "slug": "add-one",
    "problem_yaml": PROBLEM_YAML,
    "statement_md": "Return `x + 1`.\n",
    "starter_py": "def add_one(x):\n    return x\n",
    "reference_py": "def add_one(x):\n    return x + 1\n",
    "wrongs": "# === wrong/abs_value.py ===\ndef add_one(x):\n    return abs(x) + 1\n"
    "# === wrong/plus_two.py ===\ndef add_one(x):\n    return x + 2\n"
    "# === wrong/returns_input.py ===\ndef add_one(x):\n    return x\n",
    "minutes": "15",
    "key_points": "Adds one.",
}


def test_a_coding_problem_is_checked_in_the_sandbox_after_saving(
    carol, dave, carol_client, dave_client, topics, sandbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})
    assert response.status_code == 302
    assert len(callbacks) == 1, "the check is queued once the draft is committed"
    version = Question.objects.get(slug="add-one").current_version
    assert version.validation_status == ValidationStatus.PASSED, version.validation
    assert version.validation["reference"]["passed"] == 2
    assert {name: w["passed"] for name, w in version.validation["wrongs"].items()} == {
        "abs_value": 1,
        "plus_two": 0,
        "returns_input": 0,
    }

    page = carol_client.get("/bank/add-one/").content.decode()
    assert "Passed." in page and "The reference solution passes all 2 tests." in page

    carol_client.post("/bank/add-one/submit/")
    dave_client.post("/bank/add-one/approve/")
    assert Question.objects.get(slug="add-one").status == Status.PUBLISHED


def test_a_failing_check_blocks_publication_and_shows_why(
    carol, dave, carol_client, dave_client, topics, sandbox, django_capture_on_commit_callbacks
):
    broken = {**CODING_FORM, "reference_py": "def add_one(x):\n    return x + 2\n"}
    with django_capture_on_commit_callbacks(execute=True):
        carol_client.post("/bank/coding/new/", {**broken, "save": "1"})
    version = Question.objects.get(slug="add-one").current_version
    assert version.validation_status == ValidationStatus.FAILED
    carol_client.post("/bank/add-one/submit/")
    page = dave_client.get("/bank/add-one/").content.decode()
    assert "The reference solution fails 2 of 2 tests" in page
    assert "The sandbox check must pass before this problem can be published." in page
    dave_client.post("/bank/add-one/approve/")
    assert Question.objects.get(slug="add-one").status == Status.IN_REVIEW


def test_the_check_polls_while_it_waits_and_can_run_again(carol, carol_client, topics):
    carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})  # on_commit never runs in this test
    page = carol_client.get("/bank/add-one/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "Queued for the worker" in page
    fragment = carol_client.get("/bank/add-one/validation/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="workflow"') and "<html" not in fragment
    response = carol_client.post("/bank/add-one/validation/", follow=True)
    assert "Queued for the worker" in response.content.decode()


def test_coding_form_errors_name_the_file_line_and_field(carol_client, topics):
    bad = {**CODING_FORM, "problem_yaml": PROBLEM_YAML.replace("memory_mb: 256", "memory_mb: 9")}
    bad["reference_py"] = "def add_one(x) return x\n"
    response = carol_client.post("/bank/coding/new/", {**bad, "save": "1"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (
        "problem.yaml: line 8: memory_mb: must be an integer from 64 to 4096, got 9" in errors["problem_yaml"]
    )
    assert any(e.startswith("reference.py: line 1: syntax error") for e in errors["reference_py"])
    assert Question.objects.count() == 0


def test_a_tests_change_of_a_live_problem_offers_a_rejudge(carol, dave, dave_client, topics):
    spec = {"tests": [{"name": "a"}], "checker": {"type": "exact"}}
    data = question_data(slug="code-two", round_kind="coding", coding_spec=spec, problem_yaml="v: 1\n")
    question = services.question_create(data=data, author=carol)
    QuestionVersion.objects.update(validation_status=ValidationStatus.PASSED)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    assert "Rejudge past submissions" not in dave_client.get("/bank/code-two/").content.decode()

    changed = {"tests": [{"name": "a"}, {"name": "b"}], "checker": {"type": "exact"}}
    new = question_data(slug="code-two", round_kind="coding", coding_spec=changed, problem_yaml="v: 2\n")
    services.question_update(question=question, data=new, author=carol)
    QuestionVersion.objects.update(validation_status=ValidationStatus.PASSED)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    page = dave_client.get("/bank/code-two/").content.decode()
    assert "Rejudge past submissions" in page and 'action="/bank/code-two/rejudge/"' in page


# ---- rubrics -----------------------------------------------------------------------------------------

CRITERIA = """- key: structure
  title: Structure
  weight: 2
  levels:
    1: No structure.
    2: Some structure.
    3: Clear STAR.
    4: Crisp STAR with a result.
"""


def test_a_rubric_is_written_as_yaml_with_a_preview(carol, dave, carol_client, dave_client):
    response = carol_client.post(
        "/bank/rubrics/new/",
        {"round_kind": "behavioural", "title": "Behavioural", "criteria": CRITERIA, "preview": "1"},
    )
    assert response.status_code == 200 and "Crisp STAR with a result." in response.content.decode()
    assert Rubric.objects.count() == 0
    response = carol_client.post(
        "/bank/rubrics/new/", {"round_kind": "behavioural", "title": "Behavioural", "criteria": CRITERIA}
    )
    assert response.status_code == 302
    rubric = Rubric.objects.get()
    carol_client.post(f"/bank/rubrics/{rubric.slug}/submit/")
    dave_client.post(f"/bank/rubrics/{rubric.slug}/approve/")
    rubric.refresh_from_db()
    assert rubric.status == Status.PUBLISHED and rubric.current_version.criteria[0]["weight"] == 2

    edited = CRITERIA.replace("weight: 2", "weight: 3")
    carol_client.post(f"/bank/rubrics/{rubric.slug}/edit/", {"title": "Behavioural", "criteria": edited})
    diff = carol_client.get(f"/bank/rubrics/{rubric.slug}/diff/").context["diff"]
    assert [(r.kind, r.text.strip()) for r in diff.rows if r.kind in ("added", "removed")] == [
        ("removed", "weight: 2"),
        ("added", "weight: 3"),
    ]


def test_rubric_yaml_errors_name_the_line_and_field(carol_client):
    bad = CRITERIA.replace("weight: 2", "weight: 20")
    response = carol_client.post(
        "/bank/rubrics/new/", {"round_kind": "behavioural", "title": "B", "criteria": bad}
    )
    assert response.status_code == 400
    assert (
        "line 1: criteria[0].weight: must be a whole number from 1 to 10"
        in response.context["form"].errors["criteria"]
    )
    preview = carol_client.post(
        "/bank/rubrics/preview/",
        {"round_kind": "behavioural", "title": "B", "criteria": "- key: [oops"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "invalid YAML" in preview


# ---- who may open the bank ------------------------------------------------------------------------------

BANK_PAGES = [
    "/bank/",
    "/bank/new/?round=ml_breadth",
    "/bank/coding/new/",
    "/bank/some-question/",
    "/bank/some-question/edit/",
    "/bank/some-question/history/",
    "/bank/some-question/diff/",
    "/bank/some-question/validation/",
    "/bank/some-question/stats/",
    "/bank/rubrics/",
    "/bank/rubrics/new/",
    "/bank/rubrics/behavioural-rubric/",
    "/bank/rubrics/behavioural-rubric/edit/",
    "/bank/rubrics/behavioural-rubric/history/",
    "/bank/rubrics/behavioural-rubric/diff/",
    "/bank/import/",
    "/bank/export.zip",
]
BANK_ACTIONS = [
    "/bank/preview/",
    "/bank/rubrics/preview/",
    *[
        f"/bank/some-question/{a}/"
        for a in ("submit", "withdraw", "approve", "retire", "restore", "validation")
    ],
    *[
        f"/bank/rubrics/behavioural-rubric/{a}/"
        for a in ("submit", "withdraw", "approve", "retire", "restore")
    ],
]


@pytest.mark.parametrize("persona", ["alice_client", "bob_client", "charlie_client"])
def test_candidates_and_reviewers_are_turned_away_from_every_bank_page(request, persona, carol, dave, topics):
    QuestionFactory(slug="some-question")
    services.rubric_create(data=_rubric(), author=carol)
    client = request.getfixturevalue(persona)
    for url in BANK_PAGES:
        assert client.get(url).status_code == 403, url
    for url in BANK_ACTIONS:
        assert client.post(url, {}).status_code == 403, url
    assert Question.objects.get().status == Status.PUBLISHED


def test_curators_open_every_bank_page(carol, carol_client, topics):
    QuestionFactory(slug="some-question")
    services.rubric_create(data=_rubric(), author=carol)
    for url in BANK_PAGES:
        assert carol_client.get(url).status_code in (200, 302), url


def _rubric():
    from .test_rubric_workflow import rubric_data

    return rubric_data()


def test_a_check_left_pending_or_whose_worker_died_is_sent_again_by_the_beat_job(
    carol, carol_client, topics, sandbox, time_machine
):
    from datetime import timedelta

    from django.utils import timezone

    from questionbank.coding_checks import coding_validations_requeue

    time_machine.move_to(timezone.now(), tick=False)
    carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})  # its send never happened
    version = Question.objects.get(slug="add-one").current_version
    assert coding_validations_requeue() == 0  # just saved: its own send may still be on the way
    time_machine.shift(timedelta(seconds=61))
    assert coding_validations_requeue() == 1  # sent (and run eagerly here)
    version.refresh_from_db()
    assert version.validation_status == ValidationStatus.PASSED

    # A worker that died mid-check leaves it running; past the stale limit it is put back and sent.
    version.validation_status, version.validation = (
        ValidationStatus.RUNNING,
        {"started_at": "2020-01-01T00:00:00+00:00"},
    )
    version.save(update_fields=["validation_status", "validation"])
    assert coding_validations_requeue() == 1
    version.refresh_from_db()
    assert version.validation_status == ValidationStatus.PASSED
