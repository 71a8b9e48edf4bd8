import pytest

from tests.bank_helpers import load_coding_problems


@pytest.fixture
def coding_bank(db, tmp_path):
    """A one-problem bank made from the shipped one: the stable softmax problem (10 tests, numpy)."""
    load_coding_problems(tmp_path, "stable-softmax")


@pytest.fixture
def coding_round(alice, coding_bank):
    from interviews.models import SessionQuestion
    from interviews.services import practice_start
    from questionbank.models import Question

    session = practice_start(candidate=alice, round_kind="coding")
    # Pin a known problem so tests can submit its reference solution.
    item = session.items.get()
    version = Question.objects.get(slug="stable-softmax").current_version
    assert version is not None
    item.question_version = version
    item.save(update_fields=["question_version"])
    return session, SessionQuestion.objects.select_related("question_version").get(pk=item.pk)


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """submission_create with its after-commit enqueue run (tests run inside a transaction)."""
    from scoring import grading

    def _submit(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            submission = grading.submission_create(**kwargs)
        submission.refresh_from_db()
        return submission

    return _submit
