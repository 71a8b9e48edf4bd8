import numpy as np


def radius_neighbors(X: np.ndarray, query: np.ndarray, r: float) -> list[int]:
    query = np.asarray(query, dtype=float)
    X = np.asarray(X, dtype=float).reshape(-1, query.shape[0])
    # L1 distance instead of Euclidean: a diamond instead of a ball.
    return np.flatnonzero(np.abs(X - query).sum(axis=1) <= r).tolist()
