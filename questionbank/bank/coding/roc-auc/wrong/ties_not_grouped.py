import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    y = np.asarray(y_true)
    order = np.argsort(-np.asarray(scores, dtype=float))
    y = y[order]
    n_pos = y.sum()
    n_neg = len(y) - n_pos
    # One ROC point per sample: tied scores are walked through in whatever order the sort
    # left them, instead of being added to the curve together.
    tpr = np.concatenate([[0.0], np.cumsum(y) / n_pos])
    fpr = np.concatenate([[0.0], np.cumsum(1 - y) / n_neg])
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2))
