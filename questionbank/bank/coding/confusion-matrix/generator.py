import numpy as np


def generate(seed, n=20000, n_classes=10, accuracy=0.7):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, n_classes, size=n)
    wrong = rng.integers(0, n_classes, size=n)
    y_pred = np.where(rng.random(n) < accuracy, y_true, wrong)
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return {"args": [y_true, y_pred, n_classes], "kwargs": {}, "expected": cm}
