import math

import numpy as np


def generate(seed, t, d, h, causal=True):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(t, d))
    Wq, Wk, Wv, Wo = (rng.normal(size=(d, d)) / math.sqrt(d) for _ in range(4))
    dh = d // h
    q, k, v = x @ Wq, x @ Wk, x @ Wv
    # Head by head and row by row: an independent formulation of the same computation.
    concat = np.zeros((t, d))
    for head in range(h):
        cols = slice(head * dh, (head + 1) * dh)
        for i in range(t):
            visible = i + 1 if causal else t
            s = k[:visible, cols] @ q[i, cols] / math.sqrt(dh)
            p = np.exp(s - s.max())
            concat[i, cols] = (p / p.sum()) @ v[:visible, cols]
    return {"args": [x, Wq, Wk, Wv, Wo, h], "kwargs": {"causal": causal}, "expected": concat @ Wo}
