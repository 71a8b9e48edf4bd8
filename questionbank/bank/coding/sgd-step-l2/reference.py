import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp of a non-positive number only, so nothing overflows
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def sgd_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float, l2: float) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    err = _sigmoid(X @ w + b) - y
    grad_w = X.T @ err / len(y) + l2 * w  # weight decay on w only
    grad_b = err.mean()
    return np.append(w - lr * grad_w, b - lr * grad_b)
