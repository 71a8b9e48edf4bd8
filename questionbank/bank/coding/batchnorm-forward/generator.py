import numpy as np


def generate(seed, shape=(8, 16, 8, 8), offset=0.0, eps=1e-5):
    rng = np.random.default_rng(seed)
    shape = tuple(shape)
    c = shape[1]
    x = (
        rng.normal(0.0, 1.0, size=shape)
        * rng.uniform(0.1, 5.0, size=c).reshape((1, c) + (1,) * (len(shape) - 2))
        + offset
    )
    gamma = rng.uniform(0.5, 2.0, size=c)
    beta = rng.normal(size=c)
    # channel-last view: every channel's values in one row
    per_channel = np.moveaxis(x, 1, -1).reshape(-1, c)
    mu = np.array([np.mean(per_channel[:, j]) for j in range(c)])
    sd = np.array([np.sqrt(np.mean((per_channel[:, j] - mu[j]) ** 2) + eps) for j in range(c)])
    out = (per_channel - mu) / sd * gamma + beta
    out = np.moveaxis(out.reshape((shape[0], *shape[2:], c)), -1, 1)
    return {"args": [x, gamma, beta], "kwargs": {"eps": eps}, "expected": out}
