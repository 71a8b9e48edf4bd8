import numpy as np


def generate(seed, n, horizon, longest):
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, horizon, size=n)
    ends = starts + rng.integers(1, longest + 1, size=n)
    jobs = np.stack([starts, ends], axis=1).tolist()
    events = sorted([(s, 1) for s, _ in jobs] + [(e, -1) for _, e in jobs])  # ends (-1) sort before starts
    running = best = 0
    for _, delta in events:
        running += delta
        best = max(best, running)
    return {"args": [jobs], "kwargs": {}, "expected": best}
