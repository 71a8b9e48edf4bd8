"""Rubrics follow the same workflow as questions: another curator approves, reviews keep their version."""

import pytest

from config.errors import ApplicationError
from questionbank import services
from questionbank.bankfiles.data import RubricData
from questionbank.models import Rubric, Status

pytestmark = pytest.mark.django_db

LEVELS = {"1": "Poor.", "2": "Fair.", "3": "Good.", "4": "Excellent."}


def rubric_data(title="Behavioural round", weight=2) -> RubricData:
    criteria = [
        {"key": "structure", "title": "Structure", "weight": weight, "from_grader": False, "levels": LEVELS}
    ]
    return RubricData(slug="behavioural-rubric", round_kind="behavioural", title=title, criteria=criteria)


def test_a_rubric_is_approved_by_another_curator(carol, dave):
    rubric = services.rubric_create(data=rubric_data(), author=carol)
    assert rubric.status == Status.DRAFT
    services.rubric_submit(rubric=rubric, user=carol)
    with pytest.raises(ApplicationError, match="another curator"):
        services.rubric_approve(rubric=rubric, user=carol)
    services.rubric_approve(rubric=rubric, user=dave)
    rubric.refresh_from_db()
    assert rubric.status == Status.PUBLISHED


def test_editing_a_published_rubric_keeps_the_live_version_until_approval(carol, dave):
    rubric = services.rubric_create(data=rubric_data(), author=carol)
    services.rubric_submit(rubric=rubric, user=carol)
    live = services.rubric_approve(rubric=rubric, user=dave)

    pending = services.rubric_update(rubric=rubric, data=rubric_data(weight=3), author=dave)
    rubric.refresh_from_db()
    assert pending is not None and pending.number == 2 and rubric.current_version == live

    services.rubric_submit(rubric=rubric, user=dave)
    services.rubric_approve(rubric=rubric, user=carol)
    rubric.refresh_from_db()
    assert rubric.current_version == pending
    assert rubric.current_version.criteria[0]["weight"] == 3


def test_one_rubric_per_round(carol):
    services.rubric_create(data=rubric_data(), author=carol)
    with pytest.raises(ApplicationError, match="already has a rubric"):
        services.rubric_create(data=rubric_data(), author=carol)
    assert Rubric.objects.count() == 1
