"""Object access of the bank (questionbank/access.py), one function per kind: a draft, or a rubric not yet
published, is a 404 for everyone but curators, exactly like an item that does not exist, on the pages and
in the API alike; a missing role is a 403."""

import pytest
from django.http import Http404

from questionbank import services
from questionbank.access import get_question_for_user, get_rubric_for_user
from questionbank.models import Status
from tests.api.conftest import client_for
from tests.factories import QuestionFactory

from .test_rubric_workflow import rubric_data

pytestmark = pytest.mark.django_db


def test_a_draft_question_is_a_404_for_candidates_as_if_it_did_not_exist(alice, carol):
    QuestionFactory(slug="draft-one", status=Status.DRAFT)
    QuestionFactory(slug="live-one")
    assert get_question_for_user(carol, "draft-one").slug == "draft-one"
    assert get_question_for_user(alice, "live-one").slug == "live-one"
    for slug in ("draft-one", "no-such-question"):
        with pytest.raises(Http404):
            get_question_for_user(alice, slug)
    api = client_for(alice)
    draft = api.get("/api/bank/questions/draft-one/")
    missing = api.get("/api/bank/questions/no-such-question/")
    assert draft.status_code == missing.status_code == 404
    assert draft.json() == missing.json()


def test_a_draft_rubric_is_a_404_for_candidates_as_if_it_did_not_exist(alice, carol):
    rubric = services.rubric_create(data=rubric_data(), author=carol)
    assert get_rubric_for_user(carol, rubric.slug) == rubric
    with pytest.raises(Http404):
        get_rubric_for_user(alice, rubric.slug)
    api = client_for(alice)
    assert api.get(f"/api/bank/rubrics/{rubric.slug}/").json() == api.get("/api/bank/rubrics/nope/").json()


def test_a_missing_role_is_a_403_even_for_a_published_question(alice, bob, client):
    QuestionFactory(slug="live-one")
    for user in (alice, bob):
        assert client_for(user).post("/api/bank/questions/live-one/retire/").status_code == 403
        assert client_for(user).get("/api/bank/questions/live-one/versions/").status_code == 403
        client.force_login(user)
        assert client.get("/bank/live-one/").status_code == 403
