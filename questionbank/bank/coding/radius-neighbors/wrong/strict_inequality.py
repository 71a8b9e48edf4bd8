import numpy as np


def radius_neighbors(X: np.ndarray, query: np.ndarray, r: float) -> list[int]:
    query = np.asarray(query, dtype=float)
    X = np.asarray(X, dtype=float).reshape(-1, query.shape[0])
    dist = np.sqrt(((X - query) ** 2).sum(axis=1))
    # Strict inequality: points exactly on the circle are dropped.
    return np.flatnonzero(dist < r).tolist()
