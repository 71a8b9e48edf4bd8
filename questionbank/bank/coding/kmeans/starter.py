import numpy as np


def kmeans(X: np.ndarray, k: int, n_iters: int = 100) -> np.ndarray:
    """Cluster the rows of X into k groups with Lloyd's algorithm.

    Initial centroids are X[:k]. Distance ties go to the lower centroid index; an empty
    cluster keeps its previous centroid. Stop when no label changes or after n_iters
    assignment steps.

    Returns an int array of shape (n,) with labels in 0..k-1.
    """
    # your code here
    return np.zeros(len(X), dtype=int)
