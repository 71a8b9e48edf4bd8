import numpy as np


def generate(seed, n=200000, vocab=5000, k=25, zipf=1.1):
    rng = np.random.default_rng(seed)
    words = [
        "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyzAB"), size=int(rng.integers(1, 7))))
        for _ in range(vocab)
    ]
    ids = np.minimum(rng.zipf(zipf, size=n), vocab) - 1
    tokens = [words[i] for i in ids.tolist()]
    counts = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    ranked = sorted(counts, key=lambda t: (-counts[t], t))
    return {"args": [tokens, k], "kwargs": {}, "expected": ranked[:k]}
