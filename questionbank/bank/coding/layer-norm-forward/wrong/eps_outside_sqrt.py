import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    # Adds eps to the standard deviation instead of to the variance.
    x = np.asarray(x, dtype=float)
    mean = x.mean(axis=-1, keepdims=True)
    std = x.std(axis=-1, keepdims=True)
    return gamma * (x - mean) / (std + eps) + beta
