import numpy as np


def radius_neighbors(X: np.ndarray, query: np.ndarray, r: float) -> list[int]:
    query = np.asarray(query, dtype=float)
    X = np.asarray(X, dtype=float).reshape(-1, query.shape[0])
    # Squared distances against r^2: no square root, and exact on integer coordinates.
    d2 = ((X - query) ** 2).sum(axis=1)
    return np.flatnonzero(d2 <= r * r).tolist()
