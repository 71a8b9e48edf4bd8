import numpy as np


def generate(seed, n_q=40, n_items=1000, d=32, k=10, n_dupes=150):
    rng = np.random.default_rng(seed)
    # Small integer coordinates keep the data compact and make scaled copies exact.
    items = rng.integers(-9, 10, size=(n_items, d)).astype(np.float64)
    src = rng.integers(0, n_items, size=n_dupes)
    dst = rng.choice(n_items, size=n_dupes, replace=False)
    items[dst] = items[src] * rng.integers(2, 4, size=(n_dupes, 1))  # scaled copies tie in cosine
    items[dst[:3]] = 0.0  # a few zero vectors
    queries = rng.integers(-9, 10, size=(n_q, d)).astype(np.float64)
    queries[: n_q // 2] = items[rng.integers(0, n_items, size=n_q // 2)]  # queries that have exact matches
    qn = np.linalg.norm(queries, axis=1)
    vn = np.linalg.norm(items, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sim = (queries @ items.T) / np.outer(qn, vn)
    sim = np.round(np.nan_to_num(sim, nan=0.0, posinf=0.0, neginf=0.0), 9)
    top = np.lexsort((np.broadcast_to(np.arange(n_items), sim.shape), -sim), axis=1)[:, :k]
    return {"args": [queries, items, k], "kwargs": {}, "expected": top.astype(np.int64)}
