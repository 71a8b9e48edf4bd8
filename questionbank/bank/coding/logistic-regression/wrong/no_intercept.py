import numpy as np


def logistic_regression_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, lr: float = 0.1, n_iters: int = 1000
) -> np.ndarray:
    X_train = np.asarray(X_train, dtype=float)
    y = np.asarray(y_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float).reshape(-1, X_train.shape[1])
    w = np.zeros(X_train.shape[1])
    # No intercept: the decision boundary is forced through the origin.
    for _ in range(n_iters):
        p = 1.0 / (1.0 + np.exp(-(X_train @ w)))
        w -= lr * X_train.T @ (p - y) / len(y)
    p_test = 1.0 / (1.0 + np.exp(-(X_test @ w)))
    return (p_test >= 0.5).astype(np.int64)
