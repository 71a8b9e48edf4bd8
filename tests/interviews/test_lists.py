"""List pages keep a constant number of queries however much data there is."""

import pytest
from django.test import Client

from interviews.services import answer_save, practice_start, session_submit

pytestmark = pytest.mark.django_db


def _rounds(user, n):
    for _ in range(n):
        session = practice_start(candidate=user, round_kind="ml_breadth")
        for item in session.items.all():
            answer_save(session=session, item=item, text="an answer")
        session_submit(session=session)


def _count_queries(client: Client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/sessions/", "/dashboard/"])
def test_candidate_lists_use_constant_queries(
    alice_client, alice, breadth_questions, path, django_assert_num_queries
):
    _rounds(alice, 1)
    baseline = _count_queries(alice_client, path)
    _rounds(alice, 4)
    with django_assert_num_queries(baseline):
        alice_client.get(path)


def test_results_page_uses_constant_queries(
    alice_client, alice, breadth_questions, django_assert_num_queries
):
    from interviews.models import InterviewSession

    _rounds(alice, 1)
    first = InterviewSession.objects.get()
    baseline = _count_queries(alice_client, f"/sessions/{first.pk}/results/")
    _rounds(alice, 1)
    latest = InterviewSession.objects.order_by("-pk")[0]
    with django_assert_num_queries(baseline):
        alice_client.get(f"/sessions/{latest.pk}/results/")


def test_bank_list_uses_constant_queries(carol_client, django_assert_num_queries):
    from tests.factories import QuestionFactory, TopicFactory

    def tagged_question(*topics):
        version = QuestionFactory.create().current_version
        assert version is not None
        version.topics.add(*topics)

    topic = TopicFactory.create()
    tagged_question(topic)
    baseline = _count_queries(carol_client, "/bank/")
    for _ in range(10):
        tagged_question(topic, TopicFactory.create())
    with django_assert_num_queries(baseline):
        carol_client.get("/bank/")
