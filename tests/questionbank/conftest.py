"""A second curator, and builders for bank data written the way a curator's form writes it."""

from typing import Any, overload

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from questionbank.bankfiles.data import QuestionData
from questionbank.models import Question, QuestionVersion, RoundKind, Rubric, RubricVersion, Topic
from questionbank.roles import CURATORS_GROUP
from tests.factories import ProfileFactory, UserFactory

# A valid question file of the smallest kind, for bank folders written by tests.
TINY_QUESTION_FILE = """---
slug: tiny-question
round: ml_breadth
title: A tiny question
difficulty: easy
topics: [bias-variance]
minutes: 4
reviewer_notes:
  key_points: [Say something true.]
---
What is bias?
"""


@pytest.fixture
def dave(db):
    """Another curator: approvals need a different curator from the author."""
    user = UserFactory.create(username="dave")
    ProfileFactory(user=user)
    user.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    return user


@pytest.fixture
def dave_client(dave):
    client = Client()
    client.force_login(dave)
    return client


@pytest.fixture(scope="session")
def sandbox():
    """The sandbox grading would use; tests that run problem code skip (with the reason) without one."""
    from scoring.sandboxing import sandbox_status

    status = sandbox_status()
    if not status.usable:
        pytest.skip(f"no usable sandbox: {status.detail}")
    return status


@pytest.fixture
def topics(db):
    return {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("bias-variance", "Bias and variance"), ("regularisation", "Regularisation")]
    }


def question_data(slug="bias-question", **overrides) -> QuestionData:
    fields = {
        "slug": slug,
        "round_kind": RoundKind.ML_BREADTH,
        "title": "Bias and variance",
        "prompt_md": "Explain the **bias-variance** trade-off.\n",
        "difficulty": "easy",
        "level": "mid",
        "domain": "",
        "minutes": 5,
        "topics": ["bias-variance"],
        "reviewer_notes": {
            "key_points": ["SECRET-NOTE: error splits three ways"],
            "follow_ups": [],
            "red_flags": [],
        },
        "section_notes": {},
    }
    fields.update(overrides)
    return QuestionData(**fields)


@overload
def live_version(item: Question) -> QuestionVersion: ...
@overload
def live_version(item: Rubric) -> RubricVersion: ...
def live_version(item: Question | Rubric) -> QuestionVersion | RubricVersion:
    """The item's current version; the test fails when it has none."""
    assert item.current_version is not None, f"{item} has no current version"
    return item.current_version


def spec_of(version: QuestionVersion) -> dict[str, Any]:
    """A coding version's problem spec; the test fails when the version is not a coding one."""
    assert version.coding_spec is not None, f"{version} is not a coding problem"
    spec: dict[str, Any] = version.coding_spec
    return spec
