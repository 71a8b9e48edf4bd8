import numpy as np


def _soft(a, t):
    return a - t if a > t else a + t if a < -t else 0.0


def generate(seed, n, d, n_sweeps, alpha, l1_ratio, n_nonzero=5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0, size=d)  # columns on different scales
    X[:, 1] = X[:, 0] * 0.9 + rng.normal(0, 0.3, size=n)  # two correlated columns
    X -= X.mean(axis=0)
    true_w = np.zeros(d)
    true_w[rng.choice(d, size=n_nonzero, replace=False)] = rng.normal(0, 2, size=n_nonzero)
    y = X @ true_w + rng.normal(0, 0.5, size=n)
    y -= y.mean()
    # The partial residual is recomputed from scratch for every coordinate (no running residual).
    w = np.zeros(d)
    for _ in range(n_sweeps):
        for j in range(d):
            others = X @ w - X[:, j] * w[j]
            rho = float(np.mean(X[:, j] * (y - others)))
            den = float(np.mean(X[:, j] ** 2)) + alpha * (1 - l1_ratio)
            w[j] = _soft(rho, alpha * l1_ratio) / den if den > 0 else 0.0
    return {"args": [X, y, alpha, l1_ratio, n_sweeps], "expected": w}
