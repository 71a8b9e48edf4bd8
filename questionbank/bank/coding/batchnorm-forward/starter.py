import numpy as np


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Training-mode batch norm. x is (N, D) or (N, C, H, W); statistics per feature/channel,
    biased variance, eps inside the square root."""
    # your code here
    return np.asarray(x, dtype=float)
