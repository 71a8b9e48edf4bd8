import numpy as np


def average_precision(y_true, scores):
    # Treats every example as its own threshold, so tied scores are ranked by input order.
    y = np.asarray(y_true)
    n_pos = y.sum()
    if n_pos == 0:
        return 0.0
    order = np.argsort(-np.asarray(scores, float), kind="stable")
    ys = y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(y) + 1)
    return float(np.sum((tp / k) * ys) / n_pos)
