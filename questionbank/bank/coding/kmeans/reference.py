import numpy as np


def kmeans(X: np.ndarray, k: int, n_iters: int = 100) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    centroids = X[:k].copy()
    labels = None
    for _ in range(n_iters):
        # (n, k) squared distances; argmin returns the first minimum, i.e. the lower index on ties.
        d2 = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = d2.argmin(axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(k):
            members = X[labels == j]
            if len(members):  # an empty cluster keeps its old centroid
                centroids[j] = members.mean(axis=0)
    return labels
