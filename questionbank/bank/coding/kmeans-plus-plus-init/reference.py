import numpy as np


def kmeans_pp_init(X: np.ndarray, k: int, u: np.ndarray) -> list[int]:
    X = np.asarray(X, dtype=float)
    n = len(X)
    # First centre: index floor(u[0] * n). Then each next centre is drawn with probability proportional to
    # D(x)^2, the squared distance to the nearest centre chosen so far, by inverting the cumulative sum with u[j].
    chosen = [min(int(u[0] * n), n - 1)]
    d2 = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for j in range(1, k):
        total = d2.sum()
        if total == 0:  # every point already coincides with a centre: take the first unchosen index
            chosen.append(next(i for i in range(n) if i not in chosen))
        else:
            cum = np.cumsum(d2)
            idx = int(np.searchsorted(cum, u[j] * total, side="right"))
            chosen.append(min(idx, n - 1))
        d2 = np.minimum(d2, ((X - X[chosen[-1]]) ** 2).sum(axis=1))
    return chosen
