import numpy as np


def dropout(x, p, u, training=True):
    # Reads p as the keep probability: drops where u >= p.
    x = np.asarray(x, dtype=float)
    if not training or p == 0:
        return x.copy()
    return np.where(np.asarray(u) < p, x / p, 0.0)
