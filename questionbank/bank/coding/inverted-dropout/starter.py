import numpy as np


def dropout(x: np.ndarray, p: float, u: np.ndarray, training: bool = True) -> np.ndarray:
    """Inverted dropout: drop units where u < p and rescale the rest, in training; identity at inference."""
    out = np.array(x, dtype=float)
    # your code here
    return out
