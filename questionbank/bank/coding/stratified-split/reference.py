import numpy as np


def stratified_split(y: np.ndarray, test_percent: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    test_parts = []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        n_test = len(members) * test_percent // 100  # integer arithmetic: no float rounding surprises
        test_parts.append(rng.permutation(members)[:n_test])
    test = np.sort(np.concatenate(test_parts)) if test_parts else np.array([], dtype=np.int64)
    in_test = np.zeros(len(y), dtype=bool)
    in_test[test] = True
    return np.flatnonzero(~in_test).astype(np.int64), test.astype(np.int64)
