import numpy as np


def generate(seed, n, low, high, target):
    rng = np.random.default_rng(seed)
    xs = rng.integers(low, high + 1, size=n).tolist()
    seen = {0: 1}
    total = count = 0
    for x in xs:
        total += x
        count += seen.get(total - target, 0)
        seen[total] = seen.get(total, 0) + 1
    return {"args": [xs, target], "kwargs": {}, "expected": count}
