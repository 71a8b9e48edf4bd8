import math

import numpy as np


def generate(seed, m=64, d=50, lr=0.05, l2=0.01, scale=1.0):
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, scale, size=d)
    b = float(rng.normal(0.0, 2.0))
    X = rng.normal(size=(m, d))
    y = rng.integers(0, 2, size=m)
    gw = [l2 * wj for wj in w.tolist()]
    gb = 0.0
    for xi, yi in zip(X.tolist(), y.tolist(), strict=True):
        z = sum(a * c for a, c in zip(xi, w.tolist(), strict=True)) + b
        p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        for j in range(d):
            gw[j] += (p - yi) * xi[j] / m
        gb += (p - yi) / m
    new = [wj - lr * g for wj, g in zip(w.tolist(), gw, strict=True)] + [b - lr * gb]
    return {"args": [w, b, X, y, lr, l2], "kwargs": {}, "expected": np.array(new)}
