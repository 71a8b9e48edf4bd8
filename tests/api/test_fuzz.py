"""Schemathesis against the live schema, as alice with a token: no server errors, no response that breaks
the schema (status codes, content types and bodies all as documented), every invalid request refused and
every valid one accepted or refused only for a reason a valid request can meet (docs/api.md, "Errors").

Every operation gets a few positive and a few negative examples, drawn the same way on every run; alice has
a practice round, a booking and a submission, so some generated ids hit real objects of hers.
"""

from collections import Counter
from datetime import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.control import SkipTest
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from interviews.models import WeeklyWindow
from interviews.services import practice_start
from questionbank.models import RoundKind
from tests.factories import QuestionFactory, persona

# Examples per operation and generation mode. Nearly all of the run's time is Hypothesis drawing requests
# from the schema (the server answers in a fraction of it), so this number sets the run's length.
EXAMPLES = 5
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure reproduces, and the length is predictable
    database=None,
    phases=[Phase.generate],  # no shrinking: every failure is reported as found, with its curl command
    suppress_health_check=list(HealthCheck),
)

# Schemathesis' own configuration, stated here rather than left to its defaults or to a schemathesis.toml it
# would look for on disk. A schema-valid request may still be refused: 401 without a valid login (the token
# endpoint's wrong password too), 403 without the role, 404 for an object that is not yours, 409 when the
# current state forbids it (a slot no longer open, a day in the past, a round kind with nothing published:
# ApplicationError(..., status=409)), 429 when throttled. A 400 always means the request was malformed, so a
# valid one must never get it: every limit the code enforces is declared in the schema.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429", "5xx"]
"""


def no_server_error(ctx, response, case):
    """Any 5xx fails, except the health check's documented 503 (something it checks is down)."""
    if case.operation.path == "/api/health/" and response.status_code == 503:
        return None
    return not_a_server_error(ctx, response, case)


# Every stateless check schemathesis has: a request the schema says is invalid must get a 4xx
# (negative_data_rejection), a valid one must not get a 4xx for its data (positive_data_acceptance), so every
# limit the code enforces has to be declared in the schema. (use_after_free and ensure_resource_availability
# need schemathesis' stateful links, which this schema does not declare.)
CHECKS = [
    no_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    missing_required_header,
    ignored_auth,
    unsupported_method,
]


@pytest.fixture
def fuzz_token(transactional_db, live_server):
    alice = persona("fuzz-alice")
    bob = persona("fuzz-bob")
    from interviews.services import reviewer_rounds_set

    reviewer_rounds_set(user=bob, round_kinds=[RoundKind.ML_BREADTH])
    for weekday in range(7):
        WeeklyWindow.objects.create(reviewer=bob, weekday=weekday, start_time=time(0), end_time=time(23, 45))
    for _ in range(3):
        QuestionFactory(round_kind=RoundKind.ML_BREADTH)
    practice_start(candidate=alice, round_kind=RoundKind.ML_BREADTH)
    return Token.objects.create(user=alice)


def test_the_api_keeps_to_its_schema(live_server, fuzz_token):
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/", config=SchemathesisConfig.from_str(CONFIG)
    )
    headers = {"Authorization": f"Token {fuzz_token.key}"}
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # an operation schemathesis cannot read is a failure too
        operations.append(result.ok())
    assert len(operations) > 60
    negated: set[str] = set()
    for mode in GenerationMode:
        # One mode at a time: a negative run of an operation with nothing to get wrong (no body, no query,
        # path parameters any string fits) then stops at once instead of drawing hundreds of rejected cases.
        schema.config.generation.update(modes=[mode])
        for operation in operations:
            sent = _run(operation, mode, headers, fuzz_token, statuses, failures)
            if sent and mode is GenerationMode.NEGATIVE:
                negated.add(operation.label)
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
    # Both modes reached the server: most operations take some input that can be wrong.
    assert len(negated) > len(operations) / 2, sorted(negated)
    # The token was used: most answers are not "log in first" (schemathesis also tries without it).
    assert statuses[200] > 25 and statuses[401] < sum(statuses.values()) / 3, statuses


def _run(operation, mode, headers, fuzz_token, statuses, failures) -> int:
    """Send `operation` the examples of `mode`; how many were sent (none when it has nothing to negate)."""
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @FUZZ_SETTINGS
    def check(case):
        nonlocal sent
        # Passed to the call, the token is the run's explicit auth: ignored_auth then also probes the
        # same request without it and with a wrong one, which must be refused.
        response = case.call_and_validate(checks=CHECKS, headers=headers)
        statuses[response.status_code] += 1
        sent += 1
        # DELETE /api/auth/token/ revokes it: give the same token back for the next case.
        Token.objects.get_or_create(user_id=fuzz_token.user_id, defaults={"key": fuzz_token.key})

    try:
        check()
    except (SkipTest, Unsatisfiable):
        assert mode is GenerationMode.NEGATIVE, f"{operation.label}: no positive example"
    except (Exception, BaseExceptionGroup) as exc:  # collect every failure, then report them all
        failures.append(f"{operation.label} ({mode.value}): {exc}")
    return sent
