import numpy as np


def radius_neighbors(X: np.ndarray, query: np.ndarray, r: float) -> list[int]:
    query = np.asarray(query, dtype=float)
    X = np.asarray(X, dtype=float)
    # Assumes X is 2-D: an empty X of shape (0,) broadcasts against the query and sums over
    # the wrong axis.
    d2 = ((X - query) ** 2).sum(axis=-1)
    return np.flatnonzero(np.atleast_1d(d2 <= r * r)).tolist()
