import numpy as np


def linear_regression_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_iters: int = 1000) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    # The bias is never trained: the line is forced through the origin.
    for _ in range(n_iters):
        w -= lr * X.T @ (X @ w - y) / n
    return np.concatenate([[0.0], w])
