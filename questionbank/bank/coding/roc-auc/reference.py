import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    pos = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=float)
    n_pos = int(pos.sum())
    n_neg = len(pos) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    # Average ranks (1-based): tied scores share the mean of the ranks they span.
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)
    avg_rank = upper - (counts - 1) / 2.0
    ranks = avg_rank[inverse]
    # Mann-Whitney U of the positives, normalised by the number of pairs.
    u = ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
