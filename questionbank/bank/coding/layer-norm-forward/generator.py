import numpy as np


def generate(seed, shape, offset=0.0, eps=1e-5):
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, rng.uniform(0.5, 3.0), size=tuple(shape)) + offset
    d = shape[-1]
    gamma = rng.uniform(0.5, 2.0, size=d)
    beta = rng.normal(size=d)
    rows = x.reshape(-1, d)
    out = np.empty_like(rows)
    for i, row in enumerate(rows):  # row by row, two-pass, in long double-free plain numpy
        mu = row.sum() / d
        var = ((row - mu) ** 2).sum() / d
        out[i] = (row - mu) / np.sqrt(var + eps) * gamma + beta
    return {"args": [x, gamma, beta], "kwargs": {"eps": eps}, "expected": out.reshape(x.shape)}
