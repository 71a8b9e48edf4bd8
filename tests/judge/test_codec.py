"""The tagged JSON codec, and the harness's own copy of the encoder agreeing with it."""

import importlib.util
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scoring.judge import codec
from scoring.judge.codec import CodecError

HARNESS = Path(__file__).resolve().parents[2] / "scoring" / "judge" / "harness.py"


@pytest.fixture(scope="module")
def harness():
    spec = importlib.util.spec_from_file_location("judge_harness_under_test", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VALUES = [
    None,
    True,
    0,
    -(2**70),
    1.5,
    "text",
    [1, [2, [3]]],
    (1, 2),
    {"a": [1.0, None], "b": {"c": "d"}},
    math.nan,
    math.inf,
    -math.inf,
    np.float32(0.5),
    np.int64(7),
    np.bool_(True),
    np.array([[1.0, 2.0], [3.0, 4.0]]),
    np.array([1, 2, 3], dtype=np.int32),
    np.array([True, False]),
    np.array([1.0, np.nan, -np.inf]),
    np.array([], dtype=np.float64),
    np.zeros((0, 3)),
    np.array(3.5),
    np.array(["a", "bc"]),
    [np.array([1, 2]), (np.float64(1.0),)],
]


def _same(a, b):
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        )
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, list | tuple):
        return (
            isinstance(b, list) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _expect_decoded(value):
    """What a value should decode back to: numpy scalars become Python numbers, tuples lists."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple | list):
        return [_expect_decoded(v) for v in value]
    if isinstance(value, dict):
        return {k: _expect_decoded(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_values_survive_a_round_trip_through_json_text(value):
    decoded = codec.loads(codec.dumps(value))
    assert _same(_expect_decoded(value), decoded)


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_the_harness_encoder_agrees_with_the_codec(harness, value):
    assert json.dumps(harness._encode(value, 10**6)) == json.dumps(codec.encode(value))


def test_the_harness_decodes_inputs_like_the_codec(harness):
    tagged = codec.encode([np.array([1.0, np.nan]), {"x": math.inf}, (1, 2)])
    assert _same(harness._decode(tagged), codec.decode(tagged))


def test_tags_look_as_documented():
    assert codec.encode(math.nan) == {"$float": "nan"}
    assert codec.encode(np.array([1, 2], dtype=np.int64)) == {"$ndarray": [1, 2], "dtype": "int64"}
    assert codec.encode(np.array([1.0, math.inf])) == {
        "$ndarray": [1.0, {"$float": "inf"}],
        "dtype": "float64",
    }
    assert codec.encode(np.zeros((0, 2)))["shape"] == [0, 2]


def test_yaml_style_non_finite_floats_are_accepted():
    assert math.isnan(codec.decode({"$float": "NaN"}))
    assert codec.decode({"$float": float("-inf")}) == -math.inf
    assert codec.normalise([math.nan]) == [{"$float": "nan"}]


@pytest.mark.parametrize(
    "bad",
    [
        {"$ndarray": [1, 2], "dtype": "object"},
        {"$ndarray": [1, 2], "dtype": "datetime64"},
        {"$ndarray": [1, 2]},
        {"$ndarray": [[1, 2], [3]], "dtype": "float64"},
        {"$ndarray": ["x"], "dtype": "int64"},
        {"$ndarray": [10**30], "dtype": "int64"},
        {"$ndarray": [1, 2], "dtype": "float64", "shape": [3]},
        {"$ndarray": [1, 2], "dtype": "float64", "extra": 1},
        {"$float": "one"},
        {"$float": 1.0},
        {"$mystery": 1},
        {"$ndarray": {"a": 1}, "dtype": "float64"},
    ],
)
def test_malformed_tags_are_codec_errors(bad):
    with pytest.raises(CodecError):
        codec.decode(bad)


def test_deep_nesting_is_refused_not_a_crash():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(CodecError):
        codec.loads(deep)
    nested: list[Any] = []
    for _ in range(200):
        nested = [nested]
    with pytest.raises(CodecError, match="deeper"):
        codec.decode(nested)
    with pytest.raises(CodecError, match="deeper"):
        codec.decode({"$ndarray": nested, "dtype": "float64"})


def test_size_caps_hold():
    with pytest.raises(CodecError, match="bytes"):
        codec.loads("[" + "1," * 1000 + "1]", max_bytes=100)
    with pytest.raises(CodecError, match="more than"):
        codec.decode(list(range(1000)), max_nodes=100)


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", "{'a': 1}", "\xff", "1" * 5000, ""])
def test_invalid_json_is_a_codec_error(text):
    with pytest.raises(CodecError):
        codec.loads(text)


def test_unencodable_values_say_why():
    with pytest.raises(CodecError, match="unsupported type"):
        codec.encode(object())
    with pytest.raises(CodecError, match="keys"):
        codec.encode({1: 2})
    with pytest.raises(CodecError, match="dtype"):
        codec.encode(np.array([1 + 2j]))
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(CodecError, match="nested"):
        codec.encode(loop)
