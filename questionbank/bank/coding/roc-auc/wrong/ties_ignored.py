import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    pos = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=float)
    n_pos = int(pos.sum())
    n_neg = len(pos) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    # Ordinal ranks from argsort: tied scores get distinct ranks instead of their average.
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
