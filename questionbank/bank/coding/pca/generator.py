import numpy as np


def generate(seed, n=500, d=10, k=3):
    rng = np.random.default_rng(seed)
    # Distinct variances along random orthogonal axes, plus an offset so centring matters.
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    scales = np.linspace(10.0, 1.0, d)
    X = (rng.normal(size=(n, d)) * scales) @ Q.T + rng.uniform(-20, 20, size=d)
    Xc = X - X.mean(axis=0)
    vals, vecs = np.linalg.eigh(np.cov(Xc, rowvar=False))
    W = vecs[:, np.argsort(vals)[::-1][:k]]
    for j in range(k):
        if W[np.argmax(np.abs(W[:, j])), j] < 0:
            W[:, j] = -W[:, j]
    return {"args": [X, k], "kwargs": {}, "expected": Xc @ W}
