import math

import numpy as np


def generate(seed, n, d, h, k, scale=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X[rng.random((n, d)) < 0.1] = 0.0
    # All-zero rows: their hidden inputs equal b1, which is exactly 0 for some units.
    X[: max(1, n // 20)] = 0.0
    y = rng.integers(0, k, size=n)
    W1 = rng.normal(0, 1 / math.sqrt(d), size=(d, h))
    b1 = rng.normal(0, 0.1, size=h)
    b1[: h // 4] = 0.0
    W2 = rng.normal(0, scale / math.sqrt(h), size=(h, k))
    b2 = rng.normal(0, 0.1, size=k)
    # One sample at a time, gradients accumulated as outer products (independent of the batched matrix form).
    loss, dW1, db1, dW2, db2 = 0.0, np.zeros((d, h)), np.zeros(h), np.zeros((h, k)), np.zeros(k)
    for i in range(n):
        z1 = X[i] @ W1 + b1
        a = np.where(z1 > 0, z1, 0.0)
        z2 = a @ W2 + b2
        lse = np.logaddexp.reduce(z2)
        loss += (lse - z2[y[i]]) / n
        g2 = np.exp(z2 - lse)
        g2[y[i]] -= 1.0
        g2 /= n
        dW2 += np.outer(a, g2)
        db2 += g2
        g1 = (W2 @ g2) * (z1 > 0)
        dW1 += np.outer(X[i], g1)
        db1 += g1
    return {
        "args": [X, y, W1, b1, W2, b2],
        "expected": {"loss": loss, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2},
    }
