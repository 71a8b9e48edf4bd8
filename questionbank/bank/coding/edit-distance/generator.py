import numpy as np


def _distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]


def generate(seed, n, m, alphabet, noisy_copy=False):
    rng = np.random.default_rng(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"[:alphabet]
    a = "".join(rng.choice(list(letters), size=n))
    if noisy_copy:
        chars = list(a)
        for _ in range(n // 10):
            i = int(rng.integers(0, len(chars)))
            op = int(rng.integers(0, 3))
            if op == 0:
                chars[i] = letters[int(rng.integers(0, alphabet))]
            elif op == 1:
                del chars[i]
            else:
                chars.insert(i, letters[int(rng.integers(0, alphabet))])
        b = "".join(chars)
    else:
        b = "".join(rng.choice(list(letters), size=m))
    return {"args": [a, b], "kwargs": {}, "expected": _distance(a, b)}
