"""Personas: alice is a candidate, bob a reviewer, charlie an outsider candidate, carol a curator."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from interviews.services import reviewer_rounds_set
from questionbank.models import RoundKind
from questionbank.roles import CURATORS_GROUP

from .factories import persona


@pytest.fixture
def alice(db):
    return persona("alice")


@pytest.fixture
def bob(db):
    user = persona("bob")
    reviewer_rounds_set(user=user, round_kinds=[RoundKind.ML_BREADTH, RoundKind.CODING])
    return user


@pytest.fixture
def charlie(db):
    return persona("charlie")


@pytest.fixture
def carol(db):
    user = persona("carol")
    user.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    return user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return _client_for(alice)


@pytest.fixture
def bob_client(bob):
    return _client_for(bob)


@pytest.fixture
def charlie_client(charlie):
    return _client_for(charlie)


@pytest.fixture
def carol_client(carol):
    return _client_for(carol)


@pytest.fixture
def breadth_questions(db):
    from questionbank.models import RoundKind

    from .factories import QuestionFactory

    return [QuestionFactory(round_kind=RoundKind.ML_BREADTH) for _ in range(8)]


@pytest.fixture
def alice_round(alice, breadth_questions):
    from interviews.services import practice_start

    return practice_start(candidate=alice, round_kind="ml_breadth")


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Process-level caches keyed by row ids must not outlive the test database they were filled from."""
    from scoring import grading

    grading._TESTS_CACHE.clear()
    yield
    grading._TESTS_CACHE.clear()


@pytest.fixture
def session_queries(settings) -> int:
    """Queries a logged-in request spends reading its login session: 1 from the database, 0 through the cache
    (`cached_db`, used when Redis is configured). Absolute query counts add this."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


@pytest.fixture
def broker_down():
    """Celery sends for real (not eagerly) to a broker port where nothing listens, as when Redis is down."""
    import socket

    from config.celery import app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free now, and nothing will listen there
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = f"redis://127.0.0.1:{port}/0", False
    app._pool = app.amqp._producer_pool = None  # pooled per URL: forget the old ones
    yield port
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = app.amqp._producer_pool = None
