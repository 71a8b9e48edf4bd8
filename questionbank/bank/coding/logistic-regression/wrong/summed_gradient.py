import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_regression_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, lr: float = 0.1, n_iters: int = 1000
) -> np.ndarray:
    X_train = np.asarray(X_train, dtype=float)
    y = np.asarray(y_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float).reshape(-1, X_train.shape[1])
    w = np.zeros(X_train.shape[1])
    b = 0.0
    for _ in range(n_iters):
        err = _sigmoid(X_train @ w + b) - y
        # Summed, not averaged: the step grows with n and the weights after n_iters steps differ.
        w -= lr * X_train.T @ err
        b -= lr * err.sum()
    return (X_test @ w + b >= 0).astype(np.int64)
