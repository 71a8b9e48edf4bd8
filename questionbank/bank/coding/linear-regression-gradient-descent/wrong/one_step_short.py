import numpy as np


def linear_regression_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_iters: int = 1000) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    # Off by one: n_iters - 1 steps.
    for _ in range(1, n_iters):
        r = X @ w + b - y
        w -= lr * X.T @ r / n
        b -= lr * r.mean()
    return np.concatenate([[b], w])
