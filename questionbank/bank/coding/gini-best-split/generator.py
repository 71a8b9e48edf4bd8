import numpy as np


def _gini(labels):
    if len(labels) == 0:
        return 0.0
    _, c = np.unique(labels, return_counts=True)
    return 1.0 - float(np.sum((c / len(labels)) ** 2))


def generate(seed, n=300, d=5, n_classes=3, decimals=1):
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(0.0, 2.0, size=(n, d)), decimals)  # rounding gives repeated values
    score = X[:, 1] + 0.5 * X[:, 3] + rng.normal(0.0, 1.0, size=n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1])).astype(np.int64)
    best = None
    for j in range(d):
        vals = np.unique(X[:, j])
        for t in (vals[:-1] + vals[1:]) / 2:
            m = X[:, j] <= t
            g = (m.sum() * _gini(y[m]) + (~m).sum() * _gini(y[~m])) / n
            if best is None or g < best[2] - 1e-9:
                best = (j, float(t), g)
    return {"args": [X, y], "kwargs": {}, "expected": list(best)}
