"""Minimal factories: only the fields a test does not care about are filled in here.

`XFactory(...)` and `XFactory.create(...)` do the same; the second is typed (it returns the model), so use it
where the result's attributes are read.
"""

from typing import Any

from django.contrib.auth.models import User
from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password
from factory.helpers import post_generation

from interviews.models import Profile
from questionbank.models import Question, QuestionVersion, RoundKind, Status, Topic
from questionbank.rendering import render_markdown


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = Sequence(lambda n: f"user{n}")
    email = LazyAttribute(lambda u: f"{u.username}@example.com")
    password = Password("correct horse battery")


class ProfileFactory(DjangoModelFactory[Profile]):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = SubFactory(UserFactory)


def persona(username: str) -> User:
    """A user with a profile, as every signed-up user has."""
    user = UserFactory.create(username=username)
    ProfileFactory.create(user=user)
    return user


class TopicFactory(DjangoModelFactory[Topic]):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = Sequence(lambda n: f"topic-{n}")
    name = LazyAttribute(lambda t: t.slug.replace("-", " ").title())


def _add_version(question: Question, create: bool, extracted: Any, **kwargs: Any) -> None:
    if not create:
        return
    question.current_version = QuestionVersionFactory.create(question=question, **kwargs)
    question.save(update_fields=["current_version"])


class QuestionFactory(DjangoModelFactory[Question]):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    slug = Sequence(lambda n: f"question-{n}")
    round_kind = RoundKind.ML_BREADTH
    status = Status.PUBLISHED
    version = post_generation(_add_version)


class QuestionVersionFactory(DjangoModelFactory[QuestionVersion]):
    class Meta:
        model = QuestionVersion

    question = SubFactory(QuestionFactory, version=None)
    number = 1
    title = Sequence(lambda n: f"Question title {n}")
    prompt_md = "Explain the **bias-variance** trade-off."
    prompt_html = LazyAttribute(lambda v: render_markdown(v.prompt_md))
    reviewer_notes = LazyFunction(
        lambda: {"key_points": ["SECRET-NOTE: decomposition of error"], "follow_ups": [], "red_flags": []}
    )
    content_hash = Sequence(lambda n: f"hash{n}")
