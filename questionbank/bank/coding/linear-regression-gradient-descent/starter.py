import numpy as np


def linear_regression_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_iters: int = 1000) -> np.ndarray:
    """Full-batch gradient descent on J = (1/(2n)) * ||X w + b - y||^2, from w = 0, b = 0.

    Every step: r = X w + b - y; w -= lr * X.T r / n; b -= lr * mean(r) (simultaneous update).
    Returns theta of shape (d + 1,) = [b, w_1, ..., w_d] after exactly n_iters steps.
    """
    # your code here
    return np.zeros(X.shape[1] + 1)
