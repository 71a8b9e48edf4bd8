import math

import numpy as np


def _loss(X, y, w):
    total = 0.0
    for row, label in zip(X.tolist(), y.tolist(), strict=True):
        z = sum(a * b for a, b in zip(row, w, strict=True))
        total += (max(z, 0.0) + math.log1p(math.exp(-abs(z)))) - label * z
    return total / len(y)


def generate(seed, n, d, bug, eps=1e-5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < 0.5).astype(float)
    w = rng.normal(size=d) * 0.3
    z = X @ w
    grad = X.T @ ((z if bug else 1 / (1 + np.exp(-z))) - y) / n
    wl = w.tolist()
    numeric = []
    for i in range(d):
        up, down = list(wl), list(wl)
        up[i] += eps
        down[i] -= eps
        numeric.append((_loss(X, y, up) - _loss(X, y, down)) / (2 * eps))
    numeric = np.array(numeric)
    denom = np.linalg.norm(grad) + np.linalg.norm(numeric)
    rel = 0.0 if denom == 0 else float(np.linalg.norm(grad - numeric) / denom)
    return {
        "args": [X, y, w, grad],
        "kwargs": {"eps": eps},
        "expected": {"numeric": numeric, "relative_error": rel},
    }
