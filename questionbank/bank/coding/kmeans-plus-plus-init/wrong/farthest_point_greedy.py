import numpy as np


def kmeans_pp_init(X, k, u):
    # Always takes the farthest point (deterministic farthest-first), ignoring the random draws after the first.
    X = np.asarray(X, float)
    n = len(X)
    chosen = [min(int(u[0] * n), n - 1)]
    d2 = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        if d2.max() == 0:
            chosen.append(next(i for i in range(n) if i not in chosen))
        else:
            chosen.append(int(np.argmax(d2)))
        d2 = np.minimum(d2, ((X - X[chosen[-1]]) ** 2).sum(axis=1))
    return chosen
