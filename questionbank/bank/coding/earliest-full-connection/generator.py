import numpy as np


def _earliest(n, logs):
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    groups = n
    if groups == 1:
        return 0
    for t, a, b in sorted(logs):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            groups -= 1
            if groups == 1:
                return t
    return -1


def generate(seed, n, extra, chain=False):
    rng = np.random.default_rng(seed)
    logs = []
    if chain:
        # Machine i joins i + 1 at increasing times: naive unions build a tall tree.
        times = np.sort(rng.choice(10**9, size=n - 1, replace=False))
        logs = [[int(times[i]), i + 1, i] for i in range(n - 1)]
    pairs = rng.integers(0, n, size=(extra, 2))
    times = rng.integers(0, 10**9, size=extra)
    logs += [[int(t), int(a), int(b)] for t, (a, b) in zip(times, pairs, strict=True)]
    order = rng.permutation(len(logs))
    logs = [logs[i] for i in order]
    return {"args": [n, logs], "kwargs": {}, "expected": _earliest(n, logs)}
