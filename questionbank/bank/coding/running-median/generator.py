import heapq

import numpy as np


def generate(seed, n, drift=False):
    rng = np.random.default_rng(seed)
    xs = rng.integers(1, 10**6, size=n)
    if drift:
        xs = xs + np.arange(n) * 20
    xs = xs.tolist()
    low, high, out = [], [], []
    for x in xs:
        if low and x > -low[0]:
            heapq.heappush(high, x)
        else:
            heapq.heappush(low, -x)
        if len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
        elif len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        out.append(float(-low[0]) if len(low) > len(high) else (-low[0] + high[0]) / 2)
    return {"args": [xs], "kwargs": {}, "expected": out}
