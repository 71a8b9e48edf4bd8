import numpy as np


def average_precision(y_true, scores):
    # Integrates the PR curve with the trapezoid rule, which interpolates linearly and is optimistic.
    y = np.asarray(y_true)
    n_pos = y.sum()
    if n_pos == 0:
        return 0.0
    order = np.argsort(-np.asarray(scores, float), kind="stable")
    tp = np.cumsum(y[order])
    k = np.arange(1, len(y) + 1)
    precision = np.r_[1.0, tp / k]
    recall = np.r_[0.0, tp / n_pos]
    return float(np.sum(np.diff(recall) * (precision[1:] + precision[:-1]) / 2))
