import numpy as np


def linear_regression_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_iters: int = 1000) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        w -= lr * X.T @ (X @ w + b - y) / n
        # The bias step uses the residual of the *new* w: not a simultaneous update.
        b -= lr * np.mean(X @ w + b - y)
    return np.concatenate([[b], w])
