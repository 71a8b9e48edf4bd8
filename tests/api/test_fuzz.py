"""Schemathesis against the live schema, as alice with a token: no server errors, no response that breaks
the schema (status codes, content types and bodies all as documented).

A bounded number of examples per operation keeps this well under a minute; alice has a practice round,
a booking and a submission, so some generated ids hit real objects of hers.
"""

import re
from collections import Counter
from datetime import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
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
from tests.factories import ProfileFactory, QuestionFactory, UserFactory

EXAMPLES = 10

# Refusals that depend on the server's state or clock, which no schema can declare, answered 400 today:
# schemathesis' positive_data_acceptance counts them as "valid data rejected". Each is a known contract gap
# with its reason; anything else failing fails the test. (They would pass as 409, which docs/api.md
# already uses for state conflicts: a decision for the API's owner, not made here.)
KNOWN_GAPS = {
    ("POST /api/auth/token/", "ST202"): "wrong username or password is a 400 (DRF's convention)",
    (
        "POST /api/availability/one-off/",
        "ST202",
    ): "a one-off slot's day must be from today up to a year ahead",
    ("POST /api/bookings/", "ST202"): "the slot key must be an open slot at this moment",
    ("POST /api/swaps/", "ST202"): "the slot key must be an open swap slot at this moment",
    ("POST /api/loops/", "ST202"): "the first day must not be in the past, and the loop must fit",
    ("POST /api/sessions/", "ST202"): "a round kind with no published question yet",
    (
        "POST /api/sessions/{session_id}/items/{item_id}/submissions/",
        "ST202",
    ): "only coding items can run code",
}


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
    alice = ProfileFactory(user=UserFactory(username="fuzz-alice")).user
    bob = ProfileFactory(user=UserFactory(username="fuzz-bob")).user
    from interviews.services import reviewer_rounds_set

    reviewer_rounds_set(user=bob, round_kinds=[RoundKind.ML_BREADTH])
    for weekday in range(7):
        WeeklyWindow.objects.create(reviewer=bob, weekday=weekday, start_time=time(0), end_time=time(23, 45))
    for _ in range(3):
        QuestionFactory(round_kind=RoundKind.ML_BREADTH)
    practice_start(candidate=alice, round_kind=RoundKind.ML_BREADTH)
    return Token.objects.create(user=alice)


def test_the_api_keeps_to_its_schema(live_server, fuzz_token):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    headers = {"Authorization": f"Token {fuzz_token.key}"}
    failures = []
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 60
    for operation in operations:
        for mode in GenerationMode:
            _run(operation, mode, headers, fuzz_token, statuses, failures)
    unexpected = [
        text
        for label, text in failures
        if not (codes := set(re.findall(r"ST\d{3}", text)))
        or any((label, code) not in KNOWN_GAPS for code in codes)
    ]
    assert not unexpected, f"{len(unexpected)} failures:\n\n" + "\n\n".join(unexpected)
    # The token was used: most answers are not "log in first" (schemathesis also tries without it).
    assert statuses[200] > 50 and statuses[401] < sum(statuses.values()) / 3, statuses


def _run(operation, mode, headers, fuzz_token, statuses, failures) -> None:
    if True:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
        )
        def check(case):
            # Passed to the call, the token is the run's explicit auth: ignored_auth then also probes the
            # same request without it and with a wrong one, which must be refused.
            response = case.call_and_validate(checks=CHECKS, headers=headers)
            statuses[response.status_code] += 1
            # DELETE /api/auth/token/ revokes it: give the same token back for the next case.
            Token.objects.get_or_create(user_id=fuzz_token.user_id, defaults={"key": fuzz_token.key})

        try:
            check()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # nothing to get wrong: no parameters, no body
        except (Exception, BaseExceptionGroup) as exc:  # collect every failure, then report them all
            failures.append((operation.label, f"{operation.label} ({mode.value}): {exc}"))
