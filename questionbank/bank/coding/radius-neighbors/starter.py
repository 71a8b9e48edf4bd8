import numpy as np


def radius_neighbors(X: np.ndarray, query: np.ndarray, r: float) -> list[int]:
    """Indices i with ||X[i] - query|| <= r (inclusive), in any order."""
    # your code here
    return []
