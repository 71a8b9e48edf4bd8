import math

import numpy as np


def generate(seed, n, t, d, h):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, t, d))
    h0 = rng.normal(size=(n, h)) * 0.1
    W_xh = rng.normal(size=(d, h)) / math.sqrt(d)
    W_hh = rng.normal(size=(h, h)) / math.sqrt(h) * 0.9
    b = rng.normal(size=h) * 0.1
    # Per sequence and per step with explicit sums over einsum, independent of the batched matrix products.
    out = np.empty((n, t, h))
    for i in range(n):
        state = h0[i]
        for step in range(t):
            pre = np.einsum("d,dh->h", x[i, step], W_xh) + np.einsum("k,kh->h", state, W_hh) + b
            state = np.tanh(pre)
            out[i, step] = state
    return {"args": [x, h0, W_xh, W_hh, b], "kwargs": {}, "expected": out}
