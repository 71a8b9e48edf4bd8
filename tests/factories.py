"""Minimal factories: only the fields a test does not care about are filled in here."""

import factory
from django.contrib.auth.models import User

from interviews.models import Profile
from questionbank.models import Question, QuestionVersion, RoundKind, Status, Topic
from questionbank.services import render_markdown


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.LazyAttribute(lambda t: t.slug.replace("-", " ").title())


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"question-{n}")
    round_kind = RoundKind.ML_BREADTH
    status = Status.PUBLISHED

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if not create:
            return
        version = QuestionVersionFactory(question=self, **kwargs)
        self.current_version = version
        self.save(update_fields=["current_version"])


class QuestionVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionVersion

    question = factory.SubFactory(QuestionFactory, version=None)
    number = 1
    title = factory.Sequence(lambda n: f"Question title {n}")
    prompt_md = "Explain the **bias-variance** trade-off."
    prompt_html = factory.LazyAttribute(lambda v: render_markdown(v.prompt_md))
    reviewer_notes = factory.LazyFunction(
        lambda: {"key_points": ["SECRET-NOTE: decomposition of error"], "follow_ups": [], "red_flags": []}
    )
    content_hash = factory.Sequence(lambda n: f"hash{n}")
