import pytest

from questionbank.models import RoundKind

from ..factories import ProfileFactory, UserFactory
from .builders import bank_rubrics, make_reviewer


@pytest.fixture
def rubrics(db):
    """The bank's six rubrics and red flags; test modules opt in with usefixtures("rubrics")."""
    return bank_rubrics()


@pytest.fixture
def calibrated_bob(bob):
    """bob, calibrated for the two rounds he reviews (ML breadth and coding)."""
    return make_reviewer(bob, RoundKind.ML_BREADTH, RoundKind.CODING)


@pytest.fixture
def dave(db):
    """A second calibrated ML breadth reviewer."""
    return make_reviewer(ProfileFactory(user=UserFactory(username="dave")).user, RoundKind.ML_BREADTH)


@pytest.fixture
def submitted(alice, breadth_questions):
    from .builders import submitted_round

    return submitted_round(alice)
