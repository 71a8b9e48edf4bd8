import numpy as np


def average_precision(y_true, scores):
    # Computes ROC AUC (the chance a positive outranks a negative), a different metric.
    y = np.asarray(y_true)
    s = np.asarray(scores, float)
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0:
        return 0.0
    if len(neg) == 0:
        return 1.0
    ranks = np.argsort(np.argsort(np.r_[pos, neg], kind="stable"), kind="stable") + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))
