import pytest

from interviews.services import answer_save, practice_start
from questionbank.models import RoundKind
from tests.factories import QuestionFactory

KEY_POINTS = [
    "Expected test error splits into bias squared, variance and irreducible noise.",
    "More model complexity lowers bias but raises variance; regularisation trades one for the other.",
    "Learning curves show which one dominates: a gap between training and validation error means variance.",
]
NOTES = {
    "key_points": KEY_POINTS,
    "key_point_examples": [
        "The error I'd expect on new data breaks into bias squared, variance, and noise no model removes.",
        "-",
        "-",
    ],
    "follow_ups": ["How would you tell which of the two dominates from learning curves?"],
    "red_flags": ["Says that a more complex model always generalises better."],
}
STRONG = (
    "The expected test error decomposes into bias squared, variance and irreducible noise. "
    "A more complex model lowers bias because it can fit more patterns, but it raises variance since it also "
    "fits the noise of the particular training sample; regularisation trades some bias for lower variance. "
    "I would look at learning curves: a large gap between training and validation error means variance "
    "dominates, while two high curves that meet mean the model is biased."
)


@pytest.fixture
def written_questions(db):
    return [
        QuestionFactory(
            round_kind=RoundKind.ML_BREADTH, version__reviewer_notes=NOTES, version__title=f"BV {i}"
        )
        for i in range(8)
    ]


@pytest.fixture
def alice_written_round(alice, written_questions):
    session = practice_start(candidate=alice, round_kind=RoundKind.ML_BREADTH)
    for item in session.items.all():
        answer_save(session=session, item=item, text=STRONG)
    return session


@pytest.fixture
def rubrics_and_flags(db):
    from tests.scoring.builders import bank_rubrics

    return bank_rubrics()
