import numpy as np


def sgd_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float, l2: float) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    grad_w = X.T @ (p - y) / len(y) + l2 * w
    # Regularises the intercept too.
    grad_b = np.mean(p - y) + l2 * b
    return np.append(w - lr * grad_w, b - lr * grad_b)
