import numpy as np


def dropout(x: np.ndarray, p: float, u: np.ndarray, training: bool = True) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if not training or p == 0.0:
        return x.copy()  # inference: the identity, because training already rescaled the kept units
    keep = np.asarray(u) >= p  # each unit dropped with probability p (u is uniform on [0, 1))
    return np.where(keep, x / (1.0 - p), 0.0)
