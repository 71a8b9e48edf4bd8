import numpy as np


def generate(seed, n, d, k):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 10, size=(k, d))
    X = centres[rng.integers(0, k, size=n)] + rng.normal(size=(n, d))
    u = rng.random(k)
    # Independent formulation: explicit loops over points for the distances and the inverse-CDF draw.
    chosen = [min(int(u[0] * n), n - 1)]
    d2 = [float(((X[i] - X[chosen[0]]) ** 2).sum()) for i in range(n)]
    for j in range(1, k):
        target, acc, pick = u[j] * sum(d2), 0.0, n - 1
        for i in range(n):
            acc += d2[i]
            if acc > target:
                pick = i
                break
        chosen.append(pick)
        c = X[pick]
        diff = ((X - c) ** 2).sum(axis=1)
        d2 = [min(a, float(b)) for a, b in zip(d2, diff, strict=True)]
    return {"args": [X, k, u], "kwargs": {}, "expected": chosen}
