import numpy as np


def knn_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int) -> np.ndarray:
    X_train = np.asarray(X_train, dtype=float)
    # An empty X_test may come as shape (0,): give it the training dimension.
    X_test = np.asarray(X_test, dtype=float).reshape(-1, X_train.shape[1])
    y_train = np.asarray(y_train)
    # Squared distances (n_test, n_train); the square root does not change the order.
    d2 = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2)
    # A stable sort keeps the lower training index first among equal distances.
    nearest = np.argsort(d2, axis=1, kind="stable")[:, :k]
    labels = y_train[nearest]
    preds = np.empty(len(X_test), dtype=np.int64)
    for i, row in enumerate(labels):
        # bincount + argmax: argmax returns the first (smallest) label among the tied counts.
        preds[i] = np.bincount(row).argmax()
    return preds
