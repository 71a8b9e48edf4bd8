import numpy as np


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1) -> np.ndarray:
    """Valid (no padding) 2-D cross-correlation with stride.

    x: (N, C_in, H, W), w: (C_out, C_in, KH, KW), b: (C_out,).
    Returns (N, C_out, (H - KH) // stride + 1, (W - KW) // stride + 1).
    """
    # your code here
    return np.zeros((x.shape[0], w.shape[0], 1, 1))
