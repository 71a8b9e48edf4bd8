import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    # Correct numbers, but overwrites the caller's array (the residual stream needs x unchanged).
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    x -= mean
    x /= np.sqrt(var + eps)
    x *= gamma
    x += beta
    return x
