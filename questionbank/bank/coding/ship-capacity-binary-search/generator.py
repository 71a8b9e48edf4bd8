import numpy as np


def _days_needed(weights, cap):
    days, load = 1, 0
    for w in weights:
        if load + w > cap:
            days, load = days + 1, 0
        load += w
    return days


def generate(seed, n, days, high):
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, high + 1, size=n).tolist()
    lo, hi = max(weights), sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if _days_needed(weights, mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return {"args": [weights, days], "kwargs": {}, "expected": lo}
