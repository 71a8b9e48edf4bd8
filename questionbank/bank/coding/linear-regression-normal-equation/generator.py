import numpy as np


def generate(seed, n=500, d=8, noise=0.5, duplicate_column=False):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.uniform(-5, 5, size=d)
    if duplicate_column:
        X[:, -1] = 2.0 * X[:, 0]  # exact collinearity: only the min-norm answer is unique
    true = rng.normal(0.0, 2.0, size=d + 1)
    y = true[0] + X @ true[1:] + rng.normal(0.0, noise, size=n)
    A = np.concatenate([np.ones((n, 1)), X], axis=1)
    # minimum-norm least squares through the SVD pseudo-inverse
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    keep = s > s[0] * max(A.shape) * np.finfo(float).eps
    theta = Vt[keep].T @ ((U[:, keep].T @ y) / s[keep])
    return {"args": [X, y], "kwargs": {}, "expected": theta}
