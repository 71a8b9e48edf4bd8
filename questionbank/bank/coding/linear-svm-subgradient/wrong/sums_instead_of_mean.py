import numpy as np


def svm_subgradient(X: np.ndarray, y: np.ndarray, lam: float, lr: float, n_steps: int) -> tuple:
    # Sums the hinge subgradients over the samples instead of averaging them.
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    _, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        margins = y * (X @ w + b)
        active = margins < 1  # a margin of exactly 1 has zero hinge loss and contributes nothing
        coef = np.where(active, y, 0.0)
        grad_w = lam * w - X.T @ coef
        grad_b = -coef.sum()
        w, b = w - lr * grad_w, b - lr * grad_b
    return w, float(b)
