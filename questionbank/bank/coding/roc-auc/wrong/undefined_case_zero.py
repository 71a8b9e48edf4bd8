import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    pos = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=float)
    n_pos = int(pos.sum())
    n_neg = len(pos) - n_pos
    # Returns 0.0 for the undefined case instead of NaN.
    if n_pos == 0 or n_neg == 0:
        return 0.0
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    avg_rank = np.cumsum(counts) - (counts - 1) / 2.0
    u = avg_rank[inverse][pos].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
