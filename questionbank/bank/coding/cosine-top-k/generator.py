import numpy as np


def generate(seed, n_q=50, n_items=2000, d=64, k=10, n_dupes=200):
    rng = np.random.default_rng(seed)
    items = rng.normal(size=(n_items, d)) * rng.uniform(0.1, 10.0, size=(n_items, 1))
    queries = rng.normal(size=(n_q, d))
    # Plant near-duplicates of the queries' nearest region: scaled copies tie exactly in cosine.
    src = rng.integers(0, n_items, size=n_dupes)
    dst = rng.choice(n_items, size=n_dupes, replace=False)
    items[dst] = items[src] * rng.uniform(0.5, 3.0, size=(n_dupes, 1))
    queries[: n_q // 2] = items[rng.integers(0, n_items, size=n_q // 2)] * 0.7
    qn = np.linalg.norm(queries, axis=1)
    vn = np.linalg.norm(items, axis=1)
    sim = np.round((queries @ items.T) / np.outer(qn, vn), 9)
    top = np.lexsort((np.broadcast_to(np.arange(n_items), sim.shape), -sim), axis=1)[:, :k]
    return {"args": [queries, items, k], "kwargs": {}, "expected": top.astype(np.int64)}
