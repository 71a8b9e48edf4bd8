import numpy as np


def cosine_top_k(queries: np.ndarray, items: np.ndarray, k: int) -> np.ndarray:
    q = np.asarray(queries, dtype=float)
    v = np.asarray(items, dtype=float)
    qn = np.linalg.norm(q, axis=1, keepdims=True)
    vn = np.linalg.norm(v, axis=1, keepdims=True)
    q = np.divide(q, qn, out=np.zeros_like(q), where=qn > 0)
    v = np.divide(v, vn, out=np.zeros_like(v), where=vn > 0)
    # No rounding and the default (unstable) sort: floating-point noise and quicksort decide ties.
    sim = q @ v.T
    return np.argsort(-sim, axis=1)[:, : min(k, len(v))].astype(np.int64)
