import numpy as np


def linear_regression_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_iters: int = 1000) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        r = X @ w + b - y
        # both gradients come from the same residual, so the update is simultaneous
        grad_w = X.T @ r / n
        grad_b = r.mean()
        w -= lr * grad_w
        b -= lr * grad_b
    return np.concatenate([[b], w])
