"""The curation workflow: draft, review by another curator, published, retired; versions pinned."""

import pytest
from django.core.exceptions import PermissionDenied

from config.errors import ApplicationError
from interviews.services import practice_start
from questionbank import services
from questionbank.coding_checks import coding_validation_request
from questionbank.models import Question, Status, ValidationStatus

from .conftest import live_version, question_data

pytestmark = pytest.mark.django_db


def published_question(carol, dave, topics, **overrides) -> Question:
    question = services.question_create(data=question_data(**overrides), author=carol)
    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    question.refresh_from_db()
    return question


def test_a_new_question_is_a_draft_that_no_session_draws(carol, alice, topics):
    question = services.question_create(data=question_data(), author=carol)
    assert question.status == Status.DRAFT
    assert live_version(question).number == 1
    assert live_version(question).created_by == carol
    with pytest.raises(ApplicationError, match="no published questions"):
        practice_start(candidate=alice, round_kind="ml_breadth")


def test_another_curator_approves_and_the_question_is_published(carol, dave, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    question.refresh_from_db()
    assert question.status == Status.IN_REVIEW

    version = services.question_approve(question=question, user=dave)

    question.refresh_from_db()
    assert question.status == Status.PUBLISHED
    assert question.current_version == version
    assert version.approved_by == dave and version.submitted_by == carol


def test_the_author_cannot_approve_their_own_question(carol, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    with pytest.raises(ApplicationError, match="another curator must approve") as info:
        services.question_approve(question=question, user=carol)
    assert info.value.status == 403
    question.refresh_from_db()
    assert question.status == Status.IN_REVIEW
    assert live_version(question).approved_at is None


def test_whoever_submitted_the_changes_cannot_approve_them_either(carol, dave, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=dave)
    with pytest.raises(ApplicationError, match="another curator"):
        services.question_approve(question=question, user=dave)


def test_a_co_author_of_any_pending_version_cannot_approve(carol, dave, topics, django_user_model):
    from django.contrib.auth.models import Group

    erin = django_user_model.objects.create_user("erin")
    erin.groups.add(Group.objects.get(name="curators"))
    question = published_question(carol, dave, topics)
    services.question_update(question=question, data=question_data(title="Edited by dave"), author=dave)
    services.question_update(question=question, data=question_data(title="Then by carol"), author=carol)
    services.question_submit(question=question, user=carol)
    with pytest.raises(ApplicationError):
        services.question_approve(question=question, user=dave)  # wrote version 2
    services.question_approve(question=question, user=erin)
    question.refresh_from_db()
    assert live_version(question).title == "Then by carol"


def test_candidates_and_reviewers_cannot_curate(carol, alice, bob, topics):
    for user in (alice, bob):
        with pytest.raises(PermissionDenied):  # a 403 on the pages and the API
            services.question_create(data=question_data(slug=f"by-{user.username}"), author=user)
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    with pytest.raises(PermissionDenied):
        services.question_approve(question=question, user=bob)


def test_editing_a_published_question_makes_a_pending_version(carol, dave, topics):
    question = published_question(carol, dave, topics)
    version = services.question_update(
        question=question, data=question_data(prompt_md="Explain overfitting.\n"), author=carol
    )
    question.refresh_from_db()
    assert version is not None and version.number == 2
    assert question.status == Status.PUBLISHED
    assert live_version(question).number == 1, "the live version stays until the edit is approved"
    assert version.review_state == Status.DRAFT


def test_saving_the_same_content_makes_no_version(carol, dave, topics):
    question = published_question(carol, dave, topics)
    assert services.question_update(question=question, data=question_data(), author=carol) is None
    assert question.versions.count() == 1


def test_sessions_keep_the_version_they_pinned(carol, dave, alice, charlie, topics):
    question = published_question(carol, dave, topics)
    old_session = practice_start(candidate=alice, round_kind="ml_breadth")
    services.question_update(question=question, data=question_data(title="Sharper wording"), author=carol)

    # Before approval, new sessions still get version 1.
    assert practice_start(candidate=charlie, round_kind="ml_breadth").items.get().question_version.number == 1

    services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    new_session = practice_start(candidate=alice, round_kind="ml_breadth")

    assert new_session.items.get().question_version.title == "Sharper wording"
    assert new_session.items.get().question_version.number == 2
    old_item = old_session.items.get()
    old_item.refresh_from_db()
    assert old_item.question_version.number == 1
    assert old_item.question_version.title == "Bias and variance"


def test_editing_a_question_in_review_sends_it_back_to_draft(carol, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    services.question_update(question=question, data=question_data(title="Changed in review"), author=carol)
    question.refresh_from_db()
    assert question.status == Status.DRAFT
    assert live_version(question).number == 2 and live_version(question).submitted_at is None


def test_withdrawing_takes_a_question_out_of_review(carol, dave, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    services.question_withdraw(question=question, user=dave)
    question.refresh_from_db()
    assert question.status == Status.DRAFT
    with pytest.raises(ApplicationError, match="Nothing is waiting"):
        services.question_approve(question=question, user=dave)


def test_submitting_twice_or_with_nothing_pending_is_refused(carol, dave, topics):
    question = services.question_create(data=question_data(), author=carol)
    services.question_submit(question=question, user=carol)
    with pytest.raises(ApplicationError, match="already waiting"):
        services.question_submit(question=question, user=carol)
    services.question_approve(question=question, user=dave)
    with pytest.raises(ApplicationError, match="no unpublished changes"):
        services.question_submit(question=question, user=carol)


def test_a_retired_question_is_no_longer_drawn_and_can_be_restored(carol, dave, alice, topics):
    question = published_question(carol, dave, topics)
    services.question_retire(question=question, user=carol)
    question.refresh_from_db()
    assert question.status == Status.RETIRED
    with pytest.raises(ApplicationError):
        practice_start(candidate=alice, round_kind="ml_breadth")
    with pytest.raises(ApplicationError, match="retired"):
        services.question_update(question=question, data=question_data(title="x"), author=carol)
    services.question_restore(question=question, user=dave)
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED
    assert practice_start(candidate=alice, round_kind="ml_breadth").items.count() == 1


def test_only_published_questions_can_be_retired(carol, topics):
    question = services.question_create(data=question_data(), author=carol)
    with pytest.raises(ApplicationError, match="Only a published"):
        services.question_retire(question=question, user=carol)


def test_a_slug_is_unique_and_page_names_are_reserved(carol, topics):
    services.question_create(data=question_data(), author=carol)
    with pytest.raises(ApplicationError, match="already used"):
        services.question_create(data=question_data(), author=carol)
    with pytest.raises(ApplicationError, match="reserved"):
        services.question_create(data=question_data(slug="rubrics"), author=carol)


def test_a_coding_problem_is_published_only_after_its_sandbox_check_passed(carol, dave, topics):
    data = question_data(
        slug="tiny-coding",
        round_kind="coding",
        coding_spec={"slug": "tiny-coding", "tests": []},
        problem_yaml="slug: tiny-coding\n",
    )
    question = services.question_create(data=data, author=carol)
    version = live_version(question)
    assert version.validation_status == ValidationStatus.PENDING
    services.question_submit(question=question, user=carol)
    with pytest.raises(ApplicationError, match="sandbox") as info:
        services.question_approve(question=question, user=dave)
    assert info.value.status == 409

    version.validation_status = ValidationStatus.FAILED
    version.save(update_fields=["validation_status"])
    with pytest.raises(ApplicationError, match="sandbox"):
        services.question_approve(question=question, user=dave)

    version.validation_status = ValidationStatus.PASSED
    version.save(update_fields=["validation_status"])
    services.question_approve(question=question, user=dave)
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED


def test_the_check_of_an_older_version_does_not_count_for_a_newer_one(carol, dave, topics):
    data = question_data(
        slug="tiny-coding", round_kind="coding", coding_spec={"tests": []}, problem_yaml="a: 1\n"
    )
    question = services.question_create(data=data, author=carol)
    live_version(question).validation_status = ValidationStatus.PASSED
    live_version(question).save(update_fields=["validation_status"])
    changed = question_data(
        slug="tiny-coding", round_kind="coding", coding_spec={"tests": [1]}, problem_yaml="a: 2\n"
    )
    services.question_update(question=question, data=changed, author=carol)
    services.question_submit(question=question, user=carol)
    with pytest.raises(ApplicationError, match="sandbox"):
        services.question_approve(question=question, user=dave)


def test_only_a_coding_problem_can_ask_for_the_sandbox_check(carol, topics):
    question = services.question_create(data=question_data(), author=carol)
    with pytest.raises(ApplicationError, match="Only coding problems") as info:
        coding_validation_request(question=question, user=carol)
    assert info.value.status == 409  # the wrong kind of item: a conflict, not malformed input
