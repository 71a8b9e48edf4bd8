"""`manage.py grant_role USER curator|reviewer [--revoke]`."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from interviews.models import ReviewerRound
from questionbank.models import RoundKind
from questionbank.roles import is_curator, is_reviewer

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)


def test_it_makes_a_user_a_curator_and_takes_it_away(alice, capsys):
    call_command("grant_role", "alice", "curator")
    alice = _fresh(alice)
    assert is_curator(alice) and alice.is_staff and alice.has_perm("questionbank.change_question")
    assert not alice.has_perm("auth.change_user")  # content, not accounts
    assert "alice is now a curator." in capsys.readouterr().out
    call_command("grant_role", "alice", "curator", "--revoke")
    alice = _fresh(alice)
    assert not is_curator(alice) and not alice.is_staff and not alice.has_perm("questionbank.change_question")


def test_it_makes_a_user_a_reviewer_of_every_round_and_takes_it_away(alice):
    call_command("grant_role", "alice", "reviewer")
    assert is_reviewer(_fresh(alice))
    assert set(ReviewerRound.objects.filter(user=alice).values_list("round_kind", flat=True)) == set(
        RoundKind.values
    )
    call_command("grant_role", "alice", "reviewer", "--revoke")
    assert not is_reviewer(_fresh(alice)) and not ReviewerRound.objects.filter(user=alice).exists()


def test_granting_twice_changes_nothing(alice):
    call_command("grant_role", "alice", "reviewer")
    call_command("grant_role", "alice", "reviewer")
    assert ReviewerRound.objects.filter(user=alice).count() == len(RoundKind.values)


def test_an_unknown_user_or_role_is_a_clear_error(alice):
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("grant_role", "nobody", "curator")
    with pytest.raises(CommandError, match="Unknown role 'admin': use one of curator, reviewer"):
        call_command("grant_role", "alice", "admin")
