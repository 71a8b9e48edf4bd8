import numpy as np


def cross_entropy_from_logits(logits: np.ndarray, labels: np.ndarray) -> float:
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels, dtype=np.int64)
    m = z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    # Summed over the batch instead of averaged.
    return float(np.sum(lse - z[np.arange(len(z)), labels]))
