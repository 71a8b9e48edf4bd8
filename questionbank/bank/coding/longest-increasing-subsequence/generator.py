from bisect import bisect_left

import numpy as np


def generate(seed, n, distinct=None):
    rng = np.random.default_rng(seed)
    high = distinct if distinct else 10**9
    xs = rng.integers(0, high, size=n).tolist()
    tails = []
    for x in xs:
        i = bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return {"args": [xs], "kwargs": {}, "expected": len(tails)}
