import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax of x along axis, stable for very large or very small logits (and -inf entries)."""
    # your code here
    return np.asarray(x, dtype=float)
