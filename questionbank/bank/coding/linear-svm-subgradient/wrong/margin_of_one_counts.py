import numpy as np


def svm_subgradient(X: np.ndarray, y: np.ndarray, lam: float, lr: float, n_steps: int) -> tuple:
    # Treats a margin of exactly 1 as a violation (<= instead of <).
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        margins = y * (X @ w + b)
        active = margins <= 1
        coef = np.where(active, y, 0.0)
        grad_w = lam * w - X.T @ coef / n
        grad_b = -coef.sum() / n  # the bias is not regularised
        w, b = w - lr * grad_w, b - lr * grad_b
    return w, float(b)
