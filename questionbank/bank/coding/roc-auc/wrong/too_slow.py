import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    y = np.asarray(y_true).tolist()
    s = np.asarray(scores, dtype=float).tolist()
    pos = [si for si, yi in zip(s, y, strict=True) if yi == 1]
    neg = [si for si, yi in zip(s, y, strict=True) if yi != 1]
    if not pos or not neg:
        return float("nan")
    # The definition, pair by pair: right, but O(n_pos * n_neg) Python steps.
    total = 0.0
    for p in pos:
        for q in neg:
            total += 1.0 if p > q else 0.5 if p == q else 0.0
    return total / (len(pos) * len(neg))
