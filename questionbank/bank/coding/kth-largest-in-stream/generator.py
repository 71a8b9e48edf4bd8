import heapq

import numpy as np


def generate(seed, n, k, rising=False):
    rng = np.random.default_rng(seed)
    scores = rng.integers(-(10**9), 10**9, size=n)
    if rising:
        scores = np.sort(scores)
    scores = scores.tolist()
    heap, out = [], []
    for s in scores:
        if len(heap) < k:
            heapq.heappush(heap, s)
        elif s > heap[0]:
            heapq.heapreplace(heap, s)
        out.append(heap[0] if len(heap) == k else None)
    return {"args": [k, scores], "kwargs": {}, "expected": out}
