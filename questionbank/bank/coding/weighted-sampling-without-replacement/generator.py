import math

import numpy as np


def generate(seed, n, k, tiny=False):
    rng = np.random.default_rng(seed)
    if tiny:
        weights = (10.0 ** rng.uniform(-300, 300, size=n)).tolist()
    else:
        weights = (1.0 / np.arange(1, n + 1) ** 1.1).tolist()
    u = rng.uniform(1e-12, 1.0, size=n).tolist()
    # Independent: full sort of (key, index) with the key in log space.
    order = sorted(range(n), key=lambda i: (-math.log(u[i]) / weights[i], i))
    return {"args": [weights, k, u], "kwargs": {}, "expected": order[:k]}
