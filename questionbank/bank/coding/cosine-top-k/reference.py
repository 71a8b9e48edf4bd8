import numpy as np


def _unit_rows(a: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(a, axis=1, keepdims=True)
    # A zero row stays zero, so all of its similarities are 0.
    return np.divide(a, norms, out=np.zeros_like(a), where=norms > 0)


def cosine_top_k(queries: np.ndarray, items: np.ndarray, k: int) -> np.ndarray:
    q = _unit_rows(np.asarray(queries, dtype=float))
    v = _unit_rows(np.asarray(items, dtype=float))
    sim = np.round(q @ v.T, 9)
    k = min(k, v.shape[0])
    # Stable sort on the negated similarity keeps smaller indices first among ties.
    return np.argsort(-sim, axis=1, kind="stable")[:, :k].astype(np.int64)
