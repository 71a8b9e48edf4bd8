import numpy as np


def dropout(x, p, u, training=True):
    # Drops units but never rescales the kept ones, so the expected activation shrinks by (1 - p).
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy()
    return np.where(np.asarray(u) >= p, x, 0.0)
