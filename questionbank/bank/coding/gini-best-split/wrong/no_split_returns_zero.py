import numpy as np


def _gini(labels: np.ndarray) -> float:
    if len(labels) == 0:
        return 0.0
    _, counts = np.unique(labels, return_counts=True)
    p = counts / len(labels)
    return float(1.0 - np.sum(p**2))


def best_split(X: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    n = len(y)
    # Ignores the no-split case: returns feature 0 at threshold 0 with impurity 0.
    best = (0, 0.0, 0.0)
    best_score = np.inf
    for j in range(X.shape[1]):
        values = np.unique(X[:, j])
        for t in (values[:-1] + values[1:]) / 2:
            mask = X[:, j] <= t
            score = (mask.sum() * _gini(y[mask]) + (~mask).sum() * _gini(y[~mask])) / n
            if score < best_score - 1e-9:
                best_score = score
                best = (j, float(t), score)
    return best
