import numpy as np


def stratified_split(y: np.ndarray, test_percent: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    test_parts = [np.zeros(0, dtype=np.int64)]
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        test_parts.append(rng.permutation(members)[: len(members) * test_percent // 100])
    test = np.sort(np.concatenate(test_parts)).astype(np.int64)
    # Trains on everything, test set included: not a partition (leakage).
    return np.arange(len(y), dtype=np.int64), test
