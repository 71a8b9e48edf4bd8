import numpy as np


def _gini_from_counts(counts: np.ndarray) -> np.ndarray:
    """Gini impurity of each row of class counts (rows with a zero total give 0)."""
    total = counts.sum(axis=-1, keepdims=True)
    p = counts / np.maximum(total, 1)
    return 1.0 - (p**2).sum(axis=-1)


def best_split(X: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    X = np.asarray(X, dtype=float)
    _, y_idx = np.unique(np.asarray(y), return_inverse=True)
    n, d = X.shape
    onehot = np.eye(y_idx.max() + 1)[y_idx]
    parent = float(_gini_from_counts(onehot.sum(axis=0)))
    candidates = []  # (impurity, feature, threshold), in feature then threshold order
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        left = np.cumsum(onehot[order], axis=0)[:-1]  # class counts of the first i+1 rows
        right = left[-1:] + onehot[order][-1] - left if n > 1 else left
        # Only positions where the value changes are real thresholds.
        valid = xs[1:] > xs[:-1]
        if not valid.any():
            continue
        n_left = np.arange(1, n)
        weighted = (n_left * _gini_from_counts(left) + (n - n_left) * _gini_from_counts(right)) / n
        for i in np.flatnonzero(valid):
            candidates.append((float(weighted[i]), j, float((xs[i] + xs[i + 1]) / 2)))
    if not candidates:
        return -1, float("nan"), parent
    best = min(c[0] for c in candidates)
    # Candidates are already in (feature, threshold) order, so the first near-minimum wins ties.
    for g, j, t in candidates:
        if g <= best + 1e-9:
            return j, t, g
    raise AssertionError("unreachable")
