import numpy as np


def kmeans_pp_init(X: np.ndarray, k: int, u: np.ndarray) -> list[int]:
    """Indices of the k initial centres chosen by k-means++, using the uniform draws u[0..k-1]."""
    chosen = []
    # your code here
    return chosen
