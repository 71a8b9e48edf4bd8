import numpy as np


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    # Statistics over the last axis only: each token (row) is normalised on its own, whatever the batch.
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred**2).mean(axis=-1, keepdims=True)  # biased variance from centred values
    return gamma * centred / np.sqrt(var + eps) + beta
