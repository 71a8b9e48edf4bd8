import numpy as np


def generate(seed, n, k):
    rng = np.random.default_rng(seed)
    stream = rng.integers(0, 10**9, size=n).tolist()
    u = rng.random(n).tolist()
    reservoir = stream[:k]
    for i in range(k, n):
        j = int(u[i] * (i + 1))
        if j < k:
            reservoir[j] = stream[i]
    return {"args": [stream, k, u], "kwargs": {}, "expected": reservoir}
