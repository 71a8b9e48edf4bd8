"""Several wrong solutions per coding problem (wrong/<what_is_wrong>.py): written in the curator's form as
one text with a marker line per file, sent to the API as files, kept in the spec as `wrongs`, and stored
specs of the single-wrong.py format converted by the data migration."""

import importlib

import pytest
from django.apps import apps

from questionbank.bankfiles.writing import join_wrong_files, split_wrong_files
from questionbank.models import Question, QuestionVersion
from tests.api.conftest import client_for

from .conftest import live_version, question_data, spec_of
from .test_coding_pages import CODING_FORM

pytestmark = pytest.mark.django_db


def test_wrong_files_round_trip_through_the_form_text():
    wrongs = {"off_by_one.py": "def f(x):\n    return x + 2\n", "no_newline.py": "def f(x):\n    return 0\n"}
    text = join_wrong_files(wrongs)
    assert text.startswith("# === wrong/off_by_one.py ===\ndef f(x):")
    assert split_wrong_files(text) == (wrongs, [])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("def f(x):\n    return 1\n", "line 1: start each wrong solution with a line '# === wrong/"),
        ("# === wrong/Off-By-One.py ===\ndef f(x): ...\n", "line 1: wrong/Off-By-One.py: name each wrong"),
        ("# === wrong/../../escape.py ===\ndef f(x): ...\n", "name each wrong solution after its mistake"),
        ("# === wrong/a.py ===\nA = 1\n# === wrong/a.py ===\nA = 2\n", "line 3: wrong/a.py appears twice"),
    ],
)
def test_a_badly_marked_wrong_solution_text_says_what_to_fix(text, words):
    _, errors = split_wrong_files(text)
    assert any(words in e for e in errors), errors


def test_the_form_needs_wrong_solutions_and_names_the_folder(carol_client, topics):
    response = carol_client.post("/bank/coding/new/", {**CODING_FORM, "wrongs": "", "save": "1"})
    assert response.status_code == 400
    errors = response.context["form"].errors["wrongs"]
    assert errors and Question.objects.count() == 0


def test_the_form_reports_a_broken_wrong_solution_by_its_file(carol_client, topics):
    text = CODING_FORM["wrongs"].replace("return x + 2", "return x +")
    response = carol_client.post("/bank/coding/new/", {**CODING_FORM, "wrongs": text, "save": "1"})
    assert response.status_code == 400
    errors = response.context["form"].errors["wrongs"]
    assert any(e.startswith("wrong/plus_two.py: line 2: syntax error") for e in errors), errors


def test_the_edit_page_shows_every_wrong_solution_under_its_marker(carol_client, topics):
    assert carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"}).status_code == 302
    spec = spec_of(live_version(Question.objects.get(slug="add-one")))
    assert sorted(spec["wrongs"]) == ["abs_value", "plus_two", "returns_input"]
    page = carol_client.get("/bank/add-one/edit/").content.decode()
    for name in spec["wrongs"]:
        assert f"# === wrong/{name}.py ===" in page


def _api_files():
    wrongs, _ = split_wrong_files(CODING_FORM["wrongs"])
    return {
        "problem.yaml": CODING_FORM["problem_yaml"],
        "statement.md": CODING_FORM["statement_md"],
        "starter.py": CODING_FORM["starter_py"],
        "reference.py": CODING_FORM["reference_py"],
        **{f"wrong/{name}": code for name, code in wrongs.items()},
    }


def test_the_api_takes_wrong_solutions_as_files(carol, topics):
    api = client_for(carol)
    body = {
        "slug": "add-one",
        "round_kind": "coding",
        "files": _api_files(),
        "reviewer_notes": {"key_points": ["x"]},
    }
    response = api.post("/api/bank/questions/", body, format="json")
    assert response.status_code == 201, response.json()
    spec = spec_of(live_version(Question.objects.get(slug="add-one")))
    assert sorted(spec["wrongs"]) == ["abs_value", "plus_two", "returns_input"]


def test_the_api_refuses_the_old_wrong_py_and_says_where_it_goes(carol, topics):
    api = client_for(carol)
    files = {**_api_files(), "wrong.py": "def add_one(x):\n    return 0\n"}
    body = {"slug": "add-one", "round_kind": "coding", "files": files}
    response = api.post("/api/bank/questions/", body, format="json")
    assert response.status_code == 400
    assert "wrong.py" in str(response.json()) and "wrong/<name>.py" in str(response.json())


def test_the_data_migration_moves_a_stored_single_wrong_solution_into_wrongs(carol, topics):
    from questionbank import services

    spec = {"tests": [], "statement": "S", "starter": "", "reference": "R = 1\n", "wrong": "R = 2\n"}
    question = services.question_create(
        data=question_data(slug="old-code", round_kind="coding", coding_spec=spec, problem_yaml="x: 1\n"),
        author=carol,
    )
    version = live_version(question)
    QuestionVersion.objects.filter(id=version.id).update(validation={"wrong": {"passed": 0, "total": 1}})
    old_hash = version.content_hash
    migration = importlib.import_module("questionbank.migrations.0003_coding_spec_wrong_solutions_folder")

    migration.forwards(apps, None)
    version.refresh_from_db()
    assert spec_of(version)["wrongs"] == {"wrong": "R = 2\n"} and "wrong" not in spec_of(version)
    assert version.validation == {"wrongs": {"wrong": {"passed": 0, "total": 1}}}
    assert version.content_hash != old_hash
    changed = services.question_update(
        question=question,
        data=question_data(
            slug="old-code", round_kind="coding", coding_spec=version.coding_spec, problem_yaml="x: 1\n"
        ),
        author=carol,
    )
    assert changed is None, "the same content after the migration is not a new version"

    migration.backwards(apps, None)
    version.refresh_from_db()
    assert spec_of(version)["wrong"] == "R = 2\n" and version.content_hash == old_hash
