import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # Stable: never exponentiates a large positive number.
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def logistic_regression_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, lr: float = 0.1, n_iters: int = 1000
) -> np.ndarray:
    X_train = np.asarray(X_train, dtype=float)
    y = np.asarray(y_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float).reshape(-1, X_train.shape[1])
    n, d = X_train.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        err = _sigmoid(X_train @ w + b) - y  # gradient of the mean log loss w.r.t. the logits
        w -= lr * (X_train.T @ err) / n
        b -= lr * err.mean()
    # p >= 0.5 exactly when the logit is >= 0
    return (X_test @ w + b >= 0).astype(np.int64)
