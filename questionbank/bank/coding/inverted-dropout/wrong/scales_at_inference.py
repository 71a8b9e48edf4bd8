import numpy as np


def dropout(x, p, u, training=True):
    # Mixes the two conventions: rescales in training and also multiplies by (1 - p) at inference.
    x = np.asarray(x, dtype=float)
    if not training:
        return x * (1 - p)
    return np.where(np.asarray(u) >= p, x / (1 - p), 0.0)
