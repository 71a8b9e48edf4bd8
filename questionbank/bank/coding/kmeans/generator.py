import numpy as np


def _lloyd(X, k, n_iters):
    C = X[:k].copy()
    prev = None
    for _ in range(n_iters):
        dist = np.stack([((X - c) ** 2).sum(axis=1) for c in C], axis=1)
        lab = np.argmin(dist, axis=1)
        if prev is not None and (lab == prev).all():
            break
        prev = lab
        for j in range(k):
            mask = lab == j
            if mask.any():
                C[j] = X[mask].mean(axis=0)
    return prev


def generate(seed, n=300, k=4, d=2, spread=1.0):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-20, 20, size=(k, d))
    which = rng.integers(0, k, size=n)
    X = centers[which] + rng.normal(0.0, spread, size=(n, d))
    return {"args": [X, k], "kwargs": {}, "expected": _lloyd(X, k, 100).tolist()}
