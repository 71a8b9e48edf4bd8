import numpy as np


def sgd_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float, l2: float) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    p = 0.5 * (1.0 + np.tanh(0.5 * (X @ w + b)))
    err = p - y
    w_new = w - lr * X.T @ err / len(y)
    # Decays the *updated* weights instead of using the gradient at the old ones.
    w_new = w_new - lr * l2 * w_new
    return np.append(w_new, b - lr * err.mean())
