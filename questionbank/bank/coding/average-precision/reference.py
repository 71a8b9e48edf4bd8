import numpy as np


def average_precision(y_true: np.ndarray, scores: np.ndarray) -> float:
    y = np.asarray(y_true)
    s = np.asarray(scores, dtype=float)
    n_pos = int(y.sum())
    if n_pos == 0:
        return 0.0
    order = np.argsort(-s, kind="stable")
    y, s = y[order], s[order]
    tp = np.cumsum(y)
    # One threshold per distinct score: tied examples enter the ranking together.
    last_of_tie = np.r_[s[1:] != s[:-1], True]
    tp_at = tp[last_of_tie].astype(float)
    k_at = (np.flatnonzero(last_of_tie) + 1).astype(float)
    precision = tp_at / k_at
    recall_gain = np.diff(np.r_[0.0, tp_at]) / n_pos
    return float(np.sum(precision * recall_gain))
