import math

import numpy as np


def generate(seed, steps, size, scale=1.0, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8):
    rng = np.random.default_rng(seed)
    w0 = rng.normal(size=size)
    grads = rng.normal(0.2, 1.0, size=(steps, size)) * scale
    # Scalar Python per weight, independent of any vectorised code.
    out = np.empty((steps, size))
    for j in range(size):
        w, m, v = float(w0[j]), 0.0, 0.0
        for t in range(1, steps + 1):
            g = float(grads[t - 1, j])
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            w -= lr * (m / (1 - beta1**t)) / (math.sqrt(v / (1 - beta2**t)) + eps)
            out[t - 1, j] = w
    return {
        "args": [w0, grads],
        "kwargs": {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps},
        "expected": out,
    }
