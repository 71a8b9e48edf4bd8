"""The bank as plain files: import validates everything first and is all-or-nothing and idempotent;
export then import gives the same bank, and export, import, export gives byte-identical files."""

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from questionbank import services
from questionbank.bankfiles.data import DESIGN_KEYS
from questionbank.bankfiles.reading import read_bank
from questionbank.exporting import bank_export
from questionbank.importing import BANK_DIR, bank_import, bank_load
from questionbank.models import (
    CandidateQuestion,
    Question,
    QuestionVersion,
    RedFlag,
    Rubric,
    RubricVersion,
    Status,
    Topic,
    ValidationStatus,
)

from .conftest import TINY_QUESTION_FILE, live_version, question_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_bank(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    (root / "questions" / "ml_breadth").mkdir(parents=True)
    (root / "topics.yaml").write_text(
        "- {slug: bias-variance, name: Bias and variance}\n- {slug: neural-networks, name: Neural networks}\n"
        "- {slug: numpy, name: numpy}\n"
    )
    (root / "questions" / "ml_breadth" / "tiny-question.md").write_text(TINY_QUESTION_FILE)
    return root


DESIGN_NOTES = {key: f"{key}: what a strong answer covers, said at length. " * 3 for key in DESIGN_KEYS}


def with_coding_problem(root: Path, slug: str = "stable-softmax") -> Path:
    shutil.copytree(BANK_DIR / "coding" / slug, root / "coding" / slug)
    return root / "coding" / slug


def wipe_bank() -> None:
    """An empty database, as on a new machine."""
    Question.objects.all().delete()
    Rubric.objects.all().delete()
    for model in (Topic, RedFlag, CandidateQuestion):
        model.objects.all().delete()


def snapshot() -> dict[str, Any]:
    """Everything that makes the bank the bank: items, statuses, live content, topics and lists."""
    questions = {
        q.slug: (q.round_kind, q.status, live_version(q).content_hash, live_version(q).title)
        for q in Question.objects.select_related("current_version")
    }
    rubrics = {
        r.slug: (r.round_kind, r.status, live_version(r).content_hash, live_version(r).criteria)
        for r in Rubric.objects.select_related("current_version")
    }
    return {
        "questions": questions,
        "rubrics": rubrics,
        "topics": list(Topic.objects.order_by("id").values_list("slug", "name")),
        "red_flags": list(RedFlag.objects.values_list("key", "text", "position")),
        "candidate_questions": list(CandidateQuestion.objects.values_list("text", "why", "position")),
    }


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def import_problems(root: Path) -> str:
    with pytest.raises(CommandError) as info:
        call_command("import_bank", str(root))
    return str(info.value)


# ---- round trip ---------------------------------------------------------------------------------------


def test_the_shipped_bank_round_trips_through_files(tmp_path):
    bank_load()
    before = snapshot()
    call_command("export_bank", str(tmp_path / "first"))

    wipe_bank()
    call_command("import_bank", str(tmp_path / "first"), "--skip-sandbox-check")
    assert snapshot() == before, "export then import gives an identical bank"

    call_command("export_bank", str(tmp_path / "second"))
    assert read_tree(tmp_path / "second") == read_tree(tmp_path / "first"), "byte-identical files"


def test_curated_states_and_versions_survive_the_round_trip(tmp_path, carol, dave, topics):
    # A published question with an approved edit and a pending one, a draft, a retired one, one in review.
    live = services.question_create(data=question_data("live-one"), author=carol)
    services.question_submit(question=live, user=carol)
    services.question_approve(question=live, user=dave)
    services.question_update(
        question=live, data=question_data("live-one", title="Second wording"), author=carol
    )
    services.question_submit(question=live, user=carol)
    services.question_approve(question=live, user=dave)
    services.question_update(
        question=live, data=question_data("live-one", title="Pending wording"), author=dave
    )
    services.question_create(
        data=question_data("a-draft", prompt_md="Line one\r\n\r\nLine two  \n"), author=carol
    )
    retired = services.question_create(data=question_data("old-one"), author=carol)
    services.question_submit(question=retired, user=carol)
    services.question_approve(question=retired, user=dave)
    services.question_retire(question=retired, user=dave)
    in_review = services.question_create(
        data=question_data("design-one", round_kind="ml_system_design", section_notes=DESIGN_NOTES),
        author=carol,
    )
    services.question_submit(question=in_review, user=carol)
    before = snapshot()
    assert before["questions"]["live-one"][1:] == (
        Status.PUBLISHED,
        before["questions"]["live-one"][2],
        "Second wording",
    )

    bank_export(root=tmp_path / "first")
    wipe_bank()
    summary = bank_import(bank=read_bank(tmp_path / "first"))
    assert sorted(summary.created) == ["a-draft", "design-one", "live-one", "old-one"]
    assert snapshot() == before
    bank_export(root=tmp_path / "second")
    assert read_tree(tmp_path / "second") == read_tree(tmp_path / "first")


def test_importing_the_same_folder_twice_changes_nothing(small_bank):
    call_command("import_bank", str(small_bank))
    versions = QuestionVersion.objects.count()
    out = io.StringIO()
    call_command("import_bank", str(small_bank), stdout=out)
    assert "Nothing to do" in out.getvalue()
    assert QuestionVersion.objects.count() == versions


def test_a_status_in_the_files_is_applied(small_bank):
    call_command("import_bank", str(small_bank))
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("minutes: 4\n", "minutes: 4\nstatus: retired\n"))
    call_command("import_bank", str(small_bank))
    question = Question.objects.get()
    assert question.status == Status.RETIRED and question.versions.count() == 1


def test_a_changed_rubric_becomes_a_new_rubric_version(tmp_path):
    root = tmp_path / "bank"
    shutil.copytree(BANK_DIR, root, ignore=shutil.ignore_patterns("coding"))
    call_command("import_bank", str(root))
    path = root / "rubrics" / "behavioural.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))
    call_command("import_bank", str(root))
    rubric = Rubric.objects.get(round_kind="behavioural")
    assert live_version(rubric).number == 2 and live_version(rubric).title.startswith("Renamed")
    assert RubricVersion.objects.filter(rubric=rubric).count() == 2


def test_exporting_into_a_folder_that_is_not_empty_is_refused(tmp_path, small_bank):
    call_command("import_bank", str(small_bank))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_bank", str(tmp_path / "out"))


# ---- import errors: each with its file, line, field and message, and nothing imported ------------------


def test_bad_yaml_is_reported_with_file_and_line_and_nothing_is_imported(small_bank):
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("minutes: 4", "minutes: [4"))
    message = import_problems(small_bank)
    assert "Nothing was imported: 1 problem(s) found." in message
    assert (
        "questions/ml_breadth/tiny-question.md:8: invalid YAML: expected ',' or ']', but got ':'" in message
    )
    assert Question.objects.count() == 0 and Topic.objects.count() == 0


def test_a_missing_field_is_named_and_nothing_is_imported(small_bank):
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("difficulty: easy\n", ""))
    message = import_problems(small_bank)
    assert "questions/ml_breadth/tiny-question.md:2: difficulty: is required" in message
    assert Question.objects.count() == 0


def test_an_unknown_topic_is_named_and_nothing_is_imported(small_bank):
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(TINY_QUESTION_FILE.replace("[bias-variance]", "[astrology]"))
    message = import_problems(small_bank)
    assert (
        "questions/ml_breadth/tiny-question.md:6: topics: unknown topic 'astrology' (add it to topics.yaml)"
        in message
    )
    assert Question.objects.count() == 0


def test_an_unknown_topic_in_a_coding_problem_is_named(small_bank):
    folder = with_coding_problem(small_bank)
    problem = folder / "problem.yaml"
    problem.write_text(
        problem.read_text().replace("topics: [neural-networks, numpy]", "topics: [numpy, tarot]")
    )
    message = import_problems(small_bank)
    assert (
        "coding/stable-softmax/problem.yaml:6: topics[1]: unknown topic 'tarot' (not in topics.yaml)"
        in message
    )
    assert Question.objects.count() == 0


def test_one_bad_file_among_many_imports_nothing_even_into_an_existing_bank(tmp_path, small_bank):
    call_command("import_bank", str(small_bank))
    (small_bank / "questions" / "ml_breadth" / "second.md").write_text(
        TINY_QUESTION_FILE.replace("tiny-question", "second")
    )
    path = small_bank / "questions" / "ml_breadth" / "tiny-question.md"
    path.write_text(
        TINY_QUESTION_FILE.replace("What is bias?", "What is variance?").replace(
            "round: ml_breadth", "round: karaoke"
        )
    )
    message = import_problems(small_bank)
    assert "'karaoke' is not one of" in message
    assert list(Question.objects.values_list("slug", flat=True)) == ["tiny-question"]
    assert live_version(Question.objects.get()).prompt_md == "What is bias?\n"


def test_a_coding_problem_whose_reference_fails_is_reported_and_nothing_is_imported(small_bank, sandbox):
    folder = with_coding_problem(small_bank)
    (folder / "reference.py").write_text((folder / "wrong" / "unstable_exp.py").read_text())
    message = import_problems(small_bank)
    assert "coding/stable-softmax/reference.py: the reference solution fails" in message
    assert "'huge logits (exp overflows)' (WA)" in message
    assert Question.objects.count() == 0


def test_a_coding_problem_whose_wrong_solution_passes_is_reported(small_bank, sandbox):
    folder = with_coding_problem(small_bank)
    (folder / "wrong" / "unstable_exp.py").write_text((folder / "reference.py").read_text())
    message = import_problems(small_bank)
    assert "coding/stable-softmax/wrong/unstable_exp.py: wrong/unstable_exp.py passes every test" in message
    assert Question.objects.count() == 0


def test_an_imported_coding_problem_keeps_the_outcome_of_its_check(small_bank, sandbox):
    with_coding_problem(small_bank)
    out = io.StringIO()
    call_command("import_bank", str(small_bank), stdout=out)
    assert "1 coding problems checked in the sandbox" in out.getvalue()
    version = live_version(Question.objects.get(slug="stable-softmax"))
    assert version.validation_status == ValidationStatus.PASSED
    assert version.validation["reference"]["passed"] == version.validation["reference"]["total"]
    assert version.validation["wrongs"], "every wrong solution's outcome is kept"
    for outcome in version.validation["wrongs"].values():
        assert outcome["passed"] < outcome["total"]


def test_a_draft_coding_problem_is_imported_without_running_it(small_bank):
    folder = with_coding_problem(small_bank)
    (folder / "reference.py").write_text((folder / "wrong" / "unstable_exp.py").read_text())
    (folder / "curation.yaml").write_text("status: draft\nminutes: 30\n")
    call_command("import_bank", str(small_bank))
    question = Question.objects.get(slug="stable-softmax")
    assert question.status == Status.DRAFT
    assert live_version(question).validation_status == ValidationStatus.PENDING
    assert live_version(question).minutes == 30


# ---- zip download and upload ------------------------------------------------------------------------


def test_the_bank_downloads_as_a_zip_and_uploads_again(carol_client, small_bank):
    call_command("import_bank", str(small_bank))
    before = snapshot()
    response = carol_client.get("/bank/export.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "bank/questions/ml_breadth/tiny-question.md" in names and "bank/topics.yaml" in names

    wipe_bank()
    upload = io.BytesIO(data)
    upload.name = "bank.zip"
    response = carol_client.post("/bank/import/", {"archive": upload})
    assert response.status_code == 302
    assert snapshot() == before
    assert carol_client.get("/bank/export.zip").content == data, "the same bank zips to the same bytes"

    upload = io.BytesIO(data)
    upload.name = "bank.zip"
    response = carol_client.post("/bank/import/", {"archive": upload}, follow=True)
    assert "nothing changed" in response.content.decode()


def test_a_broken_upload_lists_every_problem_and_imports_nothing(carol_client, small_bank):
    (small_bank / "questions" / "ml_breadth" / "tiny-question.md").write_text(
        TINY_QUESTION_FILE.replace("easy", "trivial")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in small_bank.rglob("*"):
            if path.is_file():
                archive.write(path, f"bank/{path.relative_to(small_bank).as_posix()}")
    buffer.seek(0)
    buffer.name = "bank.zip"
    response = carol_client.post("/bank/import/", {"archive": buffer})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 1 problem found." in page
    assert "questions/ml_breadth/tiny-question.md:5: difficulty: &#x27;trivial&#x27; is not one of" in page
    assert Question.objects.count() == 0


def test_an_upload_that_is_not_a_safe_zip_is_refused(carol_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../escape.yaml", "x")
    buffer.seek(0)
    buffer.name = "evil.zip"
    response = carol_client.post("/bank/import/", {"archive": buffer})
    assert response.status_code == 400 and "unsafe path" in response.content.decode()
    not_zip = io.BytesIO(b"plain text")
    not_zip.name = "bank.zip"
    assert "not a zip file" in carol_client.post("/bank/import/", {"archive": not_zip}).content.decode()


@pytest.mark.parametrize("persona", ["alice_client", "bob_client"])
def test_only_curators_download_or_upload_the_bank(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get("/bank/export.zip").status_code == 403
    assert client.post("/bank/import/", {}).status_code == 403
