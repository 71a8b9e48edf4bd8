import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    # E[x^2] - E[x]^2 cancels catastrophically when the values sit on a large offset.
    x = np.asarray(x, dtype=float)
    mean = x.mean(axis=-1, keepdims=True)
    var = np.maximum((x * x).mean(axis=-1, keepdims=True) - mean**2, 0.0)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
