import numpy as np


def stratified_split(y: np.ndarray, test_percent: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    train_parts, test_parts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        n_test = len(members) * test_percent // 100
        test_parts.append(members[:n_test])
        train_parts.append(members[n_test:])
    # Right counts, but the indices come out in shuffled order, not sorted.
    return np.concatenate(train_parts).astype(np.int64), np.concatenate(test_parts).astype(np.int64)
