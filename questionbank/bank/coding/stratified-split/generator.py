import numpy as np


def generate(seed, n=1000, weights=(0.6, 0.25, 0.1, 0.05), test_percent=20):
    rng = np.random.default_rng(seed)
    labels = np.array([3, 0, 7, 1])[: len(weights)]  # label values need not be 0..k-1
    y = rng.choice(labels, size=n, p=np.array(weights) / np.sum(weights)).astype(np.int64)
    expected = []
    for c in sorted(set(y.tolist())):
        expected.append([c, int(np.sum(y == c)) * test_percent // 100])
    return {"args": [y, test_percent], "kwargs": {"seed": seed}, "expected": expected}
