import math

import numpy as np


def generate(seed, n_docs=200, vocab_size=60, max_len=30):
    rng = np.random.default_rng(seed)
    words = [f"w{i:03d}" for i in range(vocab_size)]
    p = 1.0 / np.arange(1, vocab_size + 1)  # Zipf-like: a few very common words
    p /= p.sum()
    docs = []
    for _ in range(n_docs):
        length = int(rng.integers(0, max_len + 1))
        docs.append([words[i] for i in rng.choice(vocab_size, size=length, p=p)])
    vocab = sorted({t for d in docs for t in d})
    df = {t: 0 for t in vocab}
    for d in docs:
        for t in set(d):
            df[t] += 1
    rows = []
    for d in docs:
        row = [d.count(t) * (math.log((1 + n_docs) / (1 + df[t])) + 1) for t in vocab]
        norm = math.sqrt(sum(v * v for v in row))
        rows.append([v / norm for v in row] if norm > 0 else row)
    return {
        "args": [docs],
        "kwargs": {},
        "expected": np.array(rows, dtype=np.float64).reshape(n_docs, len(vocab)),
    }
