import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from interviews.booking import open_slots
from interviews.models import WeeklyWindow
from questionbank.roles import is_curator, is_reviewer

pytestmark = pytest.mark.django_db


def test_demo_accounts_can_log_in_with_their_roles_and_loading_twice_changes_nothing():
    call_command("load_demo")
    call_command("load_demo")
    candidate = authenticate(username="candidate", password="mockloop-demo")
    reviewer = authenticate(username="reviewer", password="mockloop-demo")
    curator = authenticate(username="curator", password="mockloop-demo")
    assert candidate and reviewer and curator
    assert not is_reviewer(candidate) and is_reviewer(reviewer) and is_curator(curator)
    assert WeeklyWindow.objects.filter(reviewer=reviewer).count() == 7


def test_the_demo_candidate_finds_open_slots_to_book():
    call_command("load_demo")
    candidate = authenticate(username="candidate", password="mockloop-demo")
    assert open_slots(candidate=candidate, round_kind="ml_breadth")
