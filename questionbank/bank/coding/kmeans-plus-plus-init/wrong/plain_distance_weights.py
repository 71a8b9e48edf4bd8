import numpy as np


def kmeans_pp_init(X, k, u):
    # Weights candidates by distance, not squared distance.
    X = np.asarray(X, float)
    n = len(X)
    chosen = [min(int(u[0] * n), n - 1)]
    d = np.sqrt(((X - X[chosen[0]]) ** 2).sum(axis=1))
    for j in range(1, k):
        total = d.sum()
        if total == 0:
            chosen.append(next(i for i in range(n) if i not in chosen))
        else:
            chosen.append(min(int(np.searchsorted(np.cumsum(d), u[j] * total, side="right")), n - 1))
        d = np.minimum(d, np.sqrt(((X - X[chosen[-1]]) ** 2).sum(axis=1)))
    return chosen
