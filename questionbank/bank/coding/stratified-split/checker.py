"""Custom checker for stratified-split: validity of the partition and per-class test counts.

`expected` is a list of [class, n_test] pairs; the indices themselves are free.
"""

import numpy as np


def _as_index_array(value):
    arr = np.asarray(value)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64), None
    if arr.ndim != 1:
        return None, f"expected a 1-D array of indices, got shape {arr.shape}"
    if arr.dtype.kind not in "iu":
        return None, f"indices must be integers, got dtype {arr.dtype}"
    return arr.astype(np.int64), None


def check(args, kwargs, expected, actual):
    y = np.asarray(args[0])
    n = len(y)
    if not isinstance(actual, (list, tuple)) or len(actual) != 2:
        return 0.0, "return a pair (train_idx, test_idx)"
    train, err = _as_index_array(actual[0])
    if err:
        return 0.0, "train_idx: " + err
    test, err = _as_index_array(actual[1])
    if err:
        return 0.0, "test_idx: " + err
    both = np.concatenate([train, test])
    if len(both) != n or not np.array_equal(np.sort(both), np.arange(n)):
        return 0.0, "train_idx and test_idx must together contain every index 0..n-1 exactly once"
    want = {int(c): int(k) for c, k in expected}
    if not want:
        score = 1.0
    else:
        got = {c: int(np.sum(y[test] == c)) for c in want}
        bad = [c for c in want if got[c] != want[c]]
        score = 1.0 - len(bad) / len(want)
        if bad:
            c = bad[0]
            msg = f"class {c}: {got[c]} test members, expected {want[c]} ({len(bad)} of {len(want)} classes wrong)"
    sorted_ok = bool(np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0))
    if not sorted_ok:
        return min(score, 1.0) * 0.5, "indices must be sorted in increasing order"
    if score < 1.0:
        return score, msg
    return 1.0, "ok"
