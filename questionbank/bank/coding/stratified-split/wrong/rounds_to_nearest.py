import numpy as np


def stratified_split(y: np.ndarray, test_percent: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    test_parts = [np.zeros(0, dtype=np.int64)]
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        # Rounds to the nearest integer instead of down.
        n_test = round(len(members) * test_percent / 100)
        test_parts.append(rng.permutation(members)[:n_test])
    test = np.sort(np.concatenate(test_parts))
    return np.setdiff1d(np.arange(len(y)), test).astype(np.int64), test.astype(np.int64)
