import numpy as np


def generate(seed, shape=(64, 128), axis=-1, scale=50.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, scale, size=shape)
    m = np.max(x, axis=axis, keepdims=True)
    # log-sum-exp form: exp(x - lse)
    lse = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return {"args": [x], "kwargs": {"axis": axis}, "expected": np.exp(x - lse)}
