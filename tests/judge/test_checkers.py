"""Each checker on good, bad and hostile actual values; the registry; settings validation."""

import math
import time
from typing import Any

import numpy as np
import pytest

from scoring.judge.checkers import checker_types, make_checker, register_checker, run_check
from scoring.judge.checkers.base import Checker, CheckerConfigError, CheckResult


def check(config, expected, actual, *, args=None, kwargs=None, source=None):
    checker = make_checker(config, custom_source=source)
    return run_check(checker, expected=expected, actual=actual, args=args or [], kwargs=kwargs or {})


def test_the_documented_checkers_are_registered():
    assert set(checker_types()) >= {
        "exact",
        "float",
        "ndarray",
        "unordered",
        "labels_permutation",
        "threshold",
        "custom",
    }


def test_a_new_checker_is_one_class():
    @register_checker("always-half-for-tests")
    class Half(Checker):
        def check(self, *, expected, actual, args, kwargs):
            return CheckResult(0.5, False, "half")

    assert check({"type": "always-half-for-tests"}, 1, 1) == CheckResult(0.5, False, "half")
    with pytest.raises(ValueError, match="already registered"):
        register_checker("always-half-for-tests")(Half)


# ---- exact ----


@pytest.mark.parametrize(
    ("expected", "actual", "passed"),
    [
        (6, 6, True),
        (6, 6.0, True),
        (6, 7, False),
        (1, True, False),
        ("a", "a", True),
        ([1, [2, 3]], [1, [2, 3]], True),
        ([1, [2, 3]], [1, [3, 2]], False),
        ({"a": 1}, {"a": 1}, True),
        ({"a": 1}, {"b": 1}, False),
        (math.nan, math.nan, True),
        (np.array([1, 2]), np.array([1, 2]), True),
        (np.array([1, 2]), [1, 2], False),
        (None, None, True),
        (None, 0, False),
    ],
)
def test_exact(expected, actual, passed):
    result = check({"type": "exact"}, expected, actual)
    assert result.passed is passed
    assert result.score == (1.0 if passed else 0.0)


# ---- float ----


@pytest.mark.parametrize(
    ("config", "expected", "actual", "passed"),
    [
        ({}, 1.0, 1.0 + 1e-9, True),
        ({}, 1.0, 1.001, False),
        ({"atol": 0.01}, 1.0, 1.005, True),
        ({"atol": 0, "rtol": 0.01}, 1000.0, 1009.0, True),
        ({"atol": 0, "rtol": 0.01}, 1000.0, 1011.0, False),
        ({}, math.nan, math.nan, True),
        ({"nan_equal": False}, math.nan, math.nan, False),
        ({}, math.nan, 0.0, False),
        ({}, 0.0, math.nan, False),
        ({}, math.inf, math.inf, True),
        ({}, math.inf, -math.inf, False),
        ({}, math.inf, 1e308, False),
        ({}, [1.0, [2.0, 3.0]], [1.0, [2.0, 3.0000000001]], True),
        ({}, [1.0, [2.0, 3.0]], [1.0, [2.0]], False),
        ({}, [1.0, 2.0], np.array([1.0, 2.0]), True),
        ({}, {"loss": 0.5, "steps": 3}, {"loss": 0.5000000001, "steps": 3}, True),
        ({}, [0.5, "label"], [0.5, "label"], True),
        ({}, [0.5, "label"], [0.5, "other"], False),
        ({}, 1.0, "1.0", False),
        ({}, 1.0, True, False),
        ({}, 1, 1.0000000001, True),
    ],
)
def test_float(config, expected, actual, passed):
    assert check({"type": "float", **config}, expected, actual).passed is passed


def test_float_message_names_the_first_difference():
    result = check({"type": "float"}, [[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.5]])
    assert "index [1, 1]" in result.message
    assert "4.5" in result.message


# ---- ndarray ----


@pytest.mark.parametrize(
    ("config", "expected", "actual", "passed"),
    [
        ({}, np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), True),
        ({}, np.array([1.0, 2.0]), np.array([[1.0, 2.0]]), False),
        ({}, np.array([1.0, 2.0]), [1.0, 2.0], True),
        ({"dtype": "float"}, np.array([1.0, 2.0]), [1.0, 2.0], False),
        ({"dtype": "float"}, np.array([1.0, 2.0]), np.array([1, 2]), False),
        ({"dtype": "int"}, np.array([1, 2]), np.array([1, 2], dtype=np.int32), True),
        ({"dtype": "int"}, np.array([1, 2]), np.array([1.0, 2.0]), False),
        ({"dtype": "exact"}, np.array([1, 2]), np.array([1, 2], dtype=np.int32), False),
        ({"dtype": "bool"}, np.array([True]), np.array([True]), True),
        ({"dtype": "bool"}, np.array([True]), np.array([1]), False),
        ({}, np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), True),
        ({"nan_equal": False}, np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), False),
        ({"atol": 0.1}, np.array([1.0]), np.array([1.05]), True),
        ({}, np.zeros((0, 3)), np.zeros((0, 3)), True),
        ({}, np.zeros((0, 3)), np.zeros((0,)), False),
        ({}, np.array(["a", "b"]), np.array(["a", "b"]), True),
    ],
)
def test_ndarray(config, expected, actual, passed):
    assert check({"type": "ndarray", **config}, expected, actual).passed is passed


def test_ndarray_messages_are_specific():
    assert "shape" in check({"type": "ndarray"}, np.zeros(3), np.zeros(4)).message
    assert (
        "dtype" in check({"type": "ndarray", "dtype": "exact"}, np.zeros(3, dtype=int), np.zeros(3)).message
    )


# ---- messages that name the fix ----


@pytest.mark.parametrize(
    ("config", "expected", "actual", "message"),
    [
        (
            {"type": "ndarray", "dtype": "int"},
            np.array([0, 1]),
            np.array([0.0, 1.0]),
            "expected an integer array, got float64 - convert it, e.g. `.astype(np.int64)`",
        ),
        (
            {"type": "ndarray", "dtype": "float"},
            np.array([0.5, 1.0]),
            np.array([0, 1]),
            "expected a float array, got int64 - convert it, e.g. `.astype(np.float64)`",
        ),
        (
            {"type": "ndarray", "dtype": "float"},
            np.array([0.5, 1.0]),
            [0.5, 1.0],
            "expected a numpy array, got a list of length 2 - return one, e.g. `np.asarray(result)`",
        ),
        (
            {"type": "exact"},
            [[1, 2], [3]],
            np.array([1, 2, 3]),
            "expected a Python list, got a numpy array of shape (3,) and dtype int64 - return a Python list, "
            "e.g. `.tolist()`",
        ),
        (
            {"type": "exact"},
            [1, 2, 3],
            np.array([1, 2, 3]),
            "expected a Python list, got a numpy array - return a Python list, e.g. `.tolist()`",
        ),
        (
            {"type": "float"},
            0.5,
            np.array([0.5, 0.25]),
            "the output: expected a single number, got an array of shape (2,) - return one value, e.g. `float(x)`",
        ),
        (
            {"type": "exact"},
            3,
            np.array([3, 4]),
            "expected a single number, got an array of shape (2,) - return one value",
        ),
        (
            {"type": "float"},
            0.5,
            None,
            "the output: expected a single number, got None (did the function return anything?)",
        ),
    ],
)
def test_a_mismatch_message_names_the_fix(config, expected, actual, message):
    result = check(config, expected, actual)
    assert not result.passed
    assert result.message == message


def test_integer_labels_are_shown_as_integers():
    ints = check(
        {"type": "ndarray", "dtype": "int", "atol": 0, "rtol": 0}, np.array([2, 7]), np.array([2, 9])
    )
    assert ints.message == "expected 7, got 9 at index [1]"
    listed = check({"type": "float"}, [0, 1, 2], [0, 1, 5])
    assert listed.message == "expected 2, got 5 at index [2]"
    floats = check({"type": "ndarray", "dtype": "float"}, np.array([1.0, 2.0]), np.array([1.0, 2.5]))
    assert floats.message == "expected 2.0, got 2.5 at index [1]"


@pytest.mark.parametrize("checker", ["labels_permutation", "threshold"])
def test_integer_label_rules_are_enforced_when_set(checker):
    config = {"type": checker, "dtype": "int"}
    if checker == "threshold":
        config |= {"metric": "accuracy", "full": 1.0, "zero": 0.5}
    assert check(config, np.array([0, 1, 1]), np.array([0, 1, 1])).passed
    assert check(config, [0, 1, 1], [0, 1, 1]).passed
    as_floats = check(config, np.array([0, 1, 1]), np.array([0.0, 1.0, 1.0]))
    assert not as_floats.passed
    assert as_floats.message == (
        "expected integer labels, got an array of dtype float64 - convert it, e.g. `.astype(np.int64)`"
    )
    listed = check(config, [0, 1, 1], [0, 1.0, 1])
    assert not listed.passed and "got 1.0 (float) at index 1" in listed.message
    assert check({**config, "dtype": "any"}, np.array([0, 1, 1]), np.array([0.0, 1.0, 1.0])).passed


def test_label_dtype_settings_are_validated():
    with pytest.raises(CheckerConfigError, match="dtype"):
        make_checker({"type": "labels_permutation", "dtype": "float"})
    with pytest.raises(CheckerConfigError, match="only the label metrics"):
        make_checker({"type": "threshold", "metric": "mae", "full": 0.1, "zero": 1.0, "dtype": "int"})


# ---- unordered ----


@pytest.mark.parametrize(
    ("expected", "actual", "passed"),
    [
        ([1, 2, 3], [3, 1, 2], True),
        ([1, 2, 2], [2, 1, 2], True),
        ([1, 2, 2], [1, 1, 2], False),
        ([1, 2], [1, 2, 3], False),
        ([0.1, 0.2], [0.2000000001, 0.1], True),
        ([[0, 1], [1, 2]], [[1, 2], [0, 1]], True),
        (["b", "a", 1], [1, "a", "b"], True),
        ([1.0, 2.0], np.array([2.0, 1.0]), True),
        ([1, 2], "12", False),
        # sorting puts 1.0000001 before 1.0 on one side only; the matching pass still pairs them
        ([1.0, 1.0000001, 5.0], [1.00000005, 0.99999995, 5.0], True),
    ],
)
def test_unordered(expected, actual, passed):
    assert check({"type": "unordered", "atol": 1e-6}, expected, actual).passed is passed


# ---- labels_permutation ----


@pytest.mark.parametrize(
    ("expected", "actual", "passed"),
    [
        ([0, 0, 1, 1], [1, 1, 0, 0], True),
        ([0, 0, 1, 1], [5, 5, 9, 9], True),
        ([0, 0, 1, 1], np.array([3, 3, 2, 2]), True),
        ([0, 0, 1, 1], [0, 1, 0, 1], False),
        ([0, 0, 1, 1], [0, 0, 0, 0], False),
        ([0, 1, 2], [0, 1, 1], False),
        ([0, 0, 0], [0, 1, 2], False),
        ([0, 1], [0, 1, 1], False),
        ([0, 1], [[0], [1]], False),
        ([0, 1], np.array([[0, 1]]), False),
        ([0, 1], "ab", False),
    ],
)
def test_labels_permutation(expected, actual, passed):
    assert check({"type": "labels_permutation"}, expected, actual).passed is passed


# ---- threshold ----


def test_threshold_gives_linear_partial_credit():
    config = {"type": "threshold", "metric": "accuracy", "full": 0.9, "zero": 0.5}
    y = [1] * 10
    assert check(config, y, [1] * 10) == CheckResult(1.0, True, check(config, y, [1] * 10).message)
    assert check(config, y, [1] * 9 + [0]).passed is True  # 0.9 is at full
    seven = check(config, y, [1] * 7 + [0] * 3)
    assert seven.passed is False
    assert seven.score == pytest.approx(0.5)
    assert check(config, y, [1] * 4 + [0] * 6).score == 0.0


@pytest.mark.parametrize(
    ("metric", "full", "zero", "expected", "actual", "score"),
    [
        ("mae", 0.1, 1.1, [1.0, 2.0], [1.6, 2.6], 0.5),
        ("mse", 0.0, 1.0, [0.0, 0.0], [0.5, 0.5], 0.75),
        ("r2", 1.0, 0.0, [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], 1.0),
        ("r2", 1.0, 0.0, [1.0, 2.0, 3.0], [2.0, 2.0, 2.0], 0.0),
        ("f1_macro", 1.0, 0.0, [0, 0, 1, 1], [0, 0, 1, 1], 1.0),
        ("f1_macro", 1.0, 0.0, [0, 0, 1, 1], [0, 1, 1, 1], pytest.approx((2 / 3 + 0.8) / 2)),
        ("accuracy", 1.0, 0.0, ["cat", "dog"], ["cat", "cat"], 0.5),
        ("mae", 0.1, 1.1, [1.0, 2.0], [math.nan, 2.0], 0.0),
        ("mae", 0.1, 1.1, [1.0, 2.0], [1.0], 0.0),
        ("mae", 0.1, 1.1, [1.0, 2.0], ["1", "2"], 0.0),
    ],
)
def test_threshold_metrics(metric, full, zero, expected, actual, score):
    result = check({"type": "threshold", "metric": metric, "full": full, "zero": zero}, expected, actual)
    assert result.score == score
    assert result.passed is (result.score == 1.0)


# ---- custom ----
# checker.py runs in a sandbox of its own: tests/judge/test_custom_checker.py.


def test_custom_checker_needs_its_source():
    with pytest.raises(CheckerConfigError):
        make_checker({"type": "custom"})


def test_a_custom_checker_never_runs_in_this_process():
    checker = make_checker({"type": "custom"}, custom_source="def check(*a):\n    return 1.0, 'ok'\n")
    assert check({"type": "custom"}, None, 1, source="def check(*a):\n    return 1.0, 'ok'\n").passed is False
    with pytest.raises(RuntimeError, match="sandbox"):
        checker.check(expected=None, actual=1, args=[], kwargs={})


# ---- settings ----


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"type": "nope"}, "type"),
        ({"type": "float", "atol": -1}, "atol"),
        ({"type": "float", "rtol": "small"}, "rtol"),
        ({"type": "float", "nan_equal": "yes"}, "nan_equal"),
        ({"type": "float", "tolerance": 1}, "float"),
        ({"type": "ndarray", "dtype": "complex"}, "dtype"),
        ({"type": "threshold", "metric": "auc", "full": 1, "zero": 0}, "metric"),
        ({"type": "threshold", "metric": "accuracy", "full": 0.5, "zero": 0.9}, "full"),
        ({"type": "threshold", "metric": "mae", "full": 1.0, "zero": 0.1}, "full"),
        ({"type": "threshold", "metric": "mae", "full": math.nan, "zero": 0.1}, "full"),
    ],
)
def test_bad_settings_name_the_field(config, field):
    with pytest.raises(CheckerConfigError) as info:
        make_checker(config)
    assert info.value.field == field


# ---- hostile actual values never crash or hang a checker ----

deep: list[Any] = []
for _ in range(60):
    deep = [deep]

WEIRD = [
    None,
    "",
    "x" * 100_000,
    -(10**300),
    math.nan,
    -math.inf,
    {},
    {"$ndarray": [1]},
    [None, [None]],
    deep,
    [[1, 2], [3]],
    np.array([]),
    np.zeros((3, 0)),
    np.array("str"),
    np.array([True, False, True]),
    np.full(2_000_000, np.nan),
    np.arange(1_000_000),
    list(range(200_000)),
    [{"a": [1, {"b": math.nan}]}] * 1000,
]

CONFIGS = [
    ({"type": "exact"}, [0, 1, 2]),
    ({"type": "float"}, [0.0, 1.0, 2.0]),
    ({"type": "float"}, 1.0),
    ({"type": "ndarray", "dtype": "float"}, np.zeros(3)),
    ({"type": "ndarray"}, np.zeros((2, 2))),
    ({"type": "unordered"}, [3, 1, 2]),
    ({"type": "labels_permutation"}, [0, 0, 1]),
    ({"type": "threshold", "metric": "accuracy", "full": 1.0, "zero": 0.0}, [0, 1, 1]),
    ({"type": "threshold", "metric": "f1_macro", "full": 1.0, "zero": 0.0}, [0, 1, 1]),
    ({"type": "threshold", "metric": "r2", "full": 1.0, "zero": 0.0}, [0.0, 1.0, 2.0]),
    ({"type": "threshold", "metric": "mse", "full": 0.0, "zero": 1.0}, [0.0, 1.0, 2.0]),
]


@pytest.mark.parametrize(
    ("config", "expected"), CONFIGS, ids=lambda c: str(c.get("type")) if isinstance(c, dict) else ""
)
def test_weird_actual_values_are_wrong_answers_not_crashes(config, expected):
    checker = make_checker(config)
    started = time.perf_counter()
    for actual in WEIRD:
        result = run_check(checker, expected=expected, actual=actual, args=[], kwargs={})
        assert result.passed is False, (config, type(actual))
        assert 0.0 <= result.score <= 1.0
        assert isinstance(result.message, str)
    assert time.perf_counter() - started < 10


def test_big_unordered_lists_are_checked_quickly():
    exp = list(range(100_000))
    act = exp[::-1]
    started = time.perf_counter()
    assert check({"type": "unordered"}, exp, act).passed
    assert not check({"type": "unordered"}, exp, [*act[:-1], -1]).passed
    assert time.perf_counter() - started < 5
