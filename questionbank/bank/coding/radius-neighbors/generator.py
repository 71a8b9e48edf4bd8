import numpy as np


def generate(seed, n=10000, d=3, r=10, grid=True):
    rng = np.random.default_rng(seed)
    if grid:
        X = rng.integers(-15, 16, size=(n, d)).astype(
            float
        )  # integer grid: many points exactly at distance r
        query = rng.integers(-5, 6, size=d).astype(float)
    else:
        X = np.round(rng.normal(0.0, 10.0, size=(n, d)), 3)
        query = np.round(rng.normal(0.0, 3.0, size=d), 3)
    inside = [
        i
        for i, row in enumerate(X.tolist())
        if sum((a - b) ** 2 for a, b in zip(row, query.tolist(), strict=True)) <= r * r
    ]
    rng.shuffle(inside)  # the order is free; shuffling shows that
    return {"args": [X, query, r], "kwargs": {}, "expected": inside}
