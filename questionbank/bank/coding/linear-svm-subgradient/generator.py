import numpy as np


def generate(seed, n, d, n_steps, lam, lr, overlap=1.0):
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(n) < 0.6, 1, -1).astype(np.int64)
    centre = rng.normal(0, 1, size=d)
    X = rng.normal(0, overlap, size=(n, d)) + np.outer(y, centre) * 0.8 + 0.5
    # The loss side of the hinge (1 - m > 0) and sums of per-sample terms, not a matrix-vector product.
    w, b = np.zeros(d), 0.0
    yf = y.astype(float)
    for _ in range(n_steps):
        hinge = 1.0 - yf * ((X * w).sum(axis=1) + b)
        on = hinge > 0
        gw = lam * w - (yf[on, None] * X[on]).sum(axis=0) / n
        gb = -yf[on].sum() / n
        w = w - lr * gw
        b = b - lr * gb
    return {"args": [X, y, lam, lr, n_steps], "expected": [w, float(b)]}
