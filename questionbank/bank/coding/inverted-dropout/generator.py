import numpy as np


def generate(seed, shape, p):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=tuple(shape))
    u = rng.random(size=tuple(shape))
    flat_x, flat_u = x.ravel().tolist(), u.ravel().tolist()
    out = np.array([xi / (1 - p) if ui >= p else 0.0 for xi, ui in zip(flat_x, flat_u, strict=True)]).reshape(
        x.shape
    )
    return {"args": [x, p, u], "kwargs": {}, "expected": out}
