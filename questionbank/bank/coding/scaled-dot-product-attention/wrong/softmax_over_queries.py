import numpy as np


def attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(np.asarray(mask, dtype=bool), scores, -np.inf)
    # Softmax over axis -2 (the queries) instead of -1 (the keys).
    col_max = scores.max(axis=-2, keepdims=True)
    col_max = np.where(np.isfinite(col_max), col_max, 0.0)
    e = np.exp(scores - col_max)
    total = e.sum(axis=-2, keepdims=True)
    return np.divide(e, total, out=np.zeros_like(e), where=total > 0) @ V
