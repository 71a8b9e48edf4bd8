"""The curator pages over HTTP: search and filters, create and edit with preview, the workflow buttons,
history and diffs, rubrics; query counts of list pages; everyone but curators is turned away."""

import pytest
from django.db import connection

from questionbank import services
from questionbank.models import Question, QuestionVersion, Rubric, Status
from tests.factories import QuestionFactory, TopicFactory

from .conftest import live_version, question_data

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
    topic = TopicFactory.create(slug="shared-topic", name="Shared topic")
    questions = [QuestionFactory.create(**kwargs) for _ in range(n)]
    for question in questions:
        live_version(question).topics.add(topic, TopicFactory.create())
    return questions


# ---- list, filters, search ------------------------------------------------------------------------------


def test_the_list_filters_by_round_topic_difficulty_status_and_text(carol_client):
    breadth = QuestionFactory.create(round_kind="ml_breadth", version__title="Dropout as an ensemble")
    design = QuestionFactory.create(
        round_kind="ml_system_design", status=Status.DRAFT, version__difficulty="hard"
    )
    TopicFactory.create(slug="regularisation", name="Regularisation")
    live_version(breadth).topics.add(TopicFactory.create(slug="regularisation"))
    breadth_title, design_title = live_version(breadth).title, live_version(design).title

    def titles(query):
        page = carol_client.get(f"/bank/?{query}").content.decode()
        return {title for title in (breadth_title, design_title) if title in page}

    assert titles("round=ml_system_design") == {design_title}
    assert titles("topic=regularisation") == {breadth_title}
    assert titles("difficulty=hard") == {design_title}
    assert titles("status=draft") == {design_title}
    assert titles("q=ensemble") == {breadth_title}
    assert titles("q=DROPOUT&round=ml_breadth") == {breadth_title}
    assert titles("round=nonsense&difficulty=impossible") == {breadth_title, design_title}


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
    version = live_version(question)
    assert question.status == Status.DRAFT and version.created_by == carol
    assert version.prompt_md == "Explain **dropout**.\n\n<script>alert(1)</script>\n"
    assert "<strong>dropout</strong>" in version.prompt_html and "<script>" not in version.prompt_html
    assert version.reviewer_notes == {
        "key_points": ["Randomly zeroes units during training.", "Acts as an ensemble."],
        "follow_ups": ["Why rescale at training time?"],
        "red_flags": [],
    }


def test_red_flag_examples_go_one_per_flag_and_show_as_how_the_flag_sounds(carol_client, topics):
    flags = {"red_flags": "Leaves dropout on at inference.\r\nCalls dropout a kind of L1.", "save": "1"}
    response = carol_client.post(
        "/bank/new/?round=ml_breadth",
        {**FORM, **flags, "red_flag_examples": "I keep dropout on when serving."},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["red_flag_examples"] == [
        "This list has 1 line(s) but there are 2 red flag(s): give one example per red flag, in the same order, "
        'and "-" for a red flag without one.'
    ]
    assert Question.objects.count() == 0
    response = carol_client.post(
        "/bank/new/?round=ml_breadth",
        {**FORM, **flags, "red_flag_examples": "I keep dropout on when serving.\r\n-"},
    )
    assert response.status_code == 302
    version = live_version(Question.objects.get(slug="new-question"))
    assert version.reviewer_notes["red_flag_examples"] == ["I keep dropout on when serving.", "-"]
    assert version.red_flags_with_examples == [
        ("Leaves dropout on at inference.", "I keep dropout on when serving."),
        ("Calls dropout a kind of L1.", ""),
    ]
    page = carol_client.get("/bank/new-question/").content.decode()
    assert "Sounds like: &ldquo;I keep dropout on when serving.&rdquo;" in page
    assert page.count("Sounds like") == 1


def test_key_point_examples_go_one_per_point_and_show_as_said_well(carol_client, topics):
    response = carol_client.post(
        "/bank/new/?round=ml_breadth", {**FORM, "key_point_examples": "Only one line.", "save": "1"}
    )
    assert response.status_code == 400
    assert (
        "has 1 line(s) but there are 2 key point(s)"
        in response.context["form"].errors["key_point_examples"][0]
    )
    said = "In training each unit is dropped with probability p, so no unit can lean on another.\r\n-"
    response = carol_client.post(
        "/bank/new/?round=ml_breadth", {**FORM, "key_point_examples": said, "save": "1"}
    )
    assert response.status_code == 302
    version = live_version(Question.objects.get(slug="new-question"))
    assert version.points_with_examples == [
        (
            "Randomly zeroes units during training.",
            "In training each unit is dropped with probability p, so no unit can lean on another.",
        ),
        ("Acts as an ensemble.", ""),
    ]
    page = carol_client.get("/bank/new-question/").content.decode()
    assert page.count("Said well: &ldquo;In training each unit") == 1


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
    assert live_version(question).number == 1
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
    assert rubric.status == Status.PUBLISHED and live_version(rubric).criteria[0]["weight"] == 2

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
