import numpy as np


def generate(seed, n_max=2000, k_max=20):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, k_max + 1))
    n = int(rng.integers(k, n_max + 1))
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    idx = np.arange(n)
    folds = []
    for i in range(k):
        mask = (idx >= bounds[i]) & (idx < bounds[i + 1])
        folds.append([idx[~mask].tolist(), idx[mask].tolist()])
    return {"args": [n, k], "kwargs": {}, "expected": folds}
